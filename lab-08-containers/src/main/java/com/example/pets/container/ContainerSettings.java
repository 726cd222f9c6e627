package com.example.pets.container;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * The container's settings, all from environment variables, as an orchestrator sets them:
 *
 * <ul>
 *   <li>{@code TABLE_NAME}: the DynamoDB table (required: the image knows no table of its own)
 *   <li>{@code PORT}: where the API listens (8080)
 *   <li>{@code POWERTOOLS_LOG_LEVEL}: the log level (INFO), as on Lambda
 *   <li>{@code SHUTDOWN_TIMEOUT_SECONDS}: how long requests in flight may take to finish after SIGTERM (20); ECS
 *       sends SIGKILL 30 s after SIGTERM by default, so the default leaves time to send telemetry and exit
 * </ul>
 *
 * <p>DynamoDB's endpoint, region and credentials come from the AWS SDK's own variables ({@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL_DYNAMODB}, the task role), the traces' endpoint from {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
public record ContainerSettings(String tableName, int port, Duration shutdownTimeout) {

    public static ContainerSettings from(Map<String, String> env) {
        var tableName = env.getOrDefault("TABLE_NAME", "");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME is not set; set it to the DynamoDB table of the pets.");
        }
        // Else every request would fail on DynamoDB's ValidationException, and /ready would blame DynamoDB.
        if (!tableName.matches("[A-Za-z0-9_.-]{3,255}|arn:aws[a-z-]*:dynamodb:\\S+:table/[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("TABLE_NAME=\"" + tableName
                    + "\" is not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -) or a table's ARN.");
        }
        // Logback reads a level it does not know as DEBUG: a typo would turn on every library's debug lines.
        var level = env.getOrDefault("POWERTOOLS_LOG_LEVEL", "INFO");
        if (!level.matches("(?i)TRACE|DEBUG|INFO|WARN|ERROR")) {
            throw new IllegalArgumentException("POWERTOOLS_LOG_LEVEL=\"" + level
                    + "\" is not a log level; set it to TRACE, DEBUG, INFO, WARN or ERROR, or unset it.");
        }
        url(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        url(env, "AWS_ENDPOINT_URL_DYNAMODB");
        return new ContainerSettings(
                tableName,
                number(env, "PORT", 8080, 1, 65535),
                Duration.ofSeconds(number(env, "SHUTDOWN_TIMEOUT_SECONDS", 20, 1, 120)));
    }

    /** The OTLP exporter and the AWS SDK would refuse a bad URL with a stack trace; say what to change instead. */
    private static void url(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value != null && !(value.matches("https?://[^\\s/]+(/\\S*)?") && hasHost(value))) {
            throw new IllegalArgumentException(name + "=\"" + value
                    + "\" is not an http:// or https:// URL without spaces; write one, or unset it.");
        }
    }

    /** What the exporter and the SDK parse it with: a broken %-escape or a character a URI cannot hold fails here. */
    private static boolean hasHost(String url) {
        try {
            return new URI(url).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        var value = env.getOrDefault(name, "");
        if (value.isBlank()) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException(name + "=" + value + " is not a number from " + min + " to " + max
                    + "; set it to one, or unset it.");
        }
        return Integer.parseInt(value);
    }
}
