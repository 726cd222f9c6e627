package com.example.pets.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.Problems;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.support.TestOtlpEndpoint;
import com.example.pets.support.traces.Span;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Spans after a SnapStart restore. The snapshot holds the exporter, its thread and its HTTP client, whose connection
 * to the endpoint is gone once the environment is restored elsewhere. The test takes the same steps with the hooks
 * SnapStart calls: priming (whose spans are sent before the snapshot), then a new endpoint process on the same
 * address, then the restore hook and an invocation, whose spans must arrive.
 */
class RestoreExportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void after_a_restore_the_first_invocations_spans_are_exported_over_a_new_connection() throws Exception {
        var traces = TestOtlpEndpoint.traces();
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);
        traces.await(
                "the priming request's spans",
                trace -> trace.spans().map(Span::name).anyMatch("GET /pets"::equals),
                TIMEOUT);

        TestOtlpEndpoint.restart();
        handler.afterRestore(null);
        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", "get-missing-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }

        var traceId = Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText()
                .substring("Root=".length());
        var trace = traces.await(
                "the restored invocation's trace",
                received -> received.id().equals(traceId) && received.isComplete(),
                TIMEOUT);
        assertThat(trace.spans().map(Span::name)).contains("GET /pets/{id}", "PetRepository.find", "DynamoDb.GetItem");
    }
}
