package com.example.course.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real OTLP/HTTP requests, protobuf and JSON, to the listener, as an OpenTelemetry exporter sends them. */
class TracesOverOtlpHttpTest {

    /** A safety net for spans that never come, not a measure of speed: they come within milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String TRACE_ID = "6740a1b24f1c2d3e5a6b7c8d9e0f1a2b";
    private static final long START = 1_732_288_946_000_000_000L;

    private final Traces traces = new Traces();
    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpHttpListener listener;

    @BeforeEach
    void listenOnAFreePort() throws IOException {
        listener = OtlpHttpListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), traces::add);
    }

    @AfterEach
    void stop() {
        listener.close();
        http.close();
    }

    @Test
    void protobuf_spans_show_as_a_tree_with_the_dynamodb_call_inside_the_repository_span() throws Exception {
        var response = post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(createPet().toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        var trace = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 3, TIMEOUT);
        assertThat(trace)
                .hasToString(
                        """
                Trace 1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b  (POST /pets, 201, 30.0 ms)
                └─ POST /pets  30.0 ms  [correlation_id=c-1, route=/pets]  HTTP 201
                   └─ PetRepository.create  20.0 ms
                      └─ DynamoDb.PutItem  10.0 ms  PutItem table=pets
                """);
    }

    @Test
    void a_trace_that_starts_with_a_dynamodb_call_is_named_by_that_call() throws Exception {
        var createTable = span("00000000000000f6", "", "DynamoDb.CreateTable", 0, 40, Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(stringAttribute("rpc.method", "CreateTable"))
                .addAttributes(stringAttribute("http.request.method", "POST"))
                .addAttributes(intAttribute("http.response.status_code", 200));

        post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(request(createTable).toByteArray()));

        assertThat(traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 1, TIMEOUT)
                        .toString())
                .startsWith("Trace 1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b  (DynamoDb.CreateTable, 200, 40.0 ms)\n");
    }

    @Test
    void json_spans_with_hex_ids_decode_to_the_same_tree() throws Exception {
        var json = JsonFormat.printer().print(createPet());
        // OTLP/JSON carries ids as hex; protobuf's JSON mapping would write base64.
        for (var id : new String[] {TRACE_ID, "00000000000000a1", "00000000000000b2", "00000000000000e5"}) {
            var base64 =
                    java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id));
            json = json.replace("\"" + base64 + "\"", "\"" + id + "\"");
        }

        var response = post("application/json", HttpRequest.BodyPublishers.ofString(json));

        assertThat(response.statusCode()).isEqualTo(200);
        var trace = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 3, TIMEOUT);
        assertThat(trace.find("PetRepository.create").children())
                .extracting(com.example.course.traces.Span::name)
                .containsExactly("DynamoDb.PutItem");
    }

    @Test
    void an_error_status_is_a_fault_with_its_exception_and_a_4xx_only_an_error_even_with_status_error()
            throws Exception {
        var fail = span("00000000000000c3", "", "GET /fail", 0, 5, Span.SpanKind.SPAN_KIND_SERVER)
                .addAttributes(intAttribute("http.response.status_code", 500))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addEvents(Span.Event.newBuilder()
                        .setName("exception")
                        .addAttributes(stringAttribute("exception.type", "java.lang.IllegalStateException"))
                        .addAttributes(stringAttribute("exception.message", "Deliberate failure")));
        var missing = span("00000000000000d4", "", "GET /pets/{id}", 0, 5, Span.SpanKind.SPAN_KIND_SERVER)
                .setTraceId(ByteString.fromHex("6740a1b3" + "0".repeat(23) + "1"))
                .addAttributes(intAttribute("http.response.status_code", 404))
                // As a client span of a refused DynamoDB condition has it: X-Ray decides by the 4xx.
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));

        post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(request(fail, missing).toByteArray()));

        var failed = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 1, TIMEOUT);
        var root = failed.rootSegment().orElseThrow();
        assertThat(root.fault()).isTrue();
        assertThat(root.exception()).hasValue("IllegalStateException: Deliberate failure");
        var notFound = traces.awaitTrace("1-6740a1b3-000000000000000000000001", 1, TIMEOUT)
                .rootSegment()
                .orElseThrow();
        assertThat(notFound.error()).isTrue();
        assertThat(notFound.fault()).isFalse();
    }

    @Test
    void a_body_that_does_not_decode_is_refused_and_the_listener_keeps_serving() throws Exception {
        var refused = post("application/x-protobuf", HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff}));
        var accepted = post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(createPet().toByteArray()));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(accepted.statusCode()).isEqualTo(200);
    }

    @Test
    void a_gzip_body_as_a_collector_sends_it_decodes_to_the_same_tree() throws Exception {
        var compressed = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(compressed)) {
            gzip.write(createPet().toByteArray());
        }

        var answer = http.send(
                HttpRequest.newBuilder(URI.create(listener.endpoint() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 3, TIMEOUT)
                        .find("PetRepository.create")
                        .children())
                .extracting(com.example.course.traces.Span::name)
                .containsExactly("DynamoDb.PutItem");
    }

    @Test
    void spans_without_proper_ids_or_not_objects_are_refused_with_400_and_the_listener_keeps_serving()
            throws Exception {
        var noTraceId = span("00000000000000e5", "", "GET /pets", 0, 5, Span.SpanKind.SPAN_KIND_SERVER)
                .setTraceId(ByteString.EMPTY);

        var emptyId = post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(request(noTraceId).toByteArray()));
        var notAnObject = post(
                "application/json",
                HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[1]}]}]}"));
        var accepted = post(
                "application/x-protobuf",
                HttpRequest.BodyPublishers.ofByteArray(createPet().toByteArray()));

        assertThat(emptyId.statusCode()).isEqualTo(400);
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(accepted.statusCode()).isEqualTo(200);
    }

    @Test
    void a_client_that_stalls_in_the_middle_of_its_body_does_not_hold_up_the_next_export() throws Exception {
        var address = URI.create(listener.endpoint());
        try (var stalled = new Socket(address.getHost(), address.getPort())) {
            stalled.getOutputStream()
                    .write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                                    + "Content-Length: 1000\r\n\r\n12345")
                            .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            var response = http.sendAsync(
                            HttpRequest.newBuilder(URI.create(listener.endpoint() + "/v1/traces"))
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            createPet().toByteArray()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 3, TIMEOUT)
                            .documents())
                    .isEqualTo(3);
        }
    }

    private HttpResponse<String> post(String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(listener.endpoint() + "/v1/traces"))
                        .header("Content-Type", contentType)
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ExportTraceServiceRequest createPet() {
        var request = span("00000000000000a1", "", "POST /pets", 0, 30, Span.SpanKind.SPAN_KIND_SERVER)
                .addAttributes(stringAttribute("http.request.method", "POST"))
                .addAttributes(stringAttribute("url.path", "/pets"))
                .addAttributes(intAttribute("http.response.status_code", 201))
                .addAttributes(stringAttribute("correlation_id", "c-1"))
                .addAttributes(stringAttribute("route", "/pets"))
                // Not named in aws.xray.annotations: X-Ray keeps it as metadata, and the tree does not show it.
                .addAttributes(stringAttribute("service", "pets-api"))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("aws.xray.annotations")
                        .setValue(AnyValue.newBuilder()
                                .setArrayValue(ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setStringValue("correlation_id"))
                                        .addValues(AnyValue.newBuilder().setStringValue("route")))));
        var repository = span(
                "00000000000000b2",
                "00000000000000a1",
                "PetRepository.create",
                5,
                25,
                Span.SpanKind.SPAN_KIND_INTERNAL);
        var dynamoDb = span(
                        "00000000000000e5",
                        "00000000000000b2",
                        "DynamoDb.PutItem",
                        10,
                        20,
                        Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(stringAttribute("rpc.method", "PutItem"))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("aws.dynamodb.table_names")
                        .setValue(AnyValue.newBuilder()
                                .setArrayValue(ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setStringValue("pets")))));
        return request(request, repository, dynamoDb);
    }

    private static ExportTraceServiceRequest request(Span.Builder... spans) {
        var scope = ScopeSpans.newBuilder();
        for (var span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                .build();
    }

    private static Span.Builder span(
            String id, String parentId, String name, int startMillis, int endMillis, Span.SpanKind kind) {
        return Span.newBuilder()
                .setTraceId(ByteString.fromHex(TRACE_ID))
                .setSpanId(ByteString.fromHex(id))
                .setParentSpanId(parentId.isEmpty() ? ByteString.EMPTY : ByteString.fromHex(parentId))
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(START + startMillis * 1_000_000L)
                .setEndTimeUnixNano(START + endMillis * 1_000_000L);
    }

    private static KeyValue stringAttribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static KeyValue intAttribute(String key, long value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setIntValue(value))
                .build();
    }
}
