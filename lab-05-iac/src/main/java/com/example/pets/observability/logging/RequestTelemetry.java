package com.example.pets.observability.logging;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * What the observability layers know about the request in progress, in one typed object stored once on the Javalin
 * context: its correlation id, route, start time and failure, if any. {@link RequestLogging} creates it first;
 * the layers of later labs read it here instead of each other's attributes or the MDC.
 */
public final class RequestTelemetry {

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
        ctx.attribute(ATTRIBUTE, new RequestTelemetry(correlationId));
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

    /** An exception that became a 5xx (one per request); {@code unhandled} means nobody expected it (a bug). */
    public record Failure(Exception exception, boolean unhandled) {}

    public static void failed(Context ctx, Exception e, boolean unhandled) {
        of(ctx).ifPresent(telemetry -> telemetry.failure = new Failure(e, unhandled));
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
