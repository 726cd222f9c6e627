package com.example.pets.observability.tracing;

import com.example.pets.observability.logging.LogKeys;
import com.example.pets.observability.logging.RequestTelemetry;
import com.example.pets.observability.logging.RequestTelemetry.Failure;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Traces each HTTP request. On the local server it opens and closes the request's segment around Javalin's handling
 * (the X-Ray SDK ships a servlet filter only for javax, not jakarta); on Lambda it annotates the handler subsegment
 * that {@link LambdaTracing} opened. Either way the trace id goes on every log line ({@code xray_trace_id}) and back
 * to the client in {@code X-Amzn-Trace-Id}. The correlation id, route and failure come from the request's
 * {@link RequestTelemetry}.
 */
public final class RequestTracing {

    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private static final String OPENED_SEGMENT = "com.example.pets.tracingOpenedSegment";

    private RequestTracing() {}

    /** {@code captureResponse}: record response bodies as trace metadata. */
    public static void register(JavalinConfig config, String service, boolean captureResponse) {
        config.routes.before(ctx -> start(ctx, service));
        config.routes.after(ctx -> finish(ctx, service, captureResponse));
    }

    private static void start(Context ctx, String service) {
        if (Tracing.current().isEmpty() && !Tracing.onLambda()) {
            Tracing.beginSegment(service, ctx.header(TRACE_HEADER));
            ctx.attribute(OPENED_SEGMENT, true);
        }
        Tracing.current().ifPresent(entity -> {
            RequestTelemetry.of(ctx)
                    .ifPresent(telemetry -> entity.putAnnotation(LogKeys.CORRELATION_ID, telemetry.correlationId()));
            entity.putAnnotation("Service", service);
            entity.putAnnotation(LogKeys.ROUTE, RequestTelemetry.UNMATCHED);
            entity.putHttp("request", request(ctx));
        });
        Tracing.currentTraceId().ifPresent(traceId -> {
            MDC.put(LogKeys.XRAY_TRACE_ID, traceId);
            ctx.header(TRACE_HEADER, "Root=" + traceId);
        });
    }

    private static void finish(Context ctx, String service, boolean captureResponse) {
        var telemetry = RequestTelemetry.of(ctx);
        Tracing.current().ifPresent(entity -> {
            var status = ctx.statusCode();
            telemetry.ifPresent(request -> entity.putAnnotation(LogKeys.ROUTE, request.route()));
            entity.putHttp("response", Map.of("status", status));
            Tracing.markStatus(entity, status);
            if (captureResponse && ctx.result() != null) {
                entity.putMetadata(service, "response", ctx.result());
            }
        });
        // An unhandled exception: recorded with its stack as a fault on the request's entity.
        telemetry
                .flatMap(RequestTelemetry::failure)
                .filter(Failure::unhandled)
                .map(Failure::exception)
                .ifPresent(Tracing::fault);
        if (Boolean.TRUE.equals(ctx.attribute(OPENED_SEGMENT))) {
            Tracing.endSegment();
        }
    }

    private static Map<String, Object> request(Context ctx) {
        var request = new HashMap<String, Object>();
        request.put("method", ctx.req().getMethod());
        request.put("url", ctx.path());
        if (ctx.userAgent() != null) {
            request.put("user_agent", ctx.userAgent());
        }
        return request;
    }
}
