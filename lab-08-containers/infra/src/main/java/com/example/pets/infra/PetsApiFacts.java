package com.example.pets.infra;

import java.util.List;

/**
 * What the infrastructure has to agree on with the Pets API code: its entry point, the values it reads
 * from its environment, and the values it writes into metric dimensions. They live in one place, and the
 * API's {@code InfrastructureAgreementTest} reads this file and fails when the two disagree: a renamed
 * route or namespace would otherwise show up as an empty dashboard graph, not as a failed build.
 */
final class PetsApiFacts {

    /** A RequestStreamHandler that adapts API Gateway REST proxy events to the Javalin app. */
    static final String HANDLER = "com.example.pets.lambda.StreamLambdaHandler::handleRequest";

    /** The `service` dimension and log field. */
    static final String SERVICE_NAME = "pets-api";

    /** The CloudWatch namespace of the custom (EMF) metrics. */
    static final String METRICS_NAMESPACE = "PetsApi";

    /** The API Gateway stage, and the `environment` dimension of the custom metrics. */
    static final String ENVIRONMENT = "prod";

    static final String LOG_LEVEL = "INFO";

    /**
     * Where the app sends its spans (OTLP/HTTP, {@code /v1/traces} appended): the app's own default, and on Lambda the
     * OTLP receiver of the ADOT collector extension ({@link CollectorLayer}) in the same execution environment.
     */
    static final String OTLP_ENDPOINT = "http://127.0.0.1:4318";

    /** The stage's throttling, which API Gateway applies to each method: a runaway client gets 429s, slowly billed. */
    static final int THROTTLING_BURST_LIMIT = 10;

    static final int THROTTLING_RATE_LIMIT = 2;

    /**
     * API Gateway compresses responses of at least this many bytes for clients that accept gzip, so the
     * application on Lambda does not compress: its compressed bodies would reach clients as base64 text.
     */
    static final int MINIMUM_COMPRESSION_SIZE = 1024;

    /** None: the API serves text (JSON, HTML, JavaScript, CSS) only, so nothing is decoded from base64. */
    static final List<String> BINARY_MEDIA_TYPES = List.of();

    /**
     * Values of the `route` dimension of RequestCount. The application reports the matched route
     * template (never the raw path, whose ids would create one metric per pet) and folds everything
     * else into `other`, so the number of series stays fixed.
     */
    static final List<String> METRIC_ROUTES =
            List.of("GET /pets", "POST /pets", "GET /pets/{id}", "PATCH /pets/{id}", "DELETE /pets/{id}", "other");

    private PetsApiFacts() {}
}
