package com.example.pets.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lambda freezes the function once the handler returns, so an invocation's flush must send its own spans. The SDK's
 * batch processor answers a flush asked for while an export is still under way with that export's result.
 */
class FlushTest {

    @Test
    void a_flush_that_finds_an_earlier_export_still_under_way_sends_its_own_spans_too() throws Exception {
        var exporter = new FirstExportHeld();
        var provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        try {
            var tracer = provider.get("test");
            tracer.spanBuilder("invocation-1").startSpan().end();
            Tracing.flush(provider, Duration.ofMillis(50)); // out of time: its export is still under way
            assertThat(exporter.firstExportStarted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(exporter.sent).isEmpty();

            tracer.spanBuilder("invocation-2").startSpan().end();
            var second = Thread.ofPlatform().start(() -> Tracing.flush(provider, Duration.ofSeconds(60)));
            var patience = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (second.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < patience) {
                Thread.onSpinWait(); // until it waits for the export under way
            }
            assertThat(second.getState()).as("the second flush waits").isEqualTo(Thread.State.TIMED_WAITING);
            exporter.release();
            second.join();

            assertThat(exporter.sent).containsExactly("invocation-1", "invocation-2");
        } finally {
            provider.shutdown();
        }
    }

    /** An endpoint that takes the first export only when the test says so, and every later one at once. */
    private static final class FirstExportHeld implements SpanExporter {

        final List<String> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch firstExportStarted = new CountDownLatch(1);
        private final CompletableResultCode first = new CompletableResultCode();
        private volatile List<String> held;

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            var names = spans.stream().map(SpanData::getName).toList();
            if (held == null) {
                held = names;
                firstExportStarted.countDown();
                return first;
            }
            sent.addAll(names);
            return CompletableResultCode.ofSuccess();
        }

        void release() {
            sent.addAll(held);
            first.succeed();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
