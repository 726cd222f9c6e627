package com.example.pets.observability.metrics;

import static com.example.pets.support.EmfDocuments.directive;
import static com.example.pets.support.EmfDocuments.withMetric;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.pets.Page;
import com.example.pets.pets.Pet;
import com.example.pets.storage.StorageUnavailableException;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.TestCase;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The EMF documents the app writes to stdout, parsed and checked as CloudWatch would read them. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class EmfMetricsTest {

    private final FrontDoor door;
    private StdoutCapture stdout;

    EmfMetricsTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void each_request_is_counted_by_route_a_create_as_a_created_pet_and_a_failure_as_an_unhandled_exception()
            throws Exception {
        logged(Map.of("ENVIRONMENT", "test"), (server, client) -> {
            var created = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "X-Correlation-Id");
            var refused = header(createPet(client, "{\"name\":\"\",\"kind\":\"dog\"}"), "X-Correlation-Id");
            var notFound = header(client.delete("/pets/00000000-0000-4000-8000-000000000000"), "X-Correlation-Id");
            var unknown = header(client.get("/no-such-page"), "X-Correlation-Id");
            var failed = header(client.get("/fail"), "X-Correlation-Id");

            var request = requestCountOf(created);
            assertThat(directive(request).path("Namespace").asText()).isEqualTo("PetsApi");
            assertThat(request.path("route").asText()).isEqualTo("POST /pets");
            assertThat(request.path("service").asText()).isEqualTo("pets-api");
            assertThat(request.path("environment").asText()).isEqualTo("test");
            assertThat(request.path("status").asInt()).isEqualTo(201);
            assertThat(request.path("status_class").asText()).isEqualTo("2xx");
            // Milliseconds, at most the request log line's (written later): a create takes more than one.
            var logLine = stdout.awaitLine(
                    line -> created.equals(line.path("correlation_id").asText())
                            && line.path("message").asText().equals("Request handled"));
            assertThat(request.path("duration_ms").asDouble())
                    .isBetween(1.0, logLine.path("duration_ms").asDouble());
            assertThat(requestCountOf(notFound).path("route").asText()).isEqualTo("DELETE /pets/{id}");
            assertThat(requestCountOf(unknown).path("route").asText()).isEqualTo("other");
            assertThat(requestCountOf(failed).path("route_template").asText()).isEqualTo("/fail");
            assertThat(requestCountOf(failed).path("exception_type").asText())
                    .isEqualTo("java.lang.IllegalStateException");

            assertThat(withMetric(stdout, Metrics.CREATED_PETS)) // the 201 alone: a refused create is no pet
                    .extracting(pet -> pet.path(Metrics.CREATED_PETS).asInt() + " "
                            + pet.path("correlation_id").asText())
                    .containsExactly("1 " + created);
            // Only /fail: a 404 is not an exception. High resolution, so an alarm can fire within seconds.
            var unhandled = withMetric(stdout, Metrics.UNHANDLED_EXCEPTIONS);
            assertThat(unhandled)
                    .extracting(document -> document.path("environment").asText() + " "
                            + document.path("correlation_id").asText())
                    .containsExactly("test " + failed);
            var resolution = directive(unhandled.get(0)).at("/Metrics/0/StorageResolution");
            assertThat(resolution.asInt()).isEqualTo(1);
        });
    }

    /**
     * An Error, not an Exception (a StackOverflowError, a NoClassDefFoundError from a broken artifact), is a bug as
     * much as an exception is, though no exception handler sees it: it counts as an unhandled exception too. An
     * outage of DynamoDB is expected, answered with a 503: not a bug, so not counted as one.
     */
    @Test
    void an_error_that_no_handler_catches_counts_as_an_unhandled_exception_and_an_outage_does_not() throws Exception {
        var broken = new DynamoDbPetRepository(TestDynamoDb.client(), "pets") {
            @Override
            public Optional<Pet> find(String id) {
                throw new AssertionError("a bug");
            }

            @Override
            public Page list(int limit, Optional<String> afterId) {
                throw new StorageUnavailableException(new IllegalStateException("unreachable"));
            }
        };
        var app = PetsApp.create(broken, Clock.systemUTC(), new Observability(ObservabilitySettings.from(Map.of())));
        try (var capture = StdoutCapture.start()) {
            stdout = capture;
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response = client.get("/pets/00000000-0000-4000-8000-000000000000");
                assertThat(response.code()).isEqualTo(500);
                var outage = header(client.get("/pets"), "X-Correlation-Id");
                assertThat(requestCountOf(outage).path("status").asInt()).isEqualTo(503);

                var failed = header(response, "X-Correlation-Id");
                assertThat(requestCountOf(failed).path("status").asInt()).isEqualTo(500);
                assertThat(withMetric(stdout, Metrics.UNHANDLED_EXCEPTIONS))
                        .extracting(document -> document.path("correlation_id").asText())
                        .containsExactly(failed);
            });
        }
    }

    @Test
    void a_metrics_failure_never_fails_the_request() throws Exception {
        // CloudWatch refuses an empty namespace
        logged(Map.of("POWERTOOLS_METRICS_NAMESPACE", ""), (server, client) -> {
            assertThat(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}").code())
                    .isEqualTo(201);
            stdout.awaitLine(line -> line.path("message").asText().equals("Could not write metrics"));
        });
    }

    /** The request's own EMF document, the one with its RequestCount (written before the response is sent). */
    private JsonNode requestCountOf(String correlationId) throws InterruptedException {
        return stdout.awaitLine(line -> line.has(Metrics.REQUEST_COUNT)
                && correlationId.equals(line.path("correlation_id").asText()));
    }

    private void logged(Map<String, String> environment, TestCase test) {
        var observability = new Observability(ObservabilitySettings.from(environment));
        var app = PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability);
        try (var capture = StdoutCapture.start()) {
            stdout = capture;
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, test);
        }
    }
}
