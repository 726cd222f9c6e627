package com.example.pets.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * (a) The OpenTelemetry SDK inside the function. Each invocation continues the runtime's trace header
 * ({@link AwsXrayLambdaPropagator} reads the {@code com.amazonaws.xray.traceHeader} property, then
 * {@code _X_AMZN_TRACE_ID}), records the request and repository spans, lets the AWS SDK instrumentation add the
 * DynamoDB span, and flushes the batch before returning, because Lambda freezes the environment afterwards.
 */
public final class StreamLambdaHandler implements RequestStreamHandler {

    private static final TextMapGetter<Map<String, String>> NO_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final SdkTracerProvider tracerProvider;
    private final Tracer tracer;
    private final PetWrites pets;

    public StreamLambdaHandler() {
        var endpoint = System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
        var exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint + "/v1/traces")
                .setTimeout(Duration.ofSeconds(1))
                .build();
        tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "pets-api"))))
                .setIdGenerator(AwsXrayIdGenerator.getInstance())
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        var openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(AwsXrayPropagator.getInstance()))
                .build();
        tracer = openTelemetry.getTracer("pets-api");
        pets = new PetWrites(ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(AwsSdkTelemetry.create(openTelemetry).createExecutionInterceptor())
                .build());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var event = PetWrites.readEvent(input);
        var parent = AwsXrayLambdaPropagator.getInstance()
                .extract(io.opentelemetry.context.Context.root(), Map.of(), NO_HEADERS);
        var request = tracer.spanBuilder("POST /pets")
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (var requestScope = request.makeCurrent()) {
            request.setAttribute("http.route", "/pets");
            var repository = tracer.spanBuilder("PetRepository.save").startSpan();
            String id;
            try (var repositoryScope = repository.makeCurrent()) {
                id = pets.save(event);
            } finally {
                repository.end();
            }
            PetWrites.answerCreated(id, output);
        } finally {
            request.end();
            // Bounded: an unreachable endpoint costs at most this long, and the spans are dropped.
            tracerProvider.forceFlush().join(1, TimeUnit.SECONDS);
        }
    }
}
