package com.example.pets.observability.logging;

import static com.example.pets.observability.logging.LogKeys.CORRELATION_ID;
import static com.example.pets.observability.logging.LogKeys.DURATION_MS;
import static com.example.pets.observability.logging.LogKeys.METHOD;
import static com.example.pets.observability.logging.LogKeys.PATH;
import static com.example.pets.observability.logging.LogKeys.ROUTE;
import static com.example.pets.observability.logging.LogKeys.STATUS;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts the request's context on every log line written while it is handled (correlation id, method, path, route
 * template) and writes one access line per request with its status and duration.
 */
public final class RequestLogging {

    private static final Logger log = LoggerFactory.getLogger(RequestLogging.class);

    /** Set when the caller's correlation header was refused, until the warning about it is written. */
    private static final String REFUSED_HEADER_LENGTH = "com.example.pets.refusedCorrelationHeaderLength";

    private RequestLogging() {}

    public static void register(JavalinConfig config) {
        config.routes.before(RequestLogging::start);
        config.routes.beforeMatched(ctx -> {
            MDC.put(ROUTE, RequestTelemetry.routeMatched(ctx));
            warnOfRefusedHeader(ctx);
        });
        config.requestLogger.http(RequestLogging::finish);
    }

    private static void start(Context ctx) {
        var correlation = CorrelationIds.resolve(ctx);
        RequestTelemetry.start(ctx, correlation.id());
        MDC.put(CORRELATION_ID, correlation.id());
        MDC.put(METHOD, ctx.method().name());
        MDC.put(PATH, ctx.path());
        MDC.put(ROUTE, RequestTelemetry.UNMATCHED);
        ctx.header(CorrelationIds.HEADER, correlation.id());
        if (correlation.replacedUnsafeHeader()) {
            // Logged once the route is known, so that it names the same route as the access line.
            ctx.attribute(
                    REFUSED_HEADER_LENGTH, ctx.header(CorrelationIds.HEADER).length());
        }
    }

    /** The refused value is not logged: it is exactly what must not reach the logs. Only its length is. */
    private static void warnOfRefusedHeader(Context ctx) {
        Integer length = ctx.attribute(REFUSED_HEADER_LENGTH);
        if (length != null) {
            ctx.attribute(REFUSED_HEADER_LENGTH, null);
            log.atWarn()
                    .setMessage("Replaced an unsafe X-Correlation-Id header")
                    .addKeyValue("header_length", length)
                    .log();
        }
    }

    private static void finish(Context ctx, float executionTimeMs) {
        warnOfRefusedHeader(ctx); // a request that matched no route: not warned of yet
        log.atInfo()
                .setMessage("Request handled")
                .addKeyValue(STATUS, ctx.statusCode())
                .addKeyValue(
                        DURATION_MS,
                        RequestTelemetry.of(ctx)
                                .map(RequestTelemetry::durationMs)
                                .orElse((double) executionTimeMs))
                .log();
        MDC.remove(CORRELATION_ID);
        MDC.remove(METHOD);
        MDC.remove(PATH);
        MDC.remove(ROUTE);
        MDC.remove(LogKeys.XRAY_TRACE_ID);
        MDC.remove(LogKeys.TRACE_ID);
        MDC.remove(LogKeys.SPAN_ID);
    }
}
