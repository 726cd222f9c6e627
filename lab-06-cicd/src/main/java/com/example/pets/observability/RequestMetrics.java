package com.example.pets.observability;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.StorageResolution;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The metrics of one request, flushed once when it ends, failed or not. Two EMF documents, because each has one
 * dimension set: {@code RequestCount} by route, and the business and error counts by service.
 *
 * <p>Latency, status class and exception type are properties, not metrics: CloudWatch stores them with the log line
 * for Logs Insights ({@code stats pct(latency_ms, 99) by route}) at no metric cost.
 */
public final class RequestMetrics {

    private static final String ATTRIBUTE = "com.example.pets.requestMetrics";

    private final Metrics metrics;
    private final long startNanos = System.nanoTime();
    private boolean petCreated;
    private String exceptionType;
    private boolean unhandled;

    private RequestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    public static void register(JavalinConfig config, Metrics metrics) {
        config.routes.before(ctx -> ctx.attribute(ATTRIBUTE, new RequestMetrics(metrics)));
        config.routes.after(ctx -> withMetrics(ctx, request -> request.flush(ctx)));
    }

    public static void petCreated(Context ctx) {
        withMetrics(ctx, metrics -> metrics.petCreated = true);
    }

    /** An exception that became a 5xx; {@code unhandled} means nobody expected it (a bug). */
    public static void exception(Context ctx, Exception e, boolean unhandled) {
        withMetrics(ctx, metrics -> {
            metrics.exceptionType = e.getClass().getName();
            metrics.unhandled |= unhandled;
        });
    }

    /** Absent only if the request failed before it was set up; then there is nothing to count. */
    private static void withMetrics(Context ctx, java.util.function.Consumer<RequestMetrics> action) {
        RequestMetrics metrics = ctx.attribute(ATTRIBUTE);
        if (metrics != null) {
            action.accept(metrics);
        }
    }

    private void flush(Context ctx) {
        var settings = metrics.settings();
        var method = ctx.method().name();
        var template = ctx.endpoints().list().stream()
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.path)
                .findFirst()
                .orElse(RequestLogging.UNMATCHED);

        var request = metrics.document();
        Metrics.flushQuietly(() -> {
            request.setDimensions(
                    false,
                    DimensionSet.of(
                            "service", settings.service(),
                            "environment", settings.environment(),
                            "route", MetricRoutes.of(method, template)));
            request.putMetric(Metrics.REQUEST_COUNT, 1, Unit.COUNT);
            request.putProperty("method", method);
            request.putProperty("route_template", template);
            request.putProperty("status", ctx.statusCode());
            request.putProperty("status_class", ctx.statusCode() / 100 + "xx");
            request.putProperty("latency_ms", Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0);
            request.putProperty("correlation_id", CorrelationIds.of(ctx));
            if (exceptionType != null) {
                request.putProperty("exception_type", exceptionType);
            }
            request.flush();
        });

        if (!petCreated && !unhandled) {
            return; // An EMF document without metrics is noise in the logs.
        }
        var service = metrics.document();
        Metrics.flushQuietly(() -> {
            service.setDimensions(false, metrics.serviceDimensions());
            if (petCreated) {
                service.putMetric(Metrics.CREATED_PETS, 1, Unit.COUNT);
            }
            if (unhandled) {
                // High resolution (1 s): an alarm on it can fire within seconds of a bug reaching production.
                service.putMetric(Metrics.UNHANDLED_EXCEPTIONS, 1, Unit.COUNT, StorageResolution.HIGH);
            }
            service.putProperty("correlation_id", CorrelationIds.of(ctx));
            service.flush();
        });
    }
}
