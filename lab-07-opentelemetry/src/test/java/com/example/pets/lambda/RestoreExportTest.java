package com.example.pets.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.Problems;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.support.TestOtlpEndpoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Spans after a SnapStart restore. The snapshot holds the exporter, its thread and its HTTP client, whose connection
 * to the endpoint is gone once the environment is restored elsewhere. The test takes the same steps with the hooks
 * SnapStart calls: priming (whose spans are sent before the snapshot), then a new endpoint process on the same
 * address, then the restore hook and an invocation, whose spans must arrive.
 */
class RestoreExportTest {

    @Test
    void after_a_restore_the_first_invocations_spans_are_exported_over_a_new_connection() throws Exception {
        TestOtlpEndpoint.listen();
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);
        TestOtlpEndpoint.awaitSpan("GET /pets");

        TestOtlpEndpoint.restart();
        handler.afterRestore(null);
        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", "get-missing-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }

        var traceHeader = Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText();
        assertThat(TestOtlpEndpoint.trace(traceHeader))
                .extracting(Span::getName)
                .contains("GET /pets/{id}", "PetRepository.find", "DynamoDb.GetItem");
    }
}
