package com.example.pets.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The priming hook SnapStart calls before it snapshots the function. */
class SnapStartPrimingTest {

    @Test
    void priming_runs_a_real_request_through_the_app_and_dynamodb() throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        try (var stdout = StdoutCapture.start()) {
            handler.beforeCheckpoint(null);

            var primed = stdout.awaitLine(line -> line.path("message").asText().equals("Primed for SnapStart"));
            assertThat(primed.path("status").asInt()).isEqualTo(200);
            assertThat(stdout.logLines(line -> line.path("message").asText().equals("Request handled")))
                    .singleElement()
                    .satisfies(line -> assertThat(line.path("route").asText()).isEqualTo("/pets"));
        }
    }

    @Test
    void after_priming_the_first_invocation_is_still_the_cold_start() throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        handler.beforeCheckpoint(null);

        try (var stdout = StdoutCapture.start()) {
            try (var input = Files.newInputStream(Path.of("events", "list-pets.json"))) {
                handler.handleRequest(input, new ByteArrayOutputStream(), new LocalLambdaContext());
            }

            assertThat(stdout.logLines()).isNotEmpty().allSatisfy(line -> assertThat(
                            line.path("cold_start").asBoolean())
                    .isTrue());
        }
    }
}
