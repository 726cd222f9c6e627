package com.example.course.traces;

import static com.example.course.traces.SegmentDocuments.CREATE_PET;
import static com.example.course.traces.SegmentDocuments.GET_MISSING_PET;
import static com.example.course.traces.SegmentDocuments.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** When the viewer prints, on a clock the test moves by hand. */
class TraceViewerTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-21T10:00:00Z");

    private Instant now = ARRIVAL;
    private final Traces traces = new Traces(() -> now);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final TraceViewer viewer = new TraceViewer(traces, new PrintStream(output, true, StandardCharsets.UTF_8));

    @Test
    void a_finished_trace_is_printed_once_no_more_of_it_has_arrived_for_a_moment() {
        traces.add(load(CREATE_PET));

        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET).minusMillis(1));
        assertThat(printed()).isEmpty();

        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET));
        viewer.printSettled(ARRIVAL.plus(Duration.ofMinutes(1)));
        assertThat(printed()).isEqualTo(tree(CREATE_PET) + "\n");
    }

    @Test
    void a_trace_is_printed_again_when_more_of_it_arrives_later() {
        var late = (ObjectNode) load(GET_MISSING_PET).withArray("subsegments").get(0);
        late.put("id", "d4e5f60718293a4b")
                .put("name", "AuditLog.write")
                .put("start_time", 1.7322889471390E9)
                .put("end_time", 1.7322889471420E9)
                .put("type", "subsegment")
                .put("parent_id", "6c3b0d4f8a2e5b71")
                .put("trace_id", "1-6740a1b3-9a8b7c6d5e4f3a2b1c0d9e8f")
                .remove(List.of("subsegments", "error"));
        traces.add(load(GET_MISSING_PET));
        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET));
        var first = printed();

        now = ARRIVAL.plusSeconds(2);
        traces.add(late);
        viewer.printSettled(now.plus(TraceViewer.QUIET));

        assertThat(printed())
                .startsWith(first + "More of trace 1-6740a1b3-9a8b7c6d5e4f3a2b1c0d9e8f arrived:\n")
                .contains("├─ PetRepository.find  12.3 ms", "└─ AuditLog.write  3.0 ms");
    }

    @Test
    void a_late_document_of_a_trace_the_viewer_no_longer_keeps_is_printed_on_its_own() {
        var first = load(CREATE_PET);
        traces.add(first);
        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET));
        for (int i = 1; i <= Traces.KEPT; i++) {
            traces.add(load(CREATE_PET).put("trace_id", "1-6740a1b2-%024x".formatted(i)));
        }
        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET));
        var late = (ObjectNode) load(CREATE_PET).withArray("subsegments").get(0);
        late.put("type", "subsegment")
                .put("parent_id", first.path("id").asText())
                .put("trace_id", first.path("trace_id").asText());

        now = ARRIVAL.plusSeconds(2);
        traces.add(late);
        var before = printed().length();
        viewer.printSettled(now.plus(TraceViewer.WITHOUT_ROOT)); // its root segment went with the rest

        assertThat(printed().substring(before))
                .startsWith("Trace 1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b  (22.6 ms)\n")
                .contains("PetRepository.save  22.6 ms  (parent 5f2a9c3e7b1d4a60 not received)");
    }

    @Test
    void a_trace_without_its_root_segment_is_printed_after_a_longer_wait() {
        var orphan = (ObjectNode) load(CREATE_PET).withArray("subsegments").get(0);
        orphan.put("type", "subsegment")
                .put("parent_id", "53995c3f42cd8ad8")
                .put("trace_id", "1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b");
        traces.add(orphan);

        viewer.printSettled(ARRIVAL.plus(TraceViewer.QUIET));
        assertThat(printed()).isEmpty();

        viewer.printSettled(ARRIVAL.plus(TraceViewer.WITHOUT_ROOT));
        assertThat(printed()).contains("└─ PetRepository.save  22.6 ms  (parent 53995c3f42cd8ad8 not received)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            textBlock =
                    """
            127.0.0.1:2000,                              127.0.0.1, 2000
            127.0.0.1:2999,                              127.0.0.1, 2999
            udp:127.0.0.1:2001 tcp:127.0.0.1:2000,       127.0.0.1, 2001
            tcp:127.0.0.1:2000 udp:127.0.0.2:2002,       127.0.0.2, 2002
            """)
    void the_daemon_address_is_read_in_both_of_its_forms(String value, String host, int port) {
        var address = TraceViewer.udpAddress(value);

        assertThat(address.getHostString()).isEqualTo(host);
        assertThat(address.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void without_a_daemon_address_the_viewer_listens_where_the_sdk_sends_by_default(String value) {
        var address = TraceViewer.udpAddress(value);

        assertThat(address.getHostString()).isEqualTo("127.0.0.1");
        assertThat(address.getPort()).isEqualTo(2000);
    }

    @Test
    void a_daemon_address_without_a_port_is_rejected_with_the_forms_it_takes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TraceViewer.udpAddress("localhost"))
                .withMessageContaining("expected host:port (127.0.0.1:2000) or udp:host:port tcp:host:port");
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static String tree(String document) {
        var alone = new Traces();
        alone.add(load(document));
        return alone.all().getFirst().toString();
    }
}
