package com.example.pets.observability.logging;

import static com.example.pets.observability.logging.LogKeys.CORRELATION_ID;
import static com.example.pets.observability.logging.LogKeys.DURATION_MS;
import static com.example.pets.observability.logging.LogKeys.METHOD;
import static com.example.pets.observability.logging.LogKeys.PATH;
import static com.example.pets.observability.logging.LogKeys.ROUTE;
import static com.example.pets.observability.logging.LogKeys.STATUS;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts the request's context on every log line written while it is handled (correlation id, method, path, route
 * template) and writes one access line per request with its status and duration.
 */
public final class RequestLogging {

    private static final Logger log = LoggerFactory.getLogger(RequestLogging.class);

    private RequestLogging() {}

    public static void register(JavalinConfig config) {
        config.routes.before(RequestLogging::start);
        config.routes.beforeMatched(ctx -> MDC.put(ROUTE, RequestTelemetry.routeMatched(ctx)));
        config.requestLogger.http(RequestLogging::finish);
    }

    private static void start(Context ctx) {
        var correlationId = CorrelationIds.resolve(ctx);
        RequestTelemetry.start(ctx, correlationId);
        MDC.put(CORRELATION_ID, correlationId);
        MDC.put(METHOD, ctx.req().getMethod()); // ctx.method() would follow X-HTTP-Method-Override
        MDC.put(PATH, ctx.path());
        MDC.put(ROUTE, RequestTelemetry.UNMATCHED);
        ctx.header(CorrelationIds.HEADER, correlationId);
    }

    private static void finish(Context ctx, float executionTimeMs) {
        var header = ctx.header(CorrelationIds.HEADER);
        if (CorrelationIds.isRefused(header)) {
            // Only its length: the refused value is exactly what must not reach the logs.
            log.atWarn()
                    .setMessage("Replaced an unsafe X-Correlation-Id header")
                    .addKeyValue("header_length", header.length())
                    .log();
        }
        log.atInfo()
                .setMessage("Request handled")
                .addKeyValue(STATUS, ctx.statusCode())
                .addKeyValue(
                        DURATION_MS,
                        RequestTelemetry.of(ctx)
                                .map(RequestTelemetry::durationMs)
                                .orElse((double) executionTimeMs))
                .log();
        List.of(CORRELATION_ID, METHOD, PATH, ROUTE, LogKeys.XRAY_TRACE_ID).forEach(MDC::remove);
    }
}
