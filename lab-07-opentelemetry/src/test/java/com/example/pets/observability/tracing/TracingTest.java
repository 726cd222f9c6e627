package com.example.pets.observability.tracing;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
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
import com.example.pets.support.TestOtlpEndpoint;
import com.example.pets.support.traces.Span;
import com.example.pets.support.traces.Trace;
import io.javalin.Javalin;
import io.javalin.testtools.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The spans the app really sends, received as OTLP/HTTP by the course's trace viewer and put back together as the
 * trace tree X-Ray would show.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class TracingTest {

    private final FrontDoor door;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Javalin app = app(Map.of());

    TracingTest(FrontDoor door) {
        this.door = door;
    }

    /** The span of the request, named by its route: the root on the local server, the invocation's child on Lambda. */
    private static Span requestSpan(Trace trace, String name) {
        return trace.find(name);
    }

    @BeforeAll
    static void listenForSpans() {
        TestOtlpEndpoint.traces();
    }

    @Test
    void a_create_is_a_span_named_by_its_route_with_repository_and_dynamodb_child_spans() {
        door.test(app, (server, client) -> {
            var response = client.request(
                    "/pets",
                    Requests.json("POST", "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                            .header("X-Correlation-Id", "trace-create-1"));

            var trace = traceOf(header(response, "X-Amzn-Trace-Id"));
            var request = requestSpan(trace, "POST /pets");
            assertThat(request.annotations())
                    .containsEntry("correlation_id", "trace-create-1")
                    .containsEntry("route", "/pets");
            assertThat(request.httpStatus()).hasValue(201);
            assertThat(request.children()).extracting(Span::name).containsExactly("PetRepository.create");
            var create = trace.find("PetRepository.create");
            assertThat(create.children()).singleElement().satisfies(dynamoDb -> {
                assertThat(dynamoDb.name()).isEqualTo("DynamoDb.PutItem");
                assertThat(dynamoDb.aws("operation")).hasValue("PutItem");
                assertThat(dynamoDb.aws("table_name"))
                        .hasValueSatisfying(table -> assertThat(table).startsWith("pets-"));
            });
            assertThat(trace.spans()).noneMatch(span -> span.error() || span.fault());
        });
    }

    @Test
    void a_missing_pet_is_a_client_error_and_no_span_is_marked_as_failed() {
        door.test(app, (server, client) -> {
            var response = client.get("/pets/00000000-0000-4000-8000-000000000000");

            var trace = traceOf(header(response, "X-Amzn-Trace-Id"));
            var request = requestSpan(trace, "GET /pets/{id}");
            assertThat(request.httpStatus()).hasValue(404);
            assertThat(request.annotations()).containsEntry("route", "/pets/{id}");
            var find = trace.find("PetRepository.find");
            assertThat(find.children())
                    .extracting(span -> span.aws("operation").orElse(""))
                    .containsExactly("GetItem");
            // A 4xx is X-Ray's "error" (the caller's), never a fault: no span has OpenTelemetry's ERROR status.
            assertThat(trace.spans()).noneMatch(Span::fault);
        });
    }

    @Test
    void an_unhandled_exception_is_a_fault_with_the_exception_attached() {
        door.test(app, (server, client) -> {
            var response = client.get("/fail");

            var segment = requestSpan(traceOf(header(response, "X-Amzn-Trace-Id")), "GET /fail");
            assertThat(segment.fault()).isTrue();
            assertThat(segment.exception()).hasValue("IllegalStateException: Deliberate failure from GET /fail");
            assertThat(segment.httpStatus()).hasValue(500);
        });
    }

    @Test
    void an_incoming_trace_header_continues_the_callers_trace() {
        var callersTrace = "1-6740a1b2-0123456789abcdef01234567";
        door.test(app, (server, client) -> {
            var response = client.request(
                    "/pets",
                    new Request.Builder()
                            .get()
                            .header("X-Amzn-Trace-Id", "Root=" + callersTrace + ";Parent=53995c3f42cd8ad8;Sampled=1"));

            assertThat(header(response, "X-Amzn-Trace-Id")).isEqualTo("Root=" + callersTrace);
            var root = traceOf("Root=" + callersTrace).roots().getFirst();
            assertThat(root.document().path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
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
                assertThat(stdout.logLines(
                                line -> line.path("correlation_id").asText().equals(correlationId)))
                        .extracting(line -> line.path("message").asText())
                        .contains("Pet created", "Request handled");
                assertThat(stdout.logLines(
                                line -> line.path("correlation_id").asText().equals(correlationId)))
                        .allSatisfy(line -> {
                            assertThat(line.path("xray_trace_id").asText()).isEqualTo(traceId);
                            assertThat(line.path("trace_id").asText())
                                    .isEqualTo(traceId.substring(2).replace("-", ""));
                            assertThat(line.path("span_id").asText()).matches("[0-9a-f]{16}");
                        });
            });
        }
    }

    @Test
    void on_lambda_the_invocation_span_holds_the_request_and_continues_lambdas_trace() throws IOException {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        var handler = new StreamLambdaHandler(PetsApp.create(repository));

        var output = new ByteArrayOutputStream();
        try (var input = Files.newInputStream(Path.of("events", "get-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        }

        var traceHeader = Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText();
        var trace = traceOf(traceHeader);
        var invocation = trace.roots().getFirst();
        assertThat(invocation.annotations()).containsEntry("cold_start", "true").containsEntry("service", "pets-api");
        assertThat(invocation.children()).extracting(Span::name).containsExactly("GET /pets/{id}");
        assertThat(trace.find("GET /pets/{id}").annotations())
                .containsEntry("correlation_id", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .containsEntry("route", "/pets/{id}");
        assertThat(invocation.flatten().map(Span::name)).contains("PetRepository.find", "DynamoDb.GetItem");
    }

    @Test
    void with_no_endpoint_listening_requests_work_spans_are_counted_as_dropped_and_logged_once() throws Exception {
        var droppedBefore = Tracing.droppedSpans();
        try (var stdout = StdoutCapture.start()) {
            TestOtlpEndpoint.withoutEndpoint(() -> door.test(app, StdoutCapture.LOGS_TO_STDOUT, (server, client) -> {
                for (int i = 0; i < 5; i++) {
                    assertThat(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                                    .code())
                            .isEqualTo(201);
                    Tracing.flush();
                }
            }));

            assertThat(Tracing.droppedSpans()).isGreaterThan(droppedBefore);
            assertThat(stdout.logLines().stream()
                            .filter(line -> line.path("level").asText().matches("WARN|ERROR")))
                    .allSatisfy(
                            line -> assertThat(line.path("message").asText()).startsWith("Could not send spans"))
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    private Javalin app(Map<String, String> env) {
        var observability = new Observability(ObservabilitySettings.from(env));
        return PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability);
    }

    /** The whole trace named by an X-Amzn-Trace-Id header, once its root has arrived. */
    private static Trace traceOf(String traceHeader) {
        var traceId = traceHeader.replaceFirst("^Root=", "").split(";")[0];
        // Spans reach the endpoint in more than one export, and exports may land out of order: the root can arrive
        // before the batch that holds a repository method's DynamoDB call. Wait for those calls as well.
        return TestOtlpEndpoint.traces()
                .await(
                        "trace " + traceId,
                        trace -> trace.id().equals(traceId)
                                && trace.isComplete()
                                && trace.spans()
                                        .filter(span -> span.name().startsWith("PetRepository."))
                                        .noneMatch(span -> span.children().isEmpty()),
                        TIMEOUT);
    }
}
