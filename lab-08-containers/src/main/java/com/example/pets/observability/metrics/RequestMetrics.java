package com.example.pets.observability.metrics;

import static com.example.pets.observability.logging.LogKeys.CORRELATION_ID;
import static com.example.pets.observability.logging.LogKeys.DURATION_MS;
import static com.example.pets.observability.logging.LogKeys.METHOD;
import static com.example.pets.observability.logging.LogKeys.STATUS;

import com.example.pets.observability.logging.RequestTelemetry;
import com.example.pets.observability.logging.RequestTelemetry.Failure;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import software.amazon.cloudwatchlogs.emf.model.StorageResolution;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The metrics of one request, flushed once when it ends, failed or not. Two EMF documents, because each has one
 * dimension set: {@code RequestCount} by route, and the business and error counts by service. Everything comes from
 * the request's {@link RequestTelemetry} and its response: a 201 to {@code POST /pets} is a created pet, so the Pets
 * code does not know metrics exist. A 5xx with no failure recorded is an Error that no handler caught.
 *
 * <p>Duration, status class and exception type are properties, not metrics: CloudWatch stores them with the log line
 * for Logs Insights ({@code filter ispresent(RequestCount) | stats pct(duration_ms, 99) by route}), free.
 */
public final class RequestMetrics {

    private RequestMetrics() {}

    public static void register(JavalinConfig config, Metrics metrics) {
        config.routes.after(ctx -> RequestTelemetry.of(ctx).ifPresent(telemetry -> flush(metrics, ctx, telemetry)));
    }

    private static void flush(Metrics metrics, Context ctx, RequestTelemetry telemetry) {
        var method = ctx.req().getMethod(); // the request line's, as in the logs
        var template = telemetry.route();
        var route = MetricRoutes.of(method, template);

        var request = metrics.document();
        Metrics.flushQuietly(() -> {
            request.setDimensions(false, metrics.routeDimensions(route));
            request.putMetric(Metrics.REQUEST_COUNT, 1, Unit.COUNT);
            request.putProperty(METHOD, method);
            request.putProperty("route_template", template);
            request.putProperty(STATUS, ctx.statusCode());
            request.putProperty("status_class", ctx.statusCode() / 100 + "xx");
            request.putProperty(DURATION_MS, telemetry.durationMs());
            request.putProperty(CORRELATION_ID, telemetry.correlationId());
            telemetry
                    .failure()
                    .ifPresent(failure -> request.putProperty(
                            "exception_type", failure.exception().getClass().getName()));
            request.flush();
        });

        var petCreated = route.equals("POST /pets") && ctx.statusCode() == HttpStatus.CREATED.getCode();
        var unhandled = telemetry.failure().map(Failure::unhandled).orElse(ctx.statusCode() >= 500);
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
            service.putProperty(CORRELATION_ID, telemetry.correlationId());
            service.flush();
        });
    }
}
