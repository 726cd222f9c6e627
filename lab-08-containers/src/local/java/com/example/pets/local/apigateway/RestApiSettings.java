package com.example.pets.local.apigateway;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the deployed REST API is configured with, in the one place the local API Gateway reads it from. From lab-05
 * on the CDK stack deploys the same values (its {@code PetsApiFacts}), and a test fails when the two disagree, so
 * the local path and the deployed path cannot drift apart.
 *
 * @param stage the stage name, the first segment of every URL ({@code /prod/pets})
 * @param binaryMediaTypes the API's {@code binaryMediaTypes}: none, the API serves text only
 * @param minimumCompressionSize API Gateway gzips responses at least this large; {@code null} turns it off
 * @param throttlingBurstLimit the stage's burst limit (requests served at once before 429s)
 * @param throttlingRateLimit the stage's steady rate, requests per second
 */
public record RestApiSettings(
        String stage,
        List<String> binaryMediaTypes,
        Integer minimumCompressionSize,
        int throttlingBurstLimit,
        int throttlingRateLimit) {

    /**
     * Quotas of every REST API, not settings: "Payload size: 10 MB" and "Integration timeout: 50 milliseconds - 29
     * seconds" (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
     */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);

    /** The Pets API as the stack deploys it. */
    public static final RestApiSettings PETS_API = new RestApiSettings("prod", List.of(), 1024, 10, 2);

    public RestApiSettings {
        binaryMediaTypes = List.copyOf(binaryMediaTypes);
    }

    /** The same settings without throttling, for tests that send many requests at once. */
    public RestApiSettings unthrottled() {
        return new RestApiSettings(
                stage, binaryMediaTypes, minimumCompressionSize, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Whether a media type is one of the binary media types. Entries may use wildcards ({@code image/*},
     * {@code *}{@code /*}); parameters such as {@code ; charset=utf-8} are ignored.
     */
    public boolean isBinary(String mediaType) {
        if (mediaType == null || mediaType.isBlank()) {
            return false;
        }
        var type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (var binary : binaryMediaTypes) {
            var pattern = binary.strip().toLowerCase(Locale.ROOT);
            if (pattern.equals(type) || pattern.equals("*/*") || wildcardMatches(pattern, type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean wildcardMatches(String pattern, String type) {
        var slash = pattern.indexOf('/');
        return slash > 0 && pattern.endsWith("/*") && type.startsWith(pattern.substring(0, slash + 1));
    }
}
