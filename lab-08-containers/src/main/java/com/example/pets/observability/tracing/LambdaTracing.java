package com.example.pets.observability.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.util.List;

/**
 * The span of a Lambda invocation, the parent of the request's span. It continues the trace Lambda started (its
 * trace header: root, parent segment and sampling decision), so in X-Ray the function's own segment and the app's
 * spans are one trace; off Lambda (local invoke, tests) the local API Gateway hands over a header the same way.
 * Before the invocation returns, its spans are sent: Lambda freezes the environment afterwards.
 */
public final class LambdaTracing {

    private final String service;

    public LambdaTracing(String service) {
        this.service = service;
    }

    public void invocation(Context context, boolean coldStart, Invocation invocation) throws IOException {
        var span = Tracing.tracer()
                .spanBuilder(context.getFunctionName())
                .setParent(Tracing.fromLambda())
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("faas.coldstart", coldStart)
                .setAttribute("faas.invocation_id", context.getAwsRequestId())
                .setAttribute("cold_start", coldStart)
                .setAttribute("service", service)
                .setAttribute(Tracing.XRAY_ANNOTATIONS, List.of("cold_start", "service"))
                .startSpan();
        try (var scope = span.makeCurrent()) {
            invocation.run();
        } catch (IOException | RuntimeException | Error e) { // an Error too, such as a StackOverflowError
            Tracing.fault(span, e);
            throw e;
        } finally {
            span.end();
            Tracing.flush();
        }
    }

    @FunctionalInterface
    public interface Invocation {
        void run() throws IOException;
    }
}
