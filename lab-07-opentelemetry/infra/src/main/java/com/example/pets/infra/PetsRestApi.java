package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
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
 * resources. A REST API rather than an HTTP API because only REST APIs support X-Ray active tracing.
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

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
