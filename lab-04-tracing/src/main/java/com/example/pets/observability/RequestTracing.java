package com.example.pets.observability;

import com.amazonaws.xray.entities.Entity;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Traces each HTTP request. On the local server it opens and closes the request's segment around Javalin's handling
 * (the X-Ray SDK ships a servlet filter only for javax, not jakarta); on Lambda it annotates the handler subsegment
 * that {@link LambdaTracing} opened. Either way the trace id goes on every log line ({@code xray_trace_id}) and back
 * to the client in {@code X-Amzn-Trace-Id}.
 */
public final class RequestTracing {

    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private static final String OPENED_SEGMENT = "com.example.pets.tracingOpenedSegment";

    private RequestTracing() {}

    public static void register(JavalinConfig config, TracingSettings settings) {
        config.routes.before(ctx -> start(ctx, settings));
        config.routes.beforeMatched(
                ctx -> Tracing.current().ifPresent(entity -> entity.putAnnotation("route", RequestLogging.route(ctx))));
        config.routes.after(ctx -> finish(ctx, settings));
    }

    /** An unhandled exception: recorded with its stack as a fault on the request's entity. */
    public static void fault(Exception e) {
        Tracing.current().ifPresent(entity -> entity.addException(e));
    }

    private static void start(Context ctx, TracingSettings settings) {
        if (Tracing.current().isEmpty()) {
            Tracing.beginSegment(settings.service(), ctx.header(TRACE_HEADER));
            ctx.attribute(OPENED_SEGMENT, true);
        }
        Tracing.current().ifPresent(entity -> {
            entity.putAnnotation("correlation_id", CorrelationIds.of(ctx));
            entity.putAnnotation("Service", settings.service());
            entity.putAnnotation("route", RequestLogging.UNMATCHED);
            entity.putHttp("request", request(ctx));
        });
        Tracing.currentTraceId().ifPresent(traceId -> {
            MDC.put(LogKeys.XRAY_TRACE_ID, traceId);
            ctx.header(TRACE_HEADER, "Root=" + traceId);
        });
    }

    private static void finish(Context ctx, TracingSettings settings) {
        Tracing.current().ifPresent(entity -> {
            var status = ctx.statusCode();
            entity.putHttp("response", Map.of("status", status));
            markStatus(entity, status);
            if (settings.captureResponse() && ctx.result() != null) {
                entity.putMetadata(settings.service(), "response", ctx.result());
            }
        });
        if (Boolean.TRUE.equals(ctx.attribute(OPENED_SEGMENT))) {
            Tracing.endSegment();
        }
    }

    /** X-Ray's three flags: error for 4xx, throttle for 429 as well, fault for 5xx. */
    private static void markStatus(Entity entity, int status) {
        if (status >= 400 && status < 500) {
            entity.setError(true);
            entity.setThrottle(status == 429);
        } else if (status >= 500) {
            entity.setFault(true);
        }
    }

    private static Map<String, Object> request(Context ctx) {
        var request = new HashMap<String, Object>();
        request.put("method", ctx.method().name());
        request.put("url", ctx.path());
        if (ctx.userAgent() != null) {
            request.put("user_agent", ctx.userAgent());
        }
        return request;
    }
}
