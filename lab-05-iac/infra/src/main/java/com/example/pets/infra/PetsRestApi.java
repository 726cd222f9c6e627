package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A REST API that sends every request to the function: {@code ANY /} and {@code ANY /{proxy+}}. Javalin
 * does the routing, validation and error responses, so API Gateway only needs to know the two proxy
 * resources, and gateway responses that give its own refusals the app's error shape. A REST API rather
 * than an HTTP API because only REST APIs support X-Ray active tracing.
 */
public class PetsRestApi extends Construct {

    /**
     * @param handler what API Gateway invokes (the function's {@code live} alias)
     * @param detailedMetrics per-method metrics on top of the free per-stage ones
     * @param logRetention how long CloudWatch keeps the access logs
     */
    public record Props(IFunction handler, boolean detailedMetrics, RetentionDays logRetention) {

        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(logRetention, "logRetention");
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IFunction handler;
            private boolean detailedMetrics = false;
            private RetentionDays logRetention = RetentionDays.TWO_WEEKS;

            public Builder handler(IFunction handler) {
                this.handler = handler;
                return this;
            }

            public Builder detailedMetrics(boolean detailedMetrics) {
                this.detailedMetrics = detailedMetrics;
                return this;
            }

            public Builder logRetention(RetentionDays logRetention) {
                this.logRetention = logRetention;
                return this;
            }

            public Props build() {
                return new Props(handler, detailedMetrics, logRetention);
            }
        }
    }

    /**
     * What API Gateway answers itself, before or instead of the function, in the API's one error shape (RFC 9457,
     * {@code application/problem+json}) instead of its default {@code {"message": ...}}: the types with a fixed
     * status that this API can meet, and the two defaults for every other one, such as the 502 of a function that
     * fails or answers with no proxy response. No {@code statusCode} is set, so each keeps API Gateway's status.
     * The local API Gateway ({@code local/apigateway/GatewayResponse}) answers with the same templates.
     *
     * <p>Not here, so they fall to a default: INTEGRATION_FAILURE (documented as 504, while failed functions reach
     * clients as 502: a fixed status could contradict the answer) and API_CONFIGURATION_ERROR, and the types of
     * features this API does not use (authorizers, API keys, request validators, usage plans, WAF).
     * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html (read
     * 2026-12-05). Nor REQUEST_TOO_LARGE: REST APIs cannot customize it, so a body over the 10 MB quota gets API
     * Gateway's 413 {@code {"message": "Request Too Long"}} whatever the stack says ("Amazon API Gateway important
     * notes", read 2026-12-07); the app's own limit is far lower, and answers with a problem.
     */
    private static final List<GatewayProblem> GATEWAY_RESPONSES = List.of(
            // A method that ANY does not cover.
            new GatewayProblem(ResponseType.MISSING_AUTHENTICATION_TOKEN, 403, "Forbidden"),
            // The stage's throttling.
            new GatewayProblem(ResponseType.THROTTLED, 429, "Too Many Requests"),
            // No answer from the function within the 29 s integration timeout.
            new GatewayProblem(ResponseType.INTEGRATION_TIMEOUT, 504, "Gateway Timeout"),
            new GatewayProblem(ResponseType.DEFAULT_4_XX, null, null),
            new GatewayProblem(ResponseType.DEFAULT_5_XX, null, null));

    /** A gateway response type and, when the type has a fixed one, its status and that status's reason phrase. */
    private record GatewayProblem(ResponseType type, Integer status, String title) {}

    private final LambdaRestApi api;

    public PetsRestApi(Construct scope, String id, Props props) {
        super(scope, id);

        var accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        api = LambdaRestApi.Builder.create(this, "RestApi")
                .restApiName(PetsApiFacts.SERVICE_NAME)
                .description("Pets API")
                .handler(props.handler())
                .proxy(true)
                // Regional: the edge-optimized default adds a CloudFront hop the course does not need.
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // API Gateway gzips responses from this size on when the client accepts it; with no binary media
                // types every response body is text and passes through as the function returned it.
                // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gzip-compression-decompression.html
                .minCompressionSize(Size.bytes(PetsApiFacts.MINIMUM_COMPRESSION_SIZE))
                .binaryMediaTypes(PetsApiFacts.BINARY_MEDIA_TYPES)
                // API Gateway writes the access log with a role set once per account and region
                // (AWS::ApiGateway::Account). That setting outlives any stack, so the account stack
                // (AccountStack, deployed first) holds the role; this API only uses it.
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(PetsApiFacts.ENVIRONMENT)
                        .tracingEnabled(true)
                        .metricsEnabled(props.detailedMetrics())
                        .throttlingBurstLimit(PetsApiFacts.THROTTLING_BURST_LIMIT)
                        .throttlingRateLimit(PetsApiFacts.THROTTLING_RATE_LIMIT)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(accessLogFormat()))
                        .build())
                .build();

        for (var response : GATEWAY_RESPONSES) {
            api.addGatewayResponse(
                    response.type().getResponseType(),
                    GatewayResponseOptions.builder()
                            .type(response.type())
                            .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                            .templates(Map.of("application/json", problemTemplate(response.status(), response.title())))
                            .build());
        }

        // LambdaRestApi adds an "Endpoint" output with a generated name; PetsStack outputs the same URL as
        // ApiUrl.
        api.getNode().tryRemoveChild("Endpoint");

        NagSuppressions.addResourceSuppressions(
                api,
                List.of(suppression(
                        "AwsSolutions-APIG2",
                        "Requests are validated by the application (Javalin validators answering with RFC 9457"
                                + " problem details); a proxy integration has no API Gateway models to check.")));
        NagSuppressions.addResourceSuppressions(
                api.getDeploymentStage(),
                List.of(
                        suppression(
                                "AwsSolutions-APIG3",
                                "AWS WAF costs a monthly fee per web ACL and rule; stage throttling limits abuse of"
                                        + " this course API."),
                        suppression(
                                "AwsSolutions-APIG6",
                                "Execution logs go to a log group that API Gateway creates itself, without retention,"
                                        + " and that survives cdk destroy; the access log and the function's JSON logs"
                                        + " cover each request.")));
        for (var method : api.getMethods()) {
            NagSuppressions.addResourceSuppressions(
                    method,
                    List.of(
                            suppression(
                                    "AwsSolutions-APIG4",
                                    "The Pets API is a public teaching API without users; authorization is outside"
                                            + " the scope of this lab."),
                            suppression(
                                    "AwsSolutions-COG4",
                                    "The Pets API is a public teaching API without users, so there is no Cognito"
                                            + " user pool to authorize against.")));
        }
    }

    public RestApi api() {
        return api;
    }

    public Stage stage() {
        return api.getDeploymentStage();
    }

    /** The base URL of the stage, ending in a slash. */
    public String url() {
        return api.getUrl();
    }

    /**
     * One JSON object per request, with the same key names as the application's own log lines so that a
     * Logs Insights query can read both log groups. The X-Ray trace id joins the two.
     */
    private static String accessLogFormat() {
        return """
                {"request_id":"$context.requestId",\
                "xray_trace_id":"$context.xrayTraceId",\
                "method":"$context.httpMethod",\
                "path":"$context.path",\
                "resource":"$context.resourcePath",\
                "status":$context.status,\
                "duration_ms":$context.responseLatency,\
                "integration_latency_ms":"$context.integrationLatency",\
                "response_length":"$context.responseLength",\
                "error_type":"$context.error.responseType",\
                "request_time":"$context.requestTime"}""";
    }

    /**
     * A gateway response body is a template with simple {@code $context} substitution, no VTL
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html,
     * read 2026-12-05), so it holds only what is safe to paste into JSON: {@code $context.error.messageString}, the
     * message already in quotes, as {@code detail}, and {@code $context.requestId} (a UUID, also the access log's
     * {@code request_id}) as {@code instance} and {@code correlation_id}
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html,
     * read 2026-12-05). The request path would need escaping, so it is left out. No variable holds the status
     * ({@code $context.status} is for access logs only): the defaults, whose status varies, leave out
     * {@code status} and {@code title}, as RFC 9457 allows, rather than state a wrong one.
     */
    static String problemTemplate(Integer status, String title) {
        var statusAndTitle = status == null ? "" : "\"title\":\"" + title + "\",\"status\":" + status + ",";
        return "{\"type\":\"about:blank\"," + statusAndTitle + "\"detail\":$context.error.messageString,"
                + "\"instance\":\"urn:uuid:$context.requestId\",\"correlation_id\":\"$context.requestId\"}";
    }

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
