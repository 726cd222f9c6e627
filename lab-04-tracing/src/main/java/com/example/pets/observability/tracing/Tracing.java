package com.example.pets.observability.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.TraceHeader;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.LocalizedSamplingStrategy;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the app knows about AWS X-Ray is in this file, so moving to OpenTelemetry (the X-Ray SDK is in
 * maintenance mode) changes this file and little else: the other tracing classes import nothing of X-Ray. Segments
 * go over UDP to {@code AWS_XRAY_DAEMON_ADDRESS} (127.0.0.1:2000 by default): on Lambda the daemon runs beside the
 * function; on a laptop the course's trace viewer ({@code ./mvnw -pl tools/trace-viewer compile exec:java}) listens
 * there, and if nothing listens the datagrams are simply lost.
 */
public final class Tracing {

    /** The one recorder of the app; it keeps the current segment or subsegment per thread. */
    private static final AWSXRayRecorder RECORDER = configure();

    private Tracing() {}

    public static boolean onLambda() {
        return System.getenv("LAMBDA_TASK_ROOT") != null;
    }

    /** Starts a segment per request on the local server (on Lambda the service does), under a well-formed parent. */
    static Entity beginSegment(String name, String traceHeader) {
        var header = traceHeader == null || !traceHeader.contains("Root=") ? null : TraceHeader.fromString(traceHeader);
        if (header != null && header.getRootTraceId() != null) {
            var parent = String.valueOf(header.getParentId()).matches("[0-9a-f]{16}") ? header.getParentId() : null;
            var segment = RECORDER.beginSegment(name, header.getRootTraceId(), parent);
            segment.setSampled(header.getSampled() != TraceHeader.SampleDecision.NOT_SAMPLED);
            return segment;
        }
        return RECORDER.beginSegment(name);
    }

    static void endSegment() {
        RECORDER.endSegment();
    }

    static Entity beginSubsegment(String name) {
        return RECORDER.beginSubsegment(name);
    }

    static void endSubsegment() {
        RECORDER.endSubsegment();
    }

    /** Runs {@code work} in a subsegment, the way a {@code @Tracing}/capture_method decorator would. */
    static <T> T inSubsegment(String name, Supplier<T> work, ErrorClassifier classifier) {
        var subsegment = beginSubsegment(name);
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (classifier.isClientError(e)) {
                subsegment.setError(true);
            } else {
                subsegment.addException(e);
            }
            throw e;
        } finally {
            endSubsegment();
        }
    }

    /** The entity the current thread is in, if any: the request's segment, or a subsegment on Lambda. */
    static Optional<Entity> current() {
        return Optional.ofNullable(RECORDER.getTraceEntity());
    }

    /** X-Ray's three flags: error for 4xx, throttle for 429 as well, fault for 5xx. */
    static void markStatus(Entity entity, int status) {
        if (status >= 400 && status < 500) {
            entity.setError(true);
            entity.setThrottle(status == 429);
        } else if (status >= 500) {
            entity.setFault(true);
        }
    }

    /** An unhandled exception, with its stack, as a fault of the entity the current thread is in. */
    static void fault(Exception e) {
        current().ifPresent(entity -> entity.addException(e));
    }

    static Optional<String> currentTraceId() {
        return current().map(entity -> entity.getParentSegment().getTraceId().toString());
    }

    private static AWSXRayRecorder configure() {
        var recorder = AWSXRayRecorderBuilder.standard()
                // Code outside a request (start-up, table creation) has no segment: nothing to record, no warning.
                .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy())
                // beginSegment takes the caller's Sampled flag (on Lambda the service's) and never asks this strategy;
                // it is set so that the default, centralized sampling (it polls X-Ray for rules), is never built.
                .withSamplingStrategy(onLambda() ? new LocalizedSamplingStrategy() : new AllSamplingStrategy())
                .build();
        // The AWS SDK interceptor uses the global recorder.
        AWSXRay.setGlobalRecorder(recorder);
        return recorder;
    }

    /**
     * A subsegment for every AWS SDK call (DynamoDB here), with the table and operation. The AWS SDK adds it to every
     * client it builds, because {@code software/amazon/awssdk/global/handlers/execution.interceptors} names it: the
     * storage code builds its client without knowing that it is traced.
     */
    public static final class AwsSdkCalls extends TracingInterceptor {
        static {
            // Before the first call: the interceptor records with the recorder configured above.
            current();
        }
    }

    /** Tells expected failures (a missing pet: a client error) from faults (a bug or an outage). */
    @FunctionalInterface
    interface ErrorClassifier {
        boolean isClientError(RuntimeException e);
    }

    /** Runs {@code work}, for callers that return nothing. */
    static void inSubsegment(String name, Runnable work, ErrorClassifier classifier) {
        inSubsegment(
                name,
                () -> {
                    work.run();
                    return null;
                },
                classifier);
    }
}
