package com.example.pets.lambda;

import static com.example.pets.support.TestOtlpEndpoint.connectionOf;
import static com.example.pets.support.TestOtlpEndpoint.trace;
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
 * SnapStart calls: priming (whose spans are sent before the snapshot), then the restore hook and an invocation.
 */
class RestoreExportTest {

    @Test
    void after_a_restore_the_spans_leave_on_a_new_connection_and_reach_a_restarted_endpoint() throws Exception {
        TestOtlpEndpoint.listen();
        TestOtlpEndpoint.forget();
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);
        var snapshotConnection = connectionOf(TestOtlpEndpoint.awaitSpan("GET /pets"));

        // The endpoint stays up, so the exporter's kept-alive connection would still work here; on Lambda the
        // restored snapshot's connection leads nowhere.
        handler.afterRestore(null);
        var trace = trace(invoke(handler));
        assertThat(trace)
                .extracting(Span::getName)
                .contains("GET /pets/{id}", "PetRepository.find", "DynamoDb.GetItem");
        assertThat(trace).allSatisfy(span -> assertThat(connectionOf(span)).isNotEqualTo(snapshotConnection));

        // Restored again, after the endpoint process was replaced: every connection the app had is gone.
        TestOtlpEndpoint.withoutEndpoint(() -> {});
        handler.afterRestore(null);
        assertThat(trace(invoke(handler))).extracting(Span::getName).contains("GET /pets/{id}", "DynamoDb.GetItem");
    }

    /** Invokes the handler with a request for a missing pet; returns the trace header of its response. */
    private static String invoke(StreamLambdaHandler handler) throws Exception {
        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", "get-missing-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }
        return Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText();
    }
}
