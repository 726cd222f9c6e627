package com.example.pets.observability.logging;

import static com.example.pets.support.Requests.createPet;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values a client controls end up in logs. They must stay inside their field: no quote or newline can end a line
 * early or add a forged one. Lambda events can carry any bytes in a header, so the header tests use them.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class LogInjectionTest {

    private final FrontDoor door;

    private static final String FORGED_LINE = "{\"level\":\"ERROR\",\"message\":\"forged\"}";

    LogInjectionTest(FrontDoor door) {
        this.door = door;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x\"}\n" + FORGED_LINE,
                "id\r\nlevel=ERROR forged",
                "has spaces",
                "ünïcödé",
                "a-very-long-id-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void an_unsafe_correlation_header_is_replaced_and_the_replacement_logged(String forged) throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        var event = (ObjectNode)
                Json.mapper().readTree(Path.of("events", "list-pets.json").toFile());
        ((ObjectNode) event.path("headers")).put("X-Correlation-Id", forged);
        ((ObjectNode) event.path("multiValueHeaders"))
                .putArray("X-Correlation-Id")
                .add(forged);

        try (var stdout = StdoutCapture.start()) {
            var output = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), output, new LocalLambdaContext());

            var response = Problems.parse(output.toString());
            var echoed = response.path("multiValueHeaders")
                    .path("X-Correlation-Id")
                    .path(0)
                    .asText();
            assertThat(echoed).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");

            var lines = stdout.logLines();
            assertThat(stdout.jsonLines())
                    .noneMatch(line -> line.path("message").asText().equals("forged"));
            assertThat(lines)
                    .extracting(line -> line.path("correlation_id").asText())
                    .containsOnly(echoed);
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("message").asText()).isEqualTo("Replaced an unsafe X-Correlation-Id header");
            });
            assertThat(stdout.lines()).noneMatch(line -> line.contains("forged") && !line.startsWith("{"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Rex \"the\" king", "Back\\slash", "{\"level\":\"ERROR\"}", "Ünïcödé 🐕"})
    void a_pet_name_stays_inside_its_field(String name) throws Exception {
        var app = PetsApp.create(TestDynamoDb.newRepository());
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var body = Json.mapper().createObjectNode().put("name", name).put("kind", "dog");

                var response = createPet(client, Json.mapper().writeValueAsString(body));

                assertThat(response.code()).isEqualTo(201);
                JsonNode created =
                        stdout.awaitLine(line -> line.path("message").asText().equals("Pet created"));
                assertThat(created.path("pet_name").asText()).isEqualTo(name);
                assertThat(stdout.logLines())
                        .noneMatch(line -> line.path("level").asText().equals("ERROR"));
            });
        }
    }
}
