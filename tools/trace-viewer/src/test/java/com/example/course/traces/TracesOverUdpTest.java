package com.example.course.traces;

import static com.example.course.traces.SegmentDocuments.CREATE_PET;
import static com.example.course.traces.SegmentDocuments.FAIL;
import static com.example.course.traces.SegmentDocuments.GET_MISSING_PET;
import static com.example.course.traces.SegmentDocuments.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real datagrams over loopback UDP to the listener, as the X-Ray SDK sends them to the daemon. */
class TracesOverUdpTest {

    /** A safety net for spans that never come, not a measure of speed: they come within milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Traces traces = new Traces();
    private UdpSegmentListener listener;
    private SegmentSender sender;

    @BeforeEach
    void listenOnAFreePort() throws SocketException {
        listener = UdpSegmentListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), traces::add);
        sender = new SegmentSender(listener.address());
    }

    @AfterEach
    void stop() {
        sender.close();
        listener.close();
    }

    @Test
    void creating_a_pet_shows_the_dynamodb_put_item_inside_the_repository_call() {
        sender.send(load(CREATE_PET));

        var trace = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 1, TIMEOUT);

        var root = trace.rootSegment().orElseThrow();
        assertThat(root.name()).isEqualTo("pets-api");
        assertThat(root.annotations()).containsEntry("route", "/pets");
        assertThat(root.children()).extracting(Span::name).containsExactly("PetRepository.save");
        var dynamoDb = trace.find("PetRepository.save").children().getFirst();
        assertThat(dynamoDb.name()).isEqualTo("DynamoDb");
        assertThat(dynamoDb.aws("operation")).hasValue("PutItem");
        assertThat(dynamoDb.aws("table_name")).hasValue("pets");
        assertThat(dynamoDb.durationMillis().getAsDouble()).isCloseTo(19.9, offset(0.01));
        assertThat(trace)
                .hasToString(
                        """
                Trace 1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b  (POST /pets, 201, 36.2 ms)
                └─ pets-api  36.2 ms  [correlation_id=7d3e1f0a-2b4c-4d5e-8f60-718293a4b5c6, route=/pets]  HTTP 201
                   └─ PetRepository.save  22.6 ms
                      └─ DynamoDb  19.9 ms  PutItem table=pets  HTTP 200
                """);
    }

    @Test
    void a_missing_pet_is_a_client_error_on_the_segment_and_the_repository_call() {
        sender.send(load(GET_MISSING_PET));

        var trace = traces.awaitTrace("1-6740a1b3-9a8b7c6d5e4f3a2b1c0d9e8f", 1, TIMEOUT);

        assertThat(trace.rootSegment().orElseThrow().httpStatus()).hasValue(404);
        assertThat(trace.spans().filter(Span::error))
                .extracting(Span::name)
                .containsExactly("pets-api", "PetRepository.find");
        assertThat(trace.spans().filter(Span::fault)).isEmpty();
        assertThat(trace)
                .hasToString(
                        """
                Trace 1-6740a1b3-9a8b7c6d5e4f3a2b1c0d9e8f  (GET /pets/42, 404, 23.4 ms)
                └─ pets-api  23.4 ms  [correlation_id=abc-123, route=/pets/{id}]  HTTP 404  ! error (client error)
                   └─ PetRepository.find  12.3 ms  ! error (client error)
                      └─ DynamoDb  9.8 ms  GetItem table=pets  HTTP 200
                """);
    }

    @Test
    void a_failure_shows_the_fault_and_the_exception_where_it_was_thrown() {
        sender.send(load(FAIL));

        var trace = traces.awaitTrace("1-6740a1b4-0123456789abcdef01234567", 1, TIMEOUT);

        var thrower = trace.find("SystemController.fail");
        assertThat(thrower.fault()).isTrue();
        assertThat(thrower.exception()).hasValue("IllegalStateException: Deliberate failure from GET /fail");
        assertThat(trace)
                .hasToString(
                        """
                Trace 1-6740a1b4-0123456789abcdef01234567  (GET /fail, 500, 18.7 ms)
                └─ pets-api  18.7 ms  [correlation_id=f00d-0500, route=/fail]  HTTP 500  ! fault (server error)
                   └─ SystemController.fail  4.8 ms  ! fault (server error)  \
                IllegalStateException: Deliberate failure from GET /fail
                """);
    }

    @Test
    void a_subsegment_streamed_on_its_own_is_attached_under_its_parent() {
        var whole = load(CREATE_PET);
        var segment = load(CREATE_PET);
        var repository = (ObjectNode) segment.withArray("subsegments").get(0);
        var dynamoDb = (ObjectNode) repository.withArray("subsegments").remove(0);
        dynamoDb.put("type", "subsegment")
                .put("parent_id", repository.path("id").asText())
                .put("trace_id", segment.path("trace_id").asText());

        // The SDK streams finished subsegments first and sends the segment, without them, when it ends.
        sender.send(dynamoDb);
        sender.send(segment);

        var trace = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 2, TIMEOUT);
        assertThat(trace.find("PetRepository.save").children())
                .extracting(Span::name)
                .containsExactly("DynamoDb");
        assertThat(trace).hasToString(tree(whole));
    }

    @Test
    void an_in_progress_segment_is_replaced_when_the_finished_one_arrives() {
        var finished = load(CREATE_PET);
        var inProgress = load(CREATE_PET).put("in_progress", true);
        inProgress.remove("end_time");
        inProgress.remove("subsegments");
        inProgress.withObject("http").remove("response");

        sender.send(inProgress);
        var started = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 1, TIMEOUT);
        sender.send(finished);
        var ended = traces.awaitTrace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b", 2, TIMEOUT);

        assertThat(started.isComplete()).isFalse();
        assertThat(started.toString()).contains("(POST /pets, in progress)", "pets-api  (in progress)");
        assertThat(ended.isComplete()).isTrue();
        assertThat(ended).hasToString(tree(finished));
    }

    @Test
    void a_datagram_that_is_not_x_ray_is_skipped_and_the_listener_keeps_receiving() {
        sender.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        sender.send(load(FAIL));

        var trace = traces.awaitSpanNamed("SystemController.fail", TIMEOUT);

        assertThat(traces.all()).extracting(Trace::id, Trace::documents).containsExactly(tuple(trace.id(), 1));
    }

    @Test
    void waiting_for_a_trace_that_does_not_come_fails_with_what_did_arrive() {
        sender.send(load(GET_MISSING_PET));
        traces.awaitTrace("1-6740a1b3-9a8b7c6d5e4f3a2b1c0d9e8f", 1, TIMEOUT);

        assertThatIllegalStateException()
                .isThrownBy(() -> traces.awaitSpanNamed("DynamoDb PutItem", Duration.ofMillis(50)))
                .withMessageContaining("for a span named DynamoDb PutItem")
                .withMessageContaining("└─ pets-api  23.4 ms");
    }

    /** The tree of one document alone, for comparing with what arrived in pieces. */
    private static String tree(ObjectNode document) {
        var alone = new Traces();
        alone.add(document);
        return alone.all().getFirst().toString();
    }
}
