package com.example.pets.observability.tracing;

import com.example.pets.observability.ObservabilitySettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
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
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Everything the app knows about OpenTelemetry's SDK is in this file; the other tracing classes use its API. Spans go
 * as OTLP/HTTP to {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code /v1/traces} ({@link #DEFAULT_OTLP_ENDPOINT} when
 * unset): on a laptop the course's trace viewer ({@code ./mvnw -pl tools/trace-viewer compile exec:java}) listens
 * there; on Lambda, the ADOT collector extension (see infra/). Trace ids and the trace header are X-Ray's, so the
 * app's spans join the trace Lambda starts. An unreachable endpoint never fails a request: the export fails fast (no
 * retries), and its spans are dropped, counted and, the first time, logged.
 */
public final class Tracing {

    /** How long an invocation waits at most for its spans to be sent before it returns. */
    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(500);

    public static final String DEFAULT_OTLP_ENDPOINT = "http://127.0.0.1:4318";

    /** The longest attribute value a span keeps; longer ones are cut to this many characters. */
    static final int MAX_ATTRIBUTE_CHARS = 8192;

    /**
     * The attributes of a span that X-Ray indexes as annotations (searchable: {@code annotation.route = "/pets"});
     * its exporter keeps every other attribute as metadata.
     */
    static final AttributeKey<List<String>> XRAY_ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");

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

    private static final String ENDPOINT = System.getenv()
            .getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", DEFAULT_OTLP_ENDPOINT)
            .replaceFirst("/?$", "/v1/traces");
    private static final DroppingExporter EXPORTER = new DroppingExporter(otlpExporter());
    private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder()
            .setResource(Resource.getDefault().toBuilder()
                    .put("service.name", ObservabilitySettings.fromEnvironment().service())
                    .build())
            .setIdGenerator(AwsXrayIdGenerator.getInstance())
            // X-Ray refuses a segment over 64 KB, with all its spans: a captured response or a stack trace is cut.
            .setSpanLimits(SpanLimits.builder()
                    .setMaxAttributeValueLength(MAX_ATTRIBUTE_CHARS)
                    .build())
            .addSpanProcessor(BatchSpanProcessor.builder(EXPORTER).build())
            .build();
    static final OpenTelemetry OPEN_TELEMETRY = OpenTelemetrySdk.builder()
            .setTracerProvider(PROVIDER)
            .setPropagators(ContextPropagators.create(AwsXrayPropagator.getInstance()))
            .build();
    private static final Tracer TRACER = OPEN_TELEMETRY.getTracer("com.example.pets");

    private Tracing() {}

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

    /** Sends every finished span now, waiting at most {@link #FLUSH_TIMEOUT}: Lambda freezes the function after. */
    public static void flush() {
        flush(PROVIDER, FLUSH_TIMEOUT);
    }

    /**
     * A flush asked for while an export is still under way gets that export's result, and this invocation's spans wait
     * for the next one (an earlier flush that ran out of time leaves its export running): so, within the same time, a
     * second flush, which sends them, or nothing when the first already did. A flush that is done as soon as it is
     * asked for is the one that just ended, before the SDK let go of it: ask again.
     */
    static void flush(SdkTracerProvider provider, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        var flushed = 0;
        while (flushed < 2 && System.nanoTime() < deadline) {
            var flush = provider.forceFlush();
            if (flush.isDone()) {
                Thread.onSpinWait();
                continue;
            }
            if (!flush.join(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .isDone()) {
                return;
            }
            flushed++;
        }
    }

    /** Starts sending every finished span now, without waiting: the local server's requests. */
    static void flushInBackground() {
        PROVIDER.forceFlush();
    }

    /** After a SnapStart restore the exporter's connection is gone: a new exporter, with a new HTTP client. */
    public static void afterRestore() {
        EXPORTER.replace(otlpExporter());
    }

    /** Spans dropped because the endpoint did not take them, since start. */
    public static long droppedSpans() {
        return EXPORTER.dropped.get();
    }

    private static SpanExporter otlpExporter() {
        return OtlpHttpSpanExporter.builder()
                .setEndpoint(ENDPOINT)
                .setTimeout(Duration.ofSeconds(2))
                // No retries: a retry waits a second or more, and Lambda would freeze it halfway anyway.
                .setRetryPolicy(null)
                .build();
    }

    private static java.util.logging.Logger silence(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    /**
     * Counts the spans an export failed to deliver, and says so once an outage: a warning when the first export fails,
     * then nothing until one gets through again, so that an outage does not flood the log and the next one is seen.
     */
    private static final class DroppingExporter implements SpanExporter {

        private volatile SpanExporter delegate;
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicBoolean failing = new AtomicBoolean();

        DroppingExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        /** A new exporter, after a SnapStart restore: a failure before the snapshot says nothing about this one. */
        void replace(SpanExporter next) {
            var previous = delegate;
            delegate = next;
            failing.set(false);
            previous.shutdown();
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            var result = delegate.export(spans);
            result.whenComplete(() -> {
                if (result.isSuccess()) {
                    failing.set(false);
                    return;
                }
                var total = dropped.addAndGet(spans.size());
                if (failing.compareAndSet(false, true)) {
                    LoggerFactory.getLogger(Tracing.class)
                            .atWarn()
                            .setMessage("Could not send spans to {}; dropping them until it answers again")
                            .addArgument(ENDPOINT)
                            .addKeyValue("dropped_spans_since_start", total)
                            .log();
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

    /** Tells expected failures (a missing pet: a client error) from faults (a bug or an outage). */
    @FunctionalInterface
    interface ErrorClassifier {
        boolean isClientError(RuntimeException e);
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
}
