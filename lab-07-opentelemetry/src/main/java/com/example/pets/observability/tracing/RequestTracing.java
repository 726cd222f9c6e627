package com.example.pets.observability.tracing;

import com.example.pets.observability.logging.LogKeys;
import com.example.pets.observability.logging.RequestTelemetry;
import com.example.pets.observability.logging.RequestTelemetry.Failure;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.slf4j.MDC;

/**
 * A span per HTTP request, named by its route ({@code GET /pets/{id}}). On Lambda it is a child of the invocation's
 * span ({@link LambdaTracing}); on the local server it is the root, continuing the caller's {@code X-Amzn-Trace-Id}.
 * The correlation id and route are attributes, and X-Ray annotations: searchable, since {@code aws.xray.annotations}
 * names them (X-Ray's exporter keeps every other attribute as unsearchable metadata); a 5xx is an
 * error, a 4xx is not (the caller's mistake, OpenTelemetry's HTTP server convention). The trace id goes on every log
 * line ({@code xray_trace_id}, plus {@code trace_id} and {@code span_id}) and back to the client in
 * {@code X-Amzn-Trace-Id}.
 */
public final class RequestTracing {

    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private static final String SPAN = "com.example.pets.requestSpan";
    private static final String SCOPE = "com.example.pets.requestScope";

    private RequestTracing() {}

    /** {@code captureResponse}: record response bodies as a span attribute. */
    public static void register(JavalinConfig config, String service, boolean captureResponse) {
        config.routes.before(RequestTracing::start);
        config.routes.after(ctx -> finish(ctx, service, captureResponse));
    }

    private static void start(Context ctx) {
        var builder = Tracing.tracer()
                .spanBuilder(ctx.req().getMethod() + " " + RequestTelemetry.UNMATCHED)
                .setAttribute("http.request.method", ctx.req().getMethod())
                .setAttribute("url.path", ctx.path())
                .setAttribute(Tracing.XRAY_ANNOTATIONS, List.of(LogKeys.CORRELATION_ID, LogKeys.ROUTE));
        if (!Span.current().getSpanContext().isValid()) {
            builder.setParent(Tracing.fromTraceHeader(ctx.header(TRACE_HEADER))).setSpanKind(SpanKind.SERVER);
        }
        if (ctx.userAgent() != null) {
            builder.setAttribute("user_agent.original", ctx.userAgent());
        }
        var span = builder.startSpan();
        RequestTelemetry.of(ctx)
                .ifPresent(telemetry -> span.setAttribute(LogKeys.CORRELATION_ID, telemetry.correlationId()));
        ctx.attribute(SPAN, span);
        ctx.attribute(SCOPE, span.makeCurrent());
        Tracing.currentXrayTraceId().ifPresent(traceId -> {
            MDC.put(LogKeys.XRAY_TRACE_ID, traceId);
            ctx.header(TRACE_HEADER, "Root=" + traceId);
        });
        MDC.put(LogKeys.TRACE_ID, span.getSpanContext().getTraceId());
        MDC.put(LogKeys.SPAN_ID, span.getSpanContext().getSpanId());
    }

    private static void finish(Context ctx, String service, boolean captureResponse) {
        Span span = ctx.attribute(SPAN);
        if (span == null) {
            return;
        }
        var telemetry = RequestTelemetry.of(ctx);
        var status = ctx.statusCode();
        telemetry.ifPresent(request -> {
            span.updateName(ctx.req().getMethod() + " " + request.route());
            span.setAttribute(LogKeys.ROUTE, request.route());
            span.setAttribute("http.route", request.route());
        });
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        if (captureResponse && ctx.result() != null) {
            span.setAttribute(service + ".response", ctx.result());
        }
        // An unhandled exception: recorded with its stack on the request's span.
        telemetry
                .flatMap(RequestTelemetry::failure)
                .filter(Failure::unhandled)
                .map(Failure::exception)
                .ifPresent(e -> Tracing.fault(span, e));
        ((Scope) ctx.attribute(SCOPE)).close();
        span.end();
        // On Lambda the invocation's span is current again (elsewhere no span is, and these calls do nothing). X-Ray
        // makes it the service's segment, whose fault flag its service map counts; the request's span is a subsegment.
        var invocation = Span.current();
        invocation.setAttribute("http.response.status_code", status);
        if (status >= 500) {
            invocation.setStatus(StatusCode.ERROR);
        }
        if (!Span.current().getSpanContext().isValid()) {
            // No invocation around it (the local server): send its spans now, without waiting. Inside one they leave
            // with the invocation's flush; a flush asked for while another runs only gets that one's result, which
            // would leave the invocation's own span to the next scheduled export, 5 s later.
            Tracing.flushInBackground();
        }
    }
}
