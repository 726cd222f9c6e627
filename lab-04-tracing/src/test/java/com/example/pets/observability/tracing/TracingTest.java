package com.example.pets.observability.tracing;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.TestXRayDaemon.all;
import static com.example.pets.support.TestXRayDaemon.annotations;
import static com.example.pets.support.TestXRayDaemon.find;
import static com.example.pets.support.TestXRayDaemon.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.Requests;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.support.TestXRayDaemon;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The segments the app really sends, received over UDP by a stand-in for the X-Ray daemon: per request one JSON
 * document, its subsegments inside it, as X-Ray receives it.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class TracingTest {

    private final FrontDoor door;

    private final Javalin app = app(Map.of());

    TracingTest(FrontDoor door) {
        this.door = door;
    }

    /** What carries a request's annotations: its segment locally; on Lambda, which owns that, the handler's. */
    private JsonNode request(JsonNode segment) {
        return door == FrontDoor.JAVALIN_SERVER ? segment : find(segment, "## handleRequest");
    }

    @BeforeAll
    static void listenForSegments() {
        TestXRayDaemon.listen();
    }

    @Test
    void a_create_is_a_segment_with_repository_and_dynamodb_subsegments() {
        door.test(app, (server, client) -> {
            var segment = segmentOf(client.request(
                    "/pets",
                    Requests.json("POST", "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                            .header("X-Correlation-Id", "trace-create-1")));

            assertThat(segment.path("name").asText()).isEqualTo("pets-api");
            assertThat(annotations(request(segment)))
                    .containsEntry("correlation_id", "trace-create-1")
                    .containsEntry("route", "/pets")
                    .containsEntry("Service", "pets-api");
            assertThat(request(segment).at("/http/response/status").asInt()).isEqualTo(201);
            var create = find(segment, "## PetRepository.create");
            assertThat(create.path("subsegments")).singleElement().satisfies(dynamoDb -> {
                assertThat(dynamoDb.path("name").asText()).isEqualTo("DynamoDb");
                assertThat(dynamoDb.at("/aws/operation").asText()).isEqualTo("PutItem");
                assertThat(dynamoDb.at("/aws/table_name").asText()).startsWith("pets-");
            });
            assertThat(all(segment))
                    .noneMatch(entity -> entity.path("error").asBoolean()
                            || entity.path("fault").asBoolean());
        });
    }

    @Test
    void a_missing_pet_marks_its_repository_subsegment_as_a_client_error() {
        door.test(app, (server, client) -> {
            var missing = "/pets/00000000-0000-4000-8000-000000000000";
            var segment = segmentOf(client.get(missing));

            var find = find(segment, "## PetRepository.find");
            assertThat(find.path("error").asBoolean()).isTrue();
            assertThat(find.path("fault").asBoolean()).isFalse();
            assertThat(find.path("subsegments"))
                    .extracting(call -> call.at("/aws/operation").asText())
                    .containsExactly("GetItem");
            assertThat(request(segment).path("error").asBoolean()).isTrue();
            assertThat(annotations(request(segment))).containsEntry("route", "/pets/{id}");
            var delete = segmentOf(client.request(missing, new Request.Builder().delete(BodyPublishers.noBody())));
            assertThat(find(delete, "## PetRepository.delete").has("cause")).isFalse();
            var refused = segmentOf(client.request("/pets", Requests.json("POST", "{\"kind\":\"dog\"}")));
            assertThat(request(refused).path("error").asBoolean()).isTrue();
        });
    }

    @Test
    void an_unhandled_exception_is_a_fault_with_the_exception_attached() {
        door.test(app, (server, client) -> {
            var request = request(segmentOf(client.get("/fail")));

            assertThat(request.path("fault").asBoolean()).isTrue();
            assertThat(request.at("/cause/exceptions/0/type").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(request.at("/cause/exceptions/0/message").asText())
                    .isEqualTo("Deliberate failure from GET /fail");
            assertThat(request.at("/http/response/status").asInt()).isEqualTo(500);
        });
    }

    @Test
    void an_incoming_trace_header_continues_the_callers_trace() {
        var callersTrace = "1-6740a1b2-0123456789abcdef0123456" + door.ordinal(); // each door its own trace
        door.test(app, (server, client) -> {
            var response = client.request(
                    "/pets",
                    new Request.Builder()
                            .get()
                            .header("X-Amzn-Trace-Id", "Root=" + callersTrace + ";Parent=53995c3f42cd8ad8;Sampled=1"));

            assertThat(header(response, "X-Amzn-Trace-Id")).isEqualTo("Root=" + callersTrace);
            assertThat(segment(callersTrace).path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
        });
    }

    @Test
    void every_log_line_of_a_request_carries_its_trace_id() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                var response = createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}");
                var traceId = header(response, "X-Amzn-Trace-Id").substring("Root=".length());
                var correlationId = header(response, "X-Correlation-Id");

                stdout.awaitLine(line -> line.path("message").asText().equals("Request handled")
                        && line.path("correlation_id").asText().equals(correlationId));
                var lines = stdout.logLines(
                        line -> line.path("correlation_id").asText().equals(correlationId));
                assertThat(lines)
                        .extracting(line -> line.path("message").asText())
                        .contains("Pet created", "Request handled");
                assertThat(lines)
                        .allSatisfy(line ->
                                assertThat(line.path("xray_trace_id").asText()).isEqualTo(traceId));
            });
        }
    }

    @Test
    void on_lambda_the_handler_subsegment_holds_the_request_and_is_annotated_for_filtering() throws IOException {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        var handler = new StreamLambdaHandler(PetsApp.create(repository));

        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", "get-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }

        var traceHeader = Problems.parse(output.toString())
                .at("/multiValueHeaders/X-Amzn-Trace-Id/0")
                .asText();
        var invocation = find(segment(traceHeader), "## handleRequest");
        assertThat(annotations(invocation))
                .containsEntry("ColdStart", "true")
                .containsEntry("Service", "pets-api")
                .containsEntry("correlation_id", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .containsEntry("route", "/pets/{id}");
        assertThat(all(invocation).map(entity -> entity.path("name").asText()))
                .contains("## PetRepository.find", "DynamoDb");
    }

    @Test
    void responses_are_recorded_as_metadata_only_when_switched_on() {
        door.test(app(Map.of("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "true")), (server, client) -> {
            var traced = request(segmentOf(client.get("/")));
            assertThat(traced.at("/metadata/pets-api/response").asText()).contains("\"service\":\"pets-api\"");
        });
        door.test(app, (server, client) -> {
            var untraced = request(segmentOf(client.get("/")));
            assertThat(untraced.has("metadata")).isFalse();
        });
    }

    @Test
    void with_no_daemon_listening_requests_work_and_nothing_floods_the_log() throws Exception {
        try (var stdout = StdoutCapture.start()) {
            TestXRayDaemon.withoutDaemon(() -> door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                for (int i = 0; i < 5; i++) {
                    assertThat(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                                    .code())
                            .isEqualTo(201);
                }
            }));
            assertThat(stdout.logLines())
                    .extracting(line -> line.path("level").asText())
                    .containsOnly("INFO");
        }
    }

    private Javalin app(Map<String, String> env) {
        var observability = new Observability(ObservabilitySettings.from(env));
        return PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability);
    }

    /** The segment of the trace a response names in its X-Amzn-Trace-Id header. */
    private static JsonNode segmentOf(Response response) {
        return segment(header(response, "X-Amzn-Trace-Id"));
    }
}
