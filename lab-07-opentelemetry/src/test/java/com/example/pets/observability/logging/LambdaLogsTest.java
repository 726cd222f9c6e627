package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the function writes to stdout, the way CloudWatch Logs receives it, for events from {@code events/}. */
class LambdaLogsTest {

    /** The API Gateway request id in the event files: the correlation id when the caller sent none. */
    private static final String API_GATEWAY_REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

    private StreamLambdaHandler handler;

    @BeforeEach
    void startFunction() {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        handler = new StreamLambdaHandler(PetsApp.create(repository));
    }

    @Test
    void every_line_of_an_invocation_carries_the_lambda_context() throws IOException {
        var context = new LocalLambdaContext();
        try (var stdout = StdoutCapture.start()) {
            invoke("create-pet.json", context);

            var lines = stdout.logLines();
            assertThat(lines)
                    .extracting(line -> line.path("message").asText())
                    .contains("Pet created", "Request handled");
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("function_name").asText()).isEqualTo("pets-api");
                assertThat(line.path("function_version").asText()).isEqualTo("$LATEST");
                assertThat(line.path("function_memory_size").asInt()).isEqualTo(LocalLambdaContext.MEMORY_MB);
                assertThat(line.path("function_memory_size").isNumber()).isTrue();
                assertThat(line.path("function_arn").asText()).startsWith("arn:aws:lambda:");
                assertThat(line.path("function_request_id").asText()).isEqualTo(context.getAwsRequestId());
                assertThat(line.path("cold_start").isBoolean()).isTrue();
                assertThat(line.path("correlation_id").asText()).isEqualTo(API_GATEWAY_REQUEST_ID);
                assertThat(line.path("route").asText()).isEqualTo("/pets");
            });
        }
    }

    @Test
    void only_the_first_invocation_of_an_environment_is_a_cold_start() throws IOException {
        var first = new LocalLambdaContext();
        var second = new LocalLambdaContext();
        try (var stdout = StdoutCapture.start()) {
            invoke("list-pets.json", first);
            invoke("list-pets.json", second);

            assertThat(linesOf(stdout, first)).isNotEmpty().allSatisfy(line -> assertThat(
                            line.path("cold_start").asBoolean())
                    .isTrue());
            assertThat(linesOf(stdout, second)).isNotEmpty().allSatisfy(line -> assertThat(
                            line.path("cold_start").asBoolean())
                    .isFalse());
        }
    }

    @Test
    void nothing_of_one_invocation_leaks_into_the_next() throws IOException {
        var first = new LocalLambdaContext();
        var second = new LocalLambdaContext();
        try (var stdout = StdoutCapture.start()) {
            invoke("create-pet.json", first);
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
            invoke("get-root.json", second);

            var secondLines = linesOf(stdout, second);
            assertThat(secondLines).isNotEmpty().noneMatch(line -> line.has("pet_id"));
            assertThat(secondLines)
                    .allSatisfy(line -> assertThat(line.path("route").asText()).isEqualTo("/"));
            assertThat(stdout.logLines()).allSatisfy(line -> assertThat(
                            line.path("function_request_id").asText())
                    .isIn(first.getAwsRequestId(), second.getAwsRequestId()));
        }
    }

    private static List<JsonNode> linesOf(StdoutCapture stdout, LocalLambdaContext context) {
        return stdout.logLines(line -> line.path("function_request_id").asText().equals(context.getAwsRequestId()));
    }

    private void invoke(String event, LocalLambdaContext context) throws IOException {
        try (var input = Files.newInputStream(Path.of("events", event))) {
            handler.handleRequest(input, new ByteArrayOutputStream(), context);
        }
    }
}
