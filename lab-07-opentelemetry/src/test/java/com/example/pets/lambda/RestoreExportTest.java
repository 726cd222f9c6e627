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
 * to the endpoint is gone once the environment is restored elsewhere. The tests take the same steps with the hooks
 * SnapStart calls: priming (whose spans are sent before the snapshot), then the restore hook and an invocation, whose
 * spans must leave on a connection of their own, and arrive even when the endpoint process was replaced meanwhile.
 */
class RestoreExportTest {

    @Test
    void after_a_restore_the_spans_leave_on_a_new_connection_not_the_one_the_snapshot_held() throws Exception {
        TestOtlpEndpoint.listen();
        TestOtlpEndpoint.forget();
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);
        var snapshotConnection = TestOtlpEndpoint.connectionOf(TestOtlpEndpoint.awaitSpan("GET /pets"));

        // The endpoint stays up, so the exporter's kept-alive connection would still work here; on Lambda the
        // restored snapshot's connection leads nowhere.
        handler.afterRestore(null);
        var traceHeader = invoke(handler, "get-missing-pet.json");

        var request = TestOtlpEndpoint.find(TestOtlpEndpoint.trace(traceHeader), "GET /pets/{id}");
        assertThat(TestOtlpEndpoint.connectionOf(request)).isNotEqualTo(snapshotConnection);
    }

    @Test
    void after_a_restore_and_an_endpoint_restart_the_first_invocations_spans_are_exported() throws Exception {
        TestOtlpEndpoint.listen();
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);
        TestOtlpEndpoint.awaitSpan("GET /pets");

        TestOtlpEndpoint.restart();
        handler.afterRestore(null);
        var traceHeader = invoke(handler, "get-missing-pet.json");

        assertThat(TestOtlpEndpoint.trace(traceHeader))
                .extracting(Span::getName)
                .contains("GET /pets/{id}", "PetRepository.find", "DynamoDb.GetItem");
    }

    /** Invokes the handler with an event file; returns the trace header of its response. */
    private static String invoke(StreamLambdaHandler handler, String event) throws Exception {
        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", event))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }
        return Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText();
    }
}
