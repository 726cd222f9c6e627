package com.example.pets.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.container.Probes;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.support.TestOtlpEndpoint;
import io.javalin.testtools.JavalinTest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In the container, what the load balancer, a readiness check and Prometheus ask is not traced; the API is. */
class ProbesUntracedTest {

    @BeforeAll
    static void listenForSpans() {
        TestOtlpEndpoint.listen();
    }

    @Test
    void probes_and_scrapes_send_no_spans_and_the_requests_after_them_do() {
        var observability = Observability.forContainer(ObservabilitySettings.from(Map.of()));
        var probes = new Probes(TestDynamoDb.client(), "pets");
        var app = PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability, probes::register);
        // Sampled traces, so that only the sampler can leave them out.
        var probed = "Root=1-6740a1b2-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=53995c3f42cd8ad8;Sampled=1";
        var api = "Root=1-6740a1b2-bbbbbbbbbbbbbbbbbbbbbbbb;Parent=53995c3f42cd8ad8;Sampled=1";
        JavalinTest.test(app, (server, client) -> {
            for (var path : List.of("/health", "/health/", "/ready", "/metrics")) {
                client.get(path, request -> request.header("X-Amzn-Trace-Id", probed));
            }
            client.get("/pets", request -> request.header("X-Amzn-Trace-Id", api));

            // The container sends spans in batches, in the order they end: once the API's trace is here, a span of
            // the probes before it would be too.
            assertThat(TestOtlpEndpoint.trace(api)).isNotEmpty();
            assertThat(TestOtlpEndpoint.received(probed)).isEmpty();
        });
    }
}
