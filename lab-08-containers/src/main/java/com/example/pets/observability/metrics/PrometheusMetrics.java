package com.example.pets.observability.metrics;

import com.example.pets.observability.logging.RequestTelemetry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The metrics of a process that lives on, for Prometheus to pull from {@code GET /metrics}: what lab-03 pushes as EMF
 * on Lambda, kept in memory here and read on every scrape. The process keeps the counts, so nothing is written per
 * request; whoever scrapes pays for the storage.
 *
 * <p>Every label value comes from a fixed set, so the number of series cannot grow with traffic: the route is the
 * template Javalin matched ({@code /pets/{id}}) or {@code unmatched}, never the path; the method is one of HTTP's or
 * {@code _OTHER}; the status is a number. The JVM's own figures (GC, memory, threads, the process) come from the
 * client's JVM instrumentation, on the same page.
 */
public final class PrometheusMetrics {

    /**
     * Seconds. A Pets request is one or two DynamoDB calls: a few milliseconds in the same region, so the buckets are
     * fine below 100 ms, where the answers are, and end at the SDK's limits (one second an attempt, three a call).
     */
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3, 10};

    private static final String IN_FLIGHT = PrometheusMetrics.class.getName() + ".inFlight";

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    private final Counter requests = Counter.builder()
            .name("http_server_requests")
            .help("HTTP requests answered, by method, route template and status")
            .labelNames("method", "route", "status")
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("http_server_request_duration_seconds")
            .unit(Unit.SECONDS)
            .help("Time from the request's first handler to its answer, by method and route template")
            .labelNames("method", "route")
            .classicUpperBounds(LATENCY_BUCKETS)
            .classicOnly()
            .register(registry);
    private final Counter exceptions = Counter.builder()
            .name("http_server_exceptions")
            .help("Exceptions that became a 5xx answer, by exception class")
            .labelNames("exception")
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("http_server_active_requests")
            .help("Requests being handled right now")
            .register(registry);
    private final Counter petsCreated = Counter.builder()
            .name("pets_created")
            .help("Pets created: lab-03's CreatedPets")
            .register(registry);

    public PrometheusMetrics(String service, String version) {
        Info.builder()
                .name("pets_build_info")
                .help("What is running: the service, its version and the Java runtime")
                .labelNames("service", "version", "java_version")
                .register(registry)
                .addLabelValues(service, version, Runtime.version().toString());
        JvmMetrics.builder().register(registry);
    }

    /** Counts every request, and serves the page Prometheus scrapes at {@code GET /metrics}. */
    public void register(JavalinConfig config) {
        config.routes.before(this::started);
        config.routes.after(this::finished);
        config.routes.get("/metrics", this::scrape).head("/metrics", this::scrape);
    }

    private void started(Context ctx) {
        inFlight.inc();
        ctx.attribute(IN_FLIGHT, Boolean.TRUE);
    }

    private void finished(Context ctx) {
        if (ctx.attribute(IN_FLIGHT) == null) {
            return; // Failed before it was counted in: nothing to take away.
        }
        inFlight.dec();
        RequestTelemetry.of(ctx).ifPresent(telemetry -> {
            var method = methodLabel(ctx.req().getMethod());
            var route = telemetry.route();
            var status = ctx.statusCode();
            requests.labelValues(method, route, Integer.toString(status)).inc();
            duration.labelValues(method, route).observe(telemetry.durationMs() / 1000);
            telemetry.failure().ifPresent(failure -> exceptions
                    .labelValues(failure.exception().getClass().getName())
                    .inc());
            if (MetricRoutes.of(method, route).equals("POST /pets") && status == HttpStatus.CREATED.getCode()) {
                petsCreated.inc();
            }
        });
    }

    /**
     * The request line's method, not {@code ctx.method()}, which follows an {@code X-HTTP-Method-Override} header; and
     * one value for every word HTTP does not define as a method, since a client can write anything there.
     */
    private static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }

    /**
     * The text format Prometheus asks for in its {@code Accept} header: OpenMetrics, or the classic text format. The
     * protobuf format needs a library the app does not ship, so a client that prefers it gets the next best it
     * accepts: OpenMetrics if it lists it (Prometheus 3 does), the classic text otherwise.
     */
    private void scrape(Context ctx) throws IOException {
        var accept = ctx.header(Header.ACCEPT);
        var writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            var openMetrics = formats.getOpenMetricsTextFormatWriter();
            writer = openMetrics.accepts(accept) ? openMetrics : formats.getPrometheusTextFormatWriter();
        }
        var page = new ByteArrayOutputStream();
        writer.write(page, registry.scrape());
        ctx.contentType(writer.getContentType()).result(page.toByteArray());
    }
}
