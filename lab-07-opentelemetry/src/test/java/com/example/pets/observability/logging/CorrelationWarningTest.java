package com.example.pets.observability.logging;

import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import io.javalin.testtools.Request;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The warning about a refused correlation header is a line of its request like any other: same id, same route. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class CorrelationWarningTest {

    private final FrontDoor door;

    CorrelationWarningTest(FrontDoor door) {
        this.door = door;
    }

    @ParameterizedTest(name = "{0} -> route {1}")
    @CsvSource({"/pets, /pets", "/pets/not-a-uuid, /pets/{id}", "/no-such-route, unmatched"})
    void the_warning_names_the_route_of_the_access_line(String path, String route) throws Exception {
        var app = PetsApp.create(TestDynamoDb.newRepository());
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response =
                        client.request(path, new Request.Builder().get().header("X-Correlation-Id", "has spaces"));
                var id = header(response, "X-Correlation-Id");

                var access = stdout.awaitLine(
                        line -> line.path("correlation_id").asText().equals(id)
                                && line.path("message").asText().equals("Request handled"));
                var warnings = stdout.logLines(
                        line -> line.path("correlation_id").asText().equals(id)
                                && line.path("level").asText().equals("WARN"));

                assertThat(access.path("route").asText()).isEqualTo(route);
                assertThat(warnings).singleElement().satisfies(warning -> {
                    assertThat(warning.path("message").asText())
                            .isEqualTo("Replaced an unsafe X-Correlation-Id header");
                    assertThat(warning.path("route").asText()).isEqualTo(route);
                    assertThat(warning.path("path").asText()).isEqualTo(path);
                });
            });
        }
    }
}
