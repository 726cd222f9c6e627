package com.example.pets.observability.metrics;

import static com.example.pets.support.EmfDocuments.withMetric;
import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.EmfDocuments;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The EMF documents the app writes to stdout, parsed and checked as CloudWatch would read them. */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class EmfMetricsTest {

    private final FrontDoor door;

    private static final ObservabilitySettings SETTINGS = ObservabilitySettings.from(Map.of("ENVIRONMENT", "test"));

    private final Javalin app =
            PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), new Observability(SETTINGS));

    EmfMetricsTest(FrontDoor door) {
        this.door = door;
    }

    @Test
    void a_create_counts_the_request_by_route_and_the_created_pet() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var id = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "X-Correlation-Id");

                var request = requestCountOf(stdout, id);
                EmfDocuments.assertValid(request);
                assertThat(EmfDocuments.directive(request).path("Namespace").asText())
                        .isEqualTo("PetsApi");
                assertThat(request.path("route").asText()).isEqualTo("POST /pets");
                assertThat(request.path("service").asText()).isEqualTo("pets-api");
                assertThat(request.path("environment").asText()).isEqualTo("test");
                assertThat(request.path("status").asInt()).isEqualTo(201);
                assertThat(request.path("status_class").asText()).isEqualTo("2xx");
                assertThat(request.path("duration_ms").isNumber()).isTrue();

                var created = withMetric(stdout, Metrics.CREATED_PETS);
                assertThat(created).hasSize(1);
                assertThat(created.get(0).path(Metrics.CREATED_PETS).asDouble()).isEqualTo(1.0);
                assertThat(EmfDocuments.directive(created.get(0)).path("Dimensions"))
                        .hasToString("[[\"service\",\"environment\"]]");
            });
        }
    }

    @Test
    void a_404_is_counted_under_its_route_template_and_is_not_an_exception() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var id = header(client.get("/pets/00000000-0000-4000-8000-000000000000"), "X-Correlation-Id");

                var request = requestCountOf(stdout, id);
                assertThat(request.path("route").asText()).isEqualTo("GET /pets/{id}");
                assertThat(request.path("status_class").asText()).isEqualTo("4xx");
                assertThat(withMetric(stdout, Metrics.UNHANDLED_EXCEPTIONS)).isEmpty();
                assertThat(withMetric(stdout, Metrics.CREATED_PETS)).isEmpty();
            });
        }
    }

    @Test
    void fail_counts_one_unhandled_exception_at_high_resolution_with_its_type() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var id = header(client.get("/fail"), "X-Correlation-Id");

                var request = requestCountOf(stdout, id);
                assertThat(request.path("route").asText()).isEqualTo("other");
                assertThat(request.path("route_template").asText()).isEqualTo("/fail");
                assertThat(request.path("exception_type").asText()).isEqualTo("java.lang.IllegalStateException");
                var exceptions = stdout.awaitLine(line -> line.has(Metrics.UNHANDLED_EXCEPTIONS));
                assertThat(EmfDocuments.directive(exceptions)
                                .path("Metrics")
                                .get(0)
                                .path("StorageResolution")
                                .asInt())
                        .isEqualTo(1);
                assertThat(withMetric(stdout, Metrics.UNHANDLED_EXCEPTIONS)).hasSize(1);
            });
        }
    }

    @Test
    void two_invocations_in_a_row_count_one_cold_start() throws IOException {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        var handler =
                new StreamLambdaHandler(PetsApp.create(repository, Clock.systemUTC(), new Observability(SETTINGS)));
        try (var stdout = StdoutCapture.start()) {
            invoke(handler, "get-pet.json");
            invoke(handler, "get-pet.json");

            var coldStarts = withMetric(stdout, Metrics.COLD_START);
            assertThat(coldStarts).hasSize(1);
            assertThat(coldStarts.get(0).path("function_name").asText()).isEqualTo("pets-api");
            assertThat(EmfDocuments.directive(coldStarts.get(0)).path("Dimensions"))
                    .hasToString("[[\"service\",\"function_name\"]]");
            assertThat(withMetric(stdout, Metrics.REQUEST_COUNT))
                    .hasSize(2)
                    .allSatisfy(doc -> assertThat(doc.path("route").asText()).isEqualTo("GET /pets/{id}"));
        }
    }

    @Test
    void a_metrics_failure_never_fails_the_request() throws Exception {
        // CloudWatch refuses an empty namespace
        var broken = new Observability(ObservabilitySettings.from(Map.of("POWERTOOLS_METRICS_NAMESPACE", "")));
        var appWithBrokenMetrics = PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), broken);
        try (var stdout = StdoutCapture.start()) {
            door.test(appWithBrokenMetrics, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");

                assertThat(response.code()).isEqualTo(201);
                stdout.awaitLine(line -> line.path("message").asText().equals("Could not write metrics"));
            });
        }
    }

    /** The request's own EMF document: the one with its RequestCount. */
    private static JsonNode requestCountOf(StdoutCapture stdout, String correlationId) throws InterruptedException {
        return stdout.awaitLine(line -> line.has(Metrics.REQUEST_COUNT)
                && correlationId.equals(line.path("correlation_id").asText()));
    }

    private static void invoke(StreamLambdaHandler handler, String event) throws IOException {
        try (var input = Files.newInputStream(Path.of("events", event))) {
            handler.handleRequest(input, new ByteArrayOutputStream(), new LocalLambdaContext());
        }
    }
}
