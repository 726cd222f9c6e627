package com.example.pets.observability.logging;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Requests;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What the local server writes to stdout while it handles a request, read back as JSON. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class LocalRequestLogsTest {

    private final FrontDoor door;

    private final Javalin app = PetsApp.create(TestDynamoDb.newRepository());

    LocalRequestLogsTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void every_line_of_a_request_carries_the_callers_correlation_id_and_the_route() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response = client.request(
                        "/pets",
                        Requests.json("POST", "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                                .header("X-Correlation-Id", "checkout-42"));

                assertThat(header(response, "X-Correlation-Id")).isEqualTo("checkout-42");
                var access =
                        stdout.awaitLine(line -> line.path("message").asText().equals("Request handled"));
                var lines = stdout.logLines(
                        line -> line.path("correlation_id").asText().equals("checkout-42"));

                assertThat(lines)
                        .extracting(line -> line.path("message").asText())
                        .contains("Pet created", "Request handled");
                assertThat(lines).allSatisfy(line -> {
                    assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                    assertThat(line.path("level").asText()).isNotBlank();
                    assertThat(line.path("service").asText()).isEqualTo("pets-api");
                    assertThat(line.path("method").asText()).isEqualTo("POST");
                    assertThat(line.path("path").asText()).isEqualTo("/pets");
                    assertThat(line.path("route").asText()).isEqualTo("/pets");
                });
                assertThat(access.path("status").asInt()).isEqualTo(201);
                assertThat(access.path("duration_ms").isNumber()).isTrue();
            });
        }
    }

    @Test
    void a_request_without_a_correlation_id_gets_a_new_one_in_the_response_and_the_logs() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response = client.get("/pets");

                var id = header(response, "X-Correlation-Id");
                assertThat(id).matches("[0-9a-f-]{36}");
                var access =
                        stdout.awaitLine(line -> line.path("message").asText().equals("Request handled"));
                assertThat(access.path("correlation_id").asText()).isEqualTo(id);
            });
        }
    }

    @Test
    void the_route_is_the_template_and_the_path_is_what_was_asked() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var location =
                        door.appPath(header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location"));

                var id = header(client.get(location), "X-Correlation-Id");

                var access = stdout.awaitLine(
                        line -> line.path("correlation_id").asText().equals(id)
                                && line.path("message").asText().equals("Request handled"));
                assertThat(access.path("route").asText()).isEqualTo("/pets/{id}");
                assertThat(access.path("path").asText()).isEqualTo(location);
            });
        }
    }

    @Test
    void a_request_that_matches_no_route_is_logged_as_unmatched_not_by_its_raw_path() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var id = header(client.get("/wp-admin/install.php"), "X-Correlation-Id");

                var access = stdout.awaitLine(
                        line -> line.path("correlation_id").asText().equals(id)
                                && line.path("message").asText().equals("Request handled"));
                assertThat(access.path("route").asText()).isEqualTo("unmatched");
                assertThat(access.path("status").asInt()).isEqualTo(404);
            });
        }
    }
}
