package com.example.pets.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A span for every AWS SDK call (DynamoDB here), made by OpenTelemetry's AWS SDK v2 instrumentation. The AWS SDK adds
 * this interceptor to every client it builds, because
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} names it: the storage code, the local server
 * and the tests build their clients without knowing that they are traced.
 *
 * <p>A class of ours, because the SDK creates what that file names with a no-argument constructor, and the
 * instrumentation's own such class ({@code opentelemetry-aws-sdk-2.2-autoconfigure}) stops at 2.23.0-alpha, which does
 * not load with 2.31 ({@code NoClassDefFoundError: ...AbstractAwsSdkTelemetryFactory}, tried). It would also read
 * {@code GlobalOpenTelemetry} when the first client is built, which can be before the app builds the SDK (the Lambda
 * entry point, the tests); this class reaches the SDK through {@link Tracing}, initialised on first use. It hands on
 * the hooks the instrumentation implements, no more: {@code AwsSdkCallsTest} compares them.
 */
public final class AwsSdkCalls implements ExecutionInterceptor {

    private static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
            AttributeKey.longKey("http.response.status_code");

    private final ExecutionInterceptor delegate =
            AwsSdkTelemetry.create(Tracing.OPEN_TELEMETRY).createExecutionInterceptor();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return delegate.modifyRequest(context, attributes);
    }

    @Override
    public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
        delegate.afterMarshalling(context, attributes);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return delegate.modifyHttpRequest(context, attributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        delegate.beforeTransmission(context, attributes);
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return delegate.modifyHttpResponseContent(context, attributes);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        delegate.afterExecution(context, attributes);
    }

    /**
     * The instrumentation ends the span of a call AWS answered with an error without its status code, and X-Ray then
     * calls a refused condition (a 404 or a 412 to the client) a fault. With the code, a 4xx is X-Ray's error.
     */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof SdkServiceException answered) {
            Span.current().setAttribute(HTTP_RESPONSE_STATUS_CODE, answered.statusCode()); // the call's span, here
        }
        delegate.onExecutionFailure(context, attributes);
    }
}
