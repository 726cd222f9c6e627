package com.example.pets.observability.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.pets.observability.logging.LogKeys;
import java.io.IOException;
import org.slf4j.MDC;

/**
 * The handler subsegment of a Lambda invocation, annotated with {@code ColdStart} and {@code Service} so traces can be
 * filtered by them. Lambda itself opens the function's segment; off Lambda (local invoke, tests) this class opens
 * one in its place, so the tree looks the same.
 */
public final class LambdaTracing {

    private final String service;

    public LambdaTracing(String service) {
        this.service = service;
    }

    public void invocation(Context context, boolean coldStart, Invocation invocation) throws IOException {
        var standIn = !Tracing.onLambda();
        if (standIn) {
            // Lambda's runtime hands the trace header over in this property; the local API Gateway sets it too.
            Tracing.beginSegment(context.getFunctionName(), System.getProperty("com.amazonaws.xray.traceHeader"));
        }
        var handler = Tracing.beginSubsegment("## handleRequest");
        handler.putAnnotation("ColdStart", coldStart);
        handler.putAnnotation("Service", service);
        Tracing.currentTraceId().ifPresent(traceId -> MDC.put(LogKeys.XRAY_TRACE_ID, traceId));
        try {
            invocation.run();
        } catch (IOException | RuntimeException e) {
            handler.addException(e);
            throw e;
        } finally {
            Tracing.endSubsegment();
            if (standIn) {
                Tracing.endSegment();
            }
        }
    }

    @FunctionalInterface
    public interface Invocation {
        void run() throws IOException;
    }
}
