package com.example.pets.storage;

import java.time.Duration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the DynamoDB client, once per process. The endpoint comes from the SDK's own settings, so setting
 * {@code AWS_ENDPOINT_URL_DYNAMODB} points the app at DynamoDB Local without any code of ours.
 */
public final class DynamoDbClients {

    /**
     * On Lambda a call gives up well inside the function timeout (15 s in lab-05): three attempts of at most one
     * second each, with the SDK's standard backoff between them, then a 503.
     */
    public static final Timeouts LAMBDA =
            new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3));

    /** On a laptop DynamoDB Local is slow to warm up; generous timeouts keep a busy machine from failing calls. */
    public static final Timeouts LOCAL =
            new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20));

    private DynamoDbClients() {}

    /** The function's client: {@link #LAMBDA} timeouts; endpoint, region and credentials from the environment. */
    public static DynamoDbClient forLambda() {
        return builder(LAMBDA).build();
    }

    /** The container's client: the same bounds, so a request there also gets its 503 within three seconds. */
    public static DynamoDbClient forContainer() {
        return builder(LAMBDA).build();
    }

    public static DynamoDbClientBuilder builder(Timeouts timeouts) {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.attempt()))
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.call())
                        .retryStrategy(RetryMode.STANDARD));
    }

    public record Timeouts(Duration connect, Duration attempt, Duration call) {}
}
