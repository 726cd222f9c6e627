package com.example.pets.observability.tracing;

import static com.example.pets.support.Requests.createPet;
import static com.example.pets.support.Requests.header;
import static com.example.pets.support.TestOtlpEndpoint.attributes;
import static com.example.pets.support.TestOtlpEndpoint.children;
import static com.example.pets.support.TestOtlpEndpoint.find;
import static com.example.pets.support.TestOtlpEndpoint.root;
import static com.example.pets.support.TestOtlpEndpoint.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.local.apigateway.LocalApiGateway;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.pets.DynamoDbPetRepository;
import com.example.pets.pets.Pet;
import com.example.pets.storage.StorageUnavailableException;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.Problems;
import com.example.pets.support.ReadmeTrace;
import com.example.pets.support.Requests;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.support.TestOtlpEndpoint;
import com.google.protobuf.ByteString;
import io.javalin.Javalin;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The spans the app really sends, received as OTLP/HTTP by a stand-in for the OTLP endpoint: one span per unit of
 * work, each naming its parent, as X-Ray's OTLP endpoint receives them.
 */
@ParameterizedClass(name = "through {0}")
@EnumSource(FrontDoor.class)
class TracingTest {

    private final FrontDoor door;

    private final Javalin app = app(Map.of());

    TracingTest(FrontDoor door) {
        this.door = door;
    }

    @BeforeAll
    static void listenForSpans() {
        TestOtlpEndpoint.listen();
    }

    @Test
    void a_create_is_a_span_named_by_its_route_with_repository_and_dynamodb_child_spans() {
        door.test(app, (server, client) -> {
            var trace = traceOf(client.request(
                    "/pets",
                    Requests.json("POST", "{\"name\":\"Rex\",\"kind\":\"dog\"}")
                            .header("X-Correlation-Id", "trace-create-1")));

            var request = find(trace, "POST /pets");
            assertThat(attributes(request.getAttributesList()))
                    .containsEntry("correlation_id", "trace-create-1")
                    .containsEntry("route", "/pets")
                    .containsEntry("http.response.status_code", "201")
                    // X-Ray's exporter makes these two searchable annotations, every other attribute metadata.
                    .containsEntry("aws.xray.annotations", "correlation_id,route");
            assertThat(children(trace, request)).extracting(Span::getName).containsExactly("PetRepository.create");
            var create = find(trace, "PetRepository.create");
            assertThat(children(trace, create)).singleElement().satisfies(dynamoDb -> {
                assertThat(dynamoDb.getName()).isEqualTo("DynamoDb.PutItem");
                assertThat(attributes(dynamoDb.getAttributesList()))
                        .containsEntry("rpc.method", "PutItem")
                        .hasEntrySatisfying("aws.dynamodb.table_names", table -> assertThat(table)
                                .startsWith("pets-"));
            });
            assertThat(trace).noneMatch(TracingTest::failed);
            assertThat(tree(trace, request, 0))
                    .as("the tree of POST /pets in the README's trace viewer sample")
                    .isEqualTo(ReadmeTrace.tree(Path.of("README.md"), "POST /pets"));
        });
    }

    /** Span names indented by depth, as {@link ReadmeTrace} reads them from the README. */
    private static List<String> tree(List<Span> trace, Span span, int depth) {
        var lines = new ArrayList<String>();
        lines.add("  ".repeat(depth) + span.getName());
        children(trace, span).forEach(child -> lines.addAll(tree(trace, child, depth + 1)));
        return lines;
    }

    @Test
    void a_missing_pet_is_a_client_error_and_no_span_is_marked_as_failed() {
        door.test(app, (server, client) -> {
            var trace = traceOf(client.get("/pets/00000000-0000-4000-8000-000000000000"));

            assertThat(attributes(find(trace, "GET /pets/{id}").getAttributesList()))
                    .containsEntry("http.response.status_code", "404")
                    .containsEntry("route", "/pets/{id}");
            assertThat(children(trace, find(trace, "PetRepository.find")))
                    .extracting(call -> attributes(call.getAttributesList()).get("rpc.method"))
                    .containsExactly("GetItem");
            // A 4xx is X-Ray's "error" (the caller's), never a fault: no span has OpenTelemetry's ERROR status.
            assertThat(trace).noneMatch(TracingTest::failed);
        });
    }

    @Test
    void a_condition_dynamodb_refuses_is_an_error_of_the_call_with_its_status_not_a_fault() {
        door.test(app, (server, client) -> {
            var trace = traceOf(client.request(
                    "/pets/00000000-0000-4000-8000-000000000000", Requests.withBody("DELETE", null, "")));

            assertThat(attributes(find(trace, "DELETE /pets/{id}").getAttributesList()))
                    .containsEntry("http.response.status_code", "404");
            // DynamoDB answered 400: with the code on the call's span, X-Ray shows an error (4xx), not a fault.
            assertThat(attributes(find(trace, "DynamoDb.DeleteItem").getAttributesList()))
                    .containsEntry("http.response.status_code", "400");
        });
    }

    @Test
    void an_unhandled_exception_is_a_fault_with_the_exception_attached() {
        door.test(app, (server, client) -> {
            var trace = traceOf(client.get("/fail"));
            var request = find(trace, "GET /fail");

            // The trace's server span, X-Ray's segment of the service: the request's own, or on Lambda the
            // invocation's.
            assertThat(failed(root(trace))).isTrue();
            assertThat(attributes(root(trace).getAttributesList())).containsEntry("http.response.status_code", "500");
            assertThat(failed(request)).isTrue();
            assertThat(request.getEventsList())
                    .filteredOn(event -> event.getName().equals("exception"))
                    .singleElement()
                    .satisfies(exception -> assertThat(attributes(exception.getAttributesList()))
                            .containsEntry("exception.type", "java.lang.IllegalStateException")
                            .containsEntry("exception.message", "Deliberate failure from GET /fail"));
            assertThat(attributes(request.getAttributesList())).containsEntry("http.response.status_code", "500");
        });
    }

    @Test
    void an_error_that_ends_an_invocation_makes_its_span_a_fault_with_the_error() {
        TestOtlpEndpoint.forget();
        assertThatThrownBy(() -> new LambdaTracing("pets-api").invocation(new LocalLambdaContext(), false, () -> {
                    throw new StackOverflowError("too deep");
                }))
                .isInstanceOf(StackOverflowError.class);

        var invocation = TestOtlpEndpoint.awaitSpan(LocalLambdaContext.FUNCTION_NAME);
        assertThat(failed(invocation)).isTrue();
        assertThat(invocation.getEventsList()).anySatisfy(event -> assertThat(attributes(event.getAttributesList()))
                .containsEntry("exception.type", "java.lang.StackOverflowError"));
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
            assertThat(root(trace(callersTrace)).getParentSpanId()).isEqualTo(ByteString.fromHex("53995c3f42cd8ad8"));
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
        // What Lambda's runtime sets for an invocation: the trace's root, the parent segment, the sampling decision.
        var lambdasTrace = "1-6740a1b2-0123456789abcdef01234599";
        System.setProperty(
                LocalApiGateway.TRACE_HEADER_PROPERTY, "Root=" + lambdasTrace + ";Parent=53995c3f42cd8ad9;Sampled=1");
        try (var input = Files.newInputStream(Path.of("events", "get-pet.json"))) {
            handler.handleRequest(input, output, new LocalLambdaContext());
        } finally {
            System.clearProperty(LocalApiGateway.TRACE_HEADER_PROPERTY);
        }

        var traceHeader = Problems.parse(output.toString())
                .path("multiValueHeaders")
                .path("X-Amzn-Trace-Id")
                .path(0)
                .asText();
        assertThat(traceHeader).isEqualTo("Root=" + lambdasTrace);
        var trace = trace(traceHeader);
        var invocation = root(trace);
        assertThat(invocation.getParentSpanId()).isEqualTo(ByteString.fromHex("53995c3f42cd8ad9"));
        assertThat(attributes(invocation.getAttributesList()))
                .containsEntry("cold_start", "true")
                .containsEntry("service", "pets-api");
        assertThat(children(trace, invocation)).extracting(Span::getName).containsExactly("GET /pets/{id}");
        assertThat(attributes(find(trace, "GET /pets/{id}").getAttributesList()))
                .containsEntry("correlation_id", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .containsEntry("route", "/pets/{id}");
        assertThat(trace).extracting(Span::getName).contains("PetRepository.find", "DynamoDb.GetItem");
    }

    @Test
    void responses_are_recorded_as_an_attribute_only_when_switched_on() {
        door.test(app(Map.of("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "true")), (server, client) -> {
            var traced = find(traceOf(client.get("/")), "GET /");
            assertThat(attributes(traced.getAttributesList()).get("pets-api.response"))
                    .contains("\"service\":\"pets-api\"");
            // The OpenAPI document is 15 KB: cut, so that the segment stays under X-Ray's 64 KB.
            var large = find(traceOf(client.get("/openapi.json")), "GET /openapi.json");
            assertThat(attributes(large.getAttributesList()).get("pets-api.response"))
                    .startsWith("{")
                    .hasSize(Tracing.MAX_ATTRIBUTE_CHARS);
        });
        door.test(app, (server, client) -> {
            var untraced = find(traceOf(client.get("/")), "GET /");
            assertThat(attributes(untraced.getAttributesList())).doesNotContainKey("pets-api.response");
        });
    }

    @Test
    void with_no_endpoint_listening_requests_work_spans_are_counted_as_dropped_and_logged_once() throws Exception {
        // An export that gets through first: whatever failed before, this outage is a new one, and is logged.
        door.test(app(Map.of()), (server, client) -> traceOf(client.get("/pets")));
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
                    .singleElement()
                    .satisfies(line -> assertThat(line.path("message").asText()).startsWith("Could not send spans"));
        }
    }

    /** DynamoDB down: a 503 the app expected, but still the service failing its caller, so a fault in X-Ray. */
    @Test
    void a_503_while_dynamodb_is_unavailable_is_a_fault_of_the_request() {
        var down = new DynamoDbPetRepository(TestDynamoDb.client(), "pets") {
            @Override
            public Optional<Pet> find(String id) {
                TestDynamoDb.client().listTables(); // a DynamoDB call, then the outage
                throw new StorageUnavailableException(new IllegalStateException("DynamoDB unreachable"));
            }
        };
        var app = PetsApp.create(down, Clock.systemUTC(), new Observability(ObservabilitySettings.from(Map.of())));
        door.test(app, (server, client) -> {
            var response = client.get("/pets/00000000-0000-4000-8000-000000000000");
            assertThat(response.code()).isEqualTo(503);
            var trace = traceOf(response);
            assertThat(failed(find(trace, "GET /pets/{id}"))).isTrue();
        });
    }

    @Test
    void the_request_span_carries_the_semantic_convention_http_route() {
        door.test(app, (server, client) -> {
            var trace = traceOf(client.get("/pets/00000000-0000-4000-8000-000000000000"));
            assertThat(attributes(find(trace, "GET /pets/{id}").getAttributesList()))
                    .containsEntry("http.route", "/pets/{id}");
        });
    }

    @Test
    void an_update_is_a_repository_update_span() {
        door.test(app, (server, client) -> {
            var location = header(createPet(client, "{\"name\":\"Rex\",\"kind\":\"dog\"}"), "Location");
            var trace = traceOf(client.request(door.appPath(location), Requests.json("PATCH", "{\"name\":\"Max\"}")));
            assertThat(children(trace, find(trace, "PATCH /pets/{id}")))
                    .extracting(Span::getName)
                    .contains("PetRepository.update");
        });
    }

    private Javalin app(Map<String, String> env) {
        var observability = new Observability(ObservabilitySettings.from(env));
        return PetsApp.create(TestDynamoDb.newRepository(), Clock.systemUTC(), observability);
    }

    /** The spans of the trace a response names in its X-Amzn-Trace-Id header. */
    private static List<Span> traceOf(Response response) {
        return trace(header(response, "X-Amzn-Trace-Id"));
    }

    /** A fault, in X-Ray's words: OpenTelemetry's ERROR status, which the app sets only for a 5xx. */
    private static boolean failed(Span span) {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }
}
