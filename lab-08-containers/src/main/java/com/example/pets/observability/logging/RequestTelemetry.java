package com.example.pets.observability.logging;

import com.example.pets.system.ErrorListener;
import com.example.pets.system.Problem;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * What the observability layers know about the request in progress, in one typed object stored once on the Javalin
 * context: its correlation id, route, start time and failure, if any. {@link RequestLogging} creates it first;
 * the layers of later labs read it here instead of each other's attributes or the MDC. It is also the request's
 * {@link ErrorListener}, so the error handlers reach the observability layers without knowing them.
 */
public final class RequestTelemetry implements ErrorListener {

    /** The route of a request that matched none, such as a 404 or 405: a fixed value, never the raw path. */
    public static final String UNMATCHED = "unmatched";

    private static final String ATTRIBUTE = RequestTelemetry.class.getName();

    private final String correlationId;
    private final long startNanos = System.nanoTime();
    private String route = UNMATCHED;
    private Failure failure;

    private RequestTelemetry(String correlationId) {
        this.correlationId = correlationId;
    }

    static void start(Context ctx, String correlationId) {
        var telemetry = new RequestTelemetry(correlationId);
        ctx.attribute(ATTRIBUTE, telemetry);
        ErrorListener.attach(ctx, telemetry);
    }

    /** Absent only when the request failed before the first {@code before} handler ran. */
    public static Optional<RequestTelemetry> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /**
     * Records the template of the route the request matched, the one way every layer names a route. A HEAD request
     * matches a GET route without an endpoint of its own: it counts as unmatched rather than failing the request.
     */
    static String routeMatched(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        var matched = endpoint == null ? UNMATCHED : endpoint.path;
        of(ctx).ifPresent(telemetry -> telemetry.route = matched);
        return matched;
    }

    /** Every problem carries the correlation id: a client quotes it, and the request's log lines are one query. */
    @Override
    public Problem answering(Problem problem) {
        return problem.withCorrelationId(correlationId);
    }

    /** An exception that became a 5xx (one per request); {@code unhandled} means nobody expected it (a bug). */
    public record Failure(Exception exception, boolean unhandled) {}

    @Override
    public void failed(Exception e, boolean unhandled) {
        failure = new Failure(e, unhandled);
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    public String correlationId() {
        return correlationId;
    }

    public String route() {
        return route;
    }

    /** Milliseconds since the request started, to two decimals: {@code duration_ms} wherever it is written. */
    public double durationMs() {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }
}
