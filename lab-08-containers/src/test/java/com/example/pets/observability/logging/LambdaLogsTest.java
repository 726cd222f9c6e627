package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.Problems;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
    void every_line_carries_its_invocation_and_only_the_first_is_a_cold_start() throws IOException {
        var first = new LocalLambdaContext();
        var second = new LocalLambdaContext();
        try (var stdout = StdoutCapture.start()) {
            invoke(event("create-pet.json"), first);
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty(); // nothing of one invocation leaks into the next
            invoke(event("fail.json"), second);

            var firstLines = linesOf(stdout, first);
            assertThat(firstLines)
                    .anyMatch(line -> line.path("message").asText().equals("Pet created"));
            assertThat(firstLines).allSatisfy(line -> {
                assertThat(line.path("function_name").asText()).isEqualTo("pets-api");
                assertThat(line.path("function_version").asText()).isEqualTo("$LATEST");
                assertThat(line.path("function_memory_size").toString()).isEqualTo("" + LocalLambdaContext.MEMORY_MB);
                assertThat(line.path("function_arn").asText()).startsWith("arn:aws:lambda:");
                assertThat(line.path("cold_start").toString()).isEqualTo("true"); // JSON true, not "true"
                assertThat(line.path("correlation_id").asText()).isEqualTo(API_GATEWAY_REQUEST_ID);
                assertThat(line.path("route").asText()).isEqualTo("/pets");
            });
            var secondLines = linesOf(stdout, second);
            assertThat(secondLines).anyMatch(line -> line.path("level").asText().equals("ERROR"));
            assertThat(secondLines).allSatisfy(line -> {
                assertThat(line.path("cold_start").toString()).isEqualTo("false");
                assertThat(line.path("route").asText()).isEqualTo("/fail");
                assertThat(line.has("pet_id")).isFalse();
            });
            assertThat(stdout.logLines()).hasSize(firstLines.size() + secondLines.size());
        }
    }

    /** Lambda events can carry any bytes in a header, where no HTTP client would send them. */
    @ParameterizedTest
    @ValueSource(strings = {"x\"}\n{\"level\":\"ERROR\",\"message\":\"forged\"}", "id\r\nlevel=ERROR forged", "ünï"})
    void an_unsafe_correlation_header_is_replaced_and_cannot_forge_a_line(String forged) throws IOException {
        var event = event("list-pets.json");
        ((ObjectNode) event.path("headers")).put("X-Correlation-Id", forged);
        ((ObjectNode) event.path("multiValueHeaders"))
                .putArray("X-Correlation-Id")
                .add(forged);
        try (var stdout = StdoutCapture.start()) {
            var response = invoke(event, new LocalLambdaContext());

            assertThat(response.at("/multiValueHeaders/X-Correlation-Id/0").asText())
                    .isEqualTo(API_GATEWAY_REQUEST_ID);
            assertThat(stdout.logLines())
                    .extracting(line -> line.path("correlation_id").asText())
                    .containsOnly(API_GATEWAY_REQUEST_ID);
            assertThat(stdout.logLines())
                    .extracting(line -> line.path("message").asText())
                    .contains("Replaced an unsafe X-Correlation-Id header");
            assertThat(stdout.lines()).noneMatch(line -> line.contains("forged"));
        }
    }

    private static List<JsonNode> linesOf(StdoutCapture stdout, LocalLambdaContext context) {
        return stdout.logLines(line -> line.path("function_request_id").asText().equals(context.getAwsRequestId()));
    }

    private static ObjectNode event(String file) throws IOException {
        return (ObjectNode) Json.mapper().readTree(Path.of("events", file).toFile());
    }

    private JsonNode invoke(JsonNode event, LocalLambdaContext context) throws IOException {
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), output, context);
        return Problems.parse(output.toString());
    }
}
