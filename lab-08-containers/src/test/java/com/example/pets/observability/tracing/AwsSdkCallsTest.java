package com.example.pets.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The AWS SDK calls its interceptors' hooks; the spans come from the instrumentation's, behind {@link AwsSdkCalls}. */
class AwsSdkCallsTest {

    @Test
    void every_hook_the_aws_sdk_instrumentation_implements_is_handed_on() {
        var instrumentation = AwsSdkTelemetry.create(OpenTelemetry.noop()).createExecutionInterceptor();

        assertThat(hooks(AwsSdkCalls.class)).isEqualTo(hooks(instrumentation.getClass()));
    }

    /** The hooks of {@link ExecutionInterceptor} a class implements, rather than inherits as no-ops. */
    private static Set<String> hooks(Class<?> type) {
        var hooks = Stream.of(ExecutionInterceptor.class.getMethods())
                .map(Method::getName)
                .toList();
        return Stream.of(type.getMethods())
                .filter(method -> method.getDeclaringClass() != ExecutionInterceptor.class)
                .map(Method::getName)
                .filter(hooks::contains)
                .collect(Collectors.toSet());
    }
}
