package com.example.pets.observability.logging;

import static com.example.pets.support.Problems.parse;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.LambdaJsonLogFormat;
import com.example.pets.support.Requests;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Request;
import io.javalin.testtools.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What the app writes to stdout while it handles a request, read back as JSON, through both front doors. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class RequestLogsTest {

    /** A client's text that would break or forge a line if it were not escaped. */
    private static final String HOSTILE_NAME = "Rex \"the\" \\ {\"level\":\"ERROR\"} Ünïcödé 🐕";

    private final FrontDoor door;
    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());
    private StdoutCapture stdout;

    RequestLogsTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void every_line_of_a_request_carries_its_correlation_id_and_route_and_one_access_line_ends_it() throws Exception {
        logged((server, client) -> {
            var body =
                    Json.mapper().createObjectNode().put("name", HOSTILE_NAME).put("kind", "dog");
            var created = client.request(
                    "/pets", Requests.json("POST", body.toString()).header("X-Correlation-Id", "ck-42"));

            assertThat(header(created, "X-Correlation-Id")).isEqualTo("ck-42");
            assertThat(accessLine("ck-42").path("status").asInt()).isEqualTo(201);
            assertThat(valuesOf("ck-42", "message")).containsExactly("Pet created", "Request handled");
            assertThat(valuesOf("ck-42", "pet_name")).contains(HOSTILE_NAME);
            assertThat(linesOf("ck-42")).allSatisfy(line -> {
                assertThat(LambdaJsonLogFormat.problems(line.toString())).isEmpty();
                assertThat(line.path("service").asText()).isEqualTo("pets-api");
                assertThat(line.path("method").asText()).isEqualTo("POST");
                assertThat(line.path("path").asText()).isEqualTo("/pets");
                assertThat(line.path("route").asText()).isEqualTo("/pets");
            });

            // No header: a new id, in the response and the logs. The route is the template, the path what was asked.
            var location = door.appPath(header(created, "Location"));
            var id = header(client.get(location), "X-Correlation-Id");
            assertThat(id).matches("[0-9a-f-]{36}");
            assertThat(accessLine(id).path("route").asText()).isEqualTo("/pets/{id}");
            assertThat(accessLine(id).path("path").asText()).isEqualTo(location);
            assertThat(accessLine(id).path("duration_ms").isNumber()).isTrue();
        });
    }

    @Test
    void client_errors_are_not_logged_as_errors_and_a_refused_header_is_warned_of_in_its_request() throws Exception {
        logged((server, client) -> {
            var unmatched = correlationIdOf(client, "/wp-admin/install.php", "has spaces");
            var invalid = correlationIdOf(client, "/pets/not-an-id", "x".repeat(129)); // one character too long

            assertThat(accessLine(unmatched).path("status").asInt()).isEqualTo(404);
            assertThat(accessLine(invalid).path("status").asInt()).isEqualTo(400);
            client.request("/pets", Requests.getOverriddenTo("DELETE").header("X-Correlation-Id", "mo")); // a 400
            assertThat(accessLine("mo").path("method").asText()).isEqualTo("GET"); // the request line's method
            assertThat(stdout.logLines())
                    .noneMatch(line -> line.path("level").asText().equals("ERROR"));
            // The refused header is replaced, and the warning that says so is a line of its request like any other.
            var warning = "Replaced an unsafe X-Correlation-Id header";
            assertThat(valuesOf(unmatched, "message")).containsExactly(warning, "Request handled");
            assertThat(valuesOf(unmatched, "level")).containsExactly("WARN", "INFO");
            assertThat(valuesOf(unmatched, "route")).containsOnly("unmatched");
            assertThat(valuesOf(invalid, "message")).containsExactly(warning, "Request handled");
            assertThat(valuesOf(invalid, "route")).containsOnly("/pets/{id}");
        });
    }

    @Test
    void an_unhandled_exception_is_one_error_line_with_the_stack_and_the_request_context() throws Exception {
        logged((server, client) -> {
            var response = client.request("/fail", new Request.Builder().get().header("X-Correlation-Id", "err-1"));

            accessLine("err-1");
            var errors = stdout.logLines(line -> line.path("level").asText().equals("ERROR"));
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.path("exception_name").asText()).isEqualTo("java.lang.IllegalStateException");
                assertThat(error.path("exception").asText())
                        .contains("Deliberate failure", "\tat com.example.pets.system.SystemController.fail");
                assertThat(error.path("correlation_id").asText()).isEqualTo("err-1");
                assertThat(error.path("route").asText()).isEqualTo("/fail");
            });
            assertThat(header(response, "X-Correlation-Id")).isEqualTo("err-1");
            assertThat(parse(response.body().string()).path("correlation_id").asText())
                    .isEqualTo("err-1");
        });
    }

    /** Waits for it: the local server writes the access line after it has sent the response. */
    private JsonNode accessLine(String correlationId) throws InterruptedException {
        return stdout.awaitLine(line -> line.path("correlation_id").asText().equals(correlationId)
                && line.path("message").asText().equals("Request handled"));
    }

    private List<JsonNode> linesOf(String correlationId) {
        return stdout.logLines(line -> line.path("correlation_id").asText().equals(correlationId));
    }

    private List<String> valuesOf(String correlationId, String field) {
        return linesOf(correlationId).stream()
                .map(line -> line.path(field).asText())
                .toList();
    }

    private static String correlationIdOf(HttpClient client, String path, String sent) {
        return header(
                client.request(path, new Request.Builder().get().header("X-Correlation-Id", sent)), "X-Correlation-Id");
    }

    private void logged(TestCase test) {
        try (var capture = StdoutCapture.start()) {
            stdout = capture;
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, test);
        }
    }
}
