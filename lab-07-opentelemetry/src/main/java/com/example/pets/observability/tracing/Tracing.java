package com.example.pets.observability.tracing;

import com.example.pets.observability.ObservabilitySettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.AwsXrayIdGenerator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Everything the app knows about OpenTelemetry's SDK is in this file; the other tracing classes use the API. Spans go
 * as OTLP/HTTP protobuf to {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code /v1/traces} (default
 * {@code http://127.0.0.1:4318}): on a laptop the course's trace viewer ({@code ./mvnw -pl tools/trace-viewer compile
 * exec:java}) listens there; on Lambda, the OTLP receiver of the ADOT collector extension, on the same address (see
 * infra/). Trace ids are X-Ray's (the first 32 bits are the start time) and the trace header is X-Ray's, so the app's
 * spans join the trace Lambda starts.
 *
 * <p>Lambda freezes the environment once an invocation returns, so {@link #flush()} sends what is pending before that.
 * An unreachable endpoint never fails a request: the export fails fast (no retries), the spans are dropped and
 * counted, and the first failure is logged once.
 */
public final class Tracing {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);

    /** How long an invocation waits at most for its spans to be sent before it returns. */
    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(500);

    /** Where spans go when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is unset: the OTLP/HTTP receiver on this machine. */
    public static final String DEFAULT_OTLP_ENDPOINT = "http://127.0.0.1:4318";

    private static final String SCOPE = "com.example.pets";
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /**
     * The OTLP exporter reports every failed export through java.util.logging, on stderr and not as JSON: silenced,
     * because {@link DroppingExporter} counts failures and logs the first one through this app's logging. Held here
     * because java.util.logging keeps its loggers only as long as someone does.
     */
    private static final java.util.logging.Logger EXPORTER_LOGS = silence("io.opentelemetry.exporter");

    private static final DroppingExporter EXPORTER = new DroppingExporter(otlpExporter());
    private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder()
            .setResource(Resource.getDefault()
                    .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service()))))
            .setIdGenerator(AwsXrayIdGenerator.getInstance())
            .addSpanProcessor(BatchSpanProcessor.builder(EXPORTER).build())
            .build();
    private static final OpenTelemetrySdk OPEN_TELEMETRY = OpenTelemetrySdk.builder()
            .setTracerProvider(PROVIDER)
            .setPropagators(ContextPropagators.create(AwsXrayPropagator.getInstance()))
            .build();
    private static final Tracer TRACER = OPEN_TELEMETRY.getTracer(SCOPE);

    private Tracing() {}

    public static boolean onLambda() {
        return System.getenv("LAMBDA_TASK_ROOT") != null;
    }

    static Tracer tracer() {
        return TRACER;
    }

    /** The caller's trace, from an {@code X-Amzn-Trace-Id} header value (the local server, API Gateway). */
    static Context fromTraceHeader(String traceHeader) {
        if (traceHeader == null) {
            return Context.root();
        }
        return AwsXrayPropagator.getInstance()
                .extract(Context.root(), Map.of(RequestTracing.TRACE_HEADER, traceHeader), HEADERS);
    }

    /**
     * Lambda's trace: the runtime puts the invocation's trace header in the {@code com.amazonaws.xray.traceHeader}
     * property (and {@code _X_AMZN_TRACE_ID}); its Root, Parent and Sampled decision become the parent context.
     */
    static Context fromLambda() {
        return AwsXrayLambdaPropagator.getInstance().extract(Context.root(), Map.of(), HEADERS);
    }

    /** Runs {@code work} in a child span of the current one, recording exceptions the classifier calls faults. */
    static <T> T inSpan(String name, Supplier<T> work, ErrorClassifier classifier) {
        var span = TRACER.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).startSpan();
        try (var scope = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            if (!classifier.isClientError(e)) {
                fault(span, e);
            }
            throw e;
        } finally {
            span.end();
        }
    }

    /** Runs {@code work}, for callers that return nothing. */
    static void inSpan(String name, Runnable work, ErrorClassifier classifier) {
        inSpan(
                name,
                () -> {
                    work.run();
                    return null;
                },
                classifier);
    }

    /** A failure of the service itself: the exception with its stack as an event, and the span's status ERROR. */
    static void fault(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR);
    }

    /** The trace id in X-Ray's form ({@code 1-5759e988-bd862e3fe1be46a994272793}), for logs and the response. */
    static Optional<String> currentXrayTraceId() {
        var context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return Optional.empty();
        }
        var id = context.getTraceId();
        return Optional.of("1-" + id.substring(0, 8) + "-" + id.substring(8));
    }

    /** Sends every finished span now, waiting at most {@link #FLUSH_TIMEOUT}; what is not sent by then is dropped. */
    public static void flush() {
        PROVIDER.forceFlush().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sending every finished span now, without waiting: the local server's requests. */
    static void flushInBackground() {
        PROVIDER.forceFlush();
    }

    /**
     * After a SnapStart restore: the restored exporter's HTTP client still holds the connection it had when the
     * snapshot was taken, which is gone; its first export would fail. Swap in a new exporter with a new client.
     */
    public static void afterRestore() {
        EXPORTER.replace(otlpExporter());
    }

    private static SpanExporter otlpExporter() {
        return OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint() + "/v1/traces")
                .setTimeout(Duration.ofSeconds(2))
                // No retries: a retry waits a second or more, and Lambda would freeze it halfway anyway.
                .setRetryPolicy(null)
                .build();
    }

    /** Spans dropped because the endpoint did not take them, since start. */
    public static long droppedSpans() {
        return EXPORTER.dropped.get();
    }

    private static java.util.logging.Logger silence(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    private static String endpoint() {
        var endpoint = System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", DEFAULT_OTLP_ENDPOINT);
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** The service name every layer uses, read where the others read it. */
    private static String service() {
        return ObservabilitySettings.fromEnvironment().service();
    }

    /** Counts the spans an export failed to deliver, and says so once: an outage must not flood the log. */
    private static final class DroppingExporter implements SpanExporter {

        private volatile SpanExporter delegate;
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicBoolean told = new AtomicBoolean();

        DroppingExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        void replace(SpanExporter next) {
            var previous = delegate;
            delegate = next;
            previous.shutdown();
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            var result = delegate.export(spans);
            result.whenComplete(() -> {
                if (!result.isSuccess()) {
                    dropped.addAndGet(spans.size());
                    if (told.compareAndSet(false, true)) {
                        log.warn("Could not send spans to {}; dropping them (counted, logged once)", endpoint());
                    }
                }
            });
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    /**
     * A span for every AWS SDK call (DynamoDB here), from OpenTelemetry's AWS SDK v2 instrumentation. The AWS SDK
     * adds it to every client it builds, because {@code software/amazon/awssdk/global/handlers/execution.interceptors}
     * names it: the storage code builds its client without knowing that it is traced. Every hook is handed on, since
     * the instrumentation's own interceptor is built from this file's OpenTelemetry instance.
     */
    public static final class AwsSdkCalls implements ExecutionInterceptor {

        private final ExecutionInterceptor delegate =
                AwsSdkTelemetry.create(OPEN_TELEMETRY).createExecutionInterceptor();

        @Override
        public void beforeExecution(
                software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                ExecutionAttributes attributes) {
            delegate.beforeExecution(context, attributes);
        }

        @Override
        public SdkRequest modifyRequest(
                software.amazon.awssdk.core.interceptor.Context.ModifyRequest context, ExecutionAttributes attributes) {
            return delegate.modifyRequest(context, attributes);
        }

        @Override
        public void beforeMarshalling(
                software.amazon.awssdk.core.interceptor.Context.BeforeMarshalling context,
                ExecutionAttributes attributes) {
            delegate.beforeMarshalling(context, attributes);
        }

        @Override
        public void afterMarshalling(
                software.amazon.awssdk.core.interceptor.Context.AfterMarshalling context,
                ExecutionAttributes attributes) {
            delegate.afterMarshalling(context, attributes);
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                ExecutionAttributes attributes) {
            return delegate.modifyHttpRequest(context, attributes);
        }

        @Override
        public Optional<RequestBody> modifyHttpContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                ExecutionAttributes attributes) {
            return delegate.modifyHttpContent(context, attributes);
        }

        @Override
        public Optional<AsyncRequestBody> modifyAsyncHttpContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                ExecutionAttributes attributes) {
            return delegate.modifyAsyncHttpContent(context, attributes);
        }

        @Override
        public void beforeTransmission(
                software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                ExecutionAttributes attributes) {
            delegate.beforeTransmission(context, attributes);
        }

        @Override
        public void afterTransmission(
                software.amazon.awssdk.core.interceptor.Context.AfterTransmission context,
                ExecutionAttributes attributes) {
            delegate.afterTransmission(context, attributes);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            return delegate.modifyHttpResponse(context, attributes);
        }

        @Override
        public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            return delegate.modifyAsyncHttpResponseContent(context, attributes);
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            return delegate.modifyHttpResponseContent(context, attributes);
        }

        @Override
        public void beforeUnmarshalling(
                software.amazon.awssdk.core.interceptor.Context.BeforeUnmarshalling context,
                ExecutionAttributes attributes) {
            delegate.beforeUnmarshalling(context, attributes);
        }

        @Override
        public void afterUnmarshalling(
                software.amazon.awssdk.core.interceptor.Context.AfterUnmarshalling context,
                ExecutionAttributes attributes) {
            delegate.afterUnmarshalling(context, attributes);
        }

        @Override
        public SdkResponse modifyResponse(
                software.amazon.awssdk.core.interceptor.Context.ModifyResponse context,
                ExecutionAttributes attributes) {
            return delegate.modifyResponse(context, attributes);
        }

        @Override
        public void afterExecution(
                software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                ExecutionAttributes attributes) {
            delegate.afterExecution(context, attributes);
        }

        @Override
        public Throwable modifyException(
                software.amazon.awssdk.core.interceptor.Context.FailedExecution context,
                ExecutionAttributes attributes) {
            return delegate.modifyException(context, attributes);
        }

        @Override
        public void onExecutionFailure(
                software.amazon.awssdk.core.interceptor.Context.FailedExecution context,
                ExecutionAttributes attributes) {
            delegate.onExecutionFailure(context, attributes);
        }
    }

    /** Tells expected failures (a missing pet: a client error) from faults (a bug or an outage). */
    @FunctionalInterface
    interface ErrorClassifier {
        boolean isClientError(RuntimeException e);
    }
}
