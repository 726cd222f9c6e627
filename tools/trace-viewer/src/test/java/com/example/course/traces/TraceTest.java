package com.example.course.traces;

import static com.example.course.traces.SegmentDocuments.CREATE_PET;
import static com.example.course.traces.SegmentDocuments.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** How documents that arrive in pieces, late or alone, become one tree. */
class TraceTest {

    private final Traces traces = new Traces();

    @Test
    void spans_are_found_by_name_anywhere_in_the_tree() {
        var segment = load(CREATE_PET);
        var repository = (ObjectNode) segment.withArray("subsegments").get(0);
        var secondCall = repository.withArray("subsegments").get(0).deepCopy();
        repository.withArray("subsegments").add(((ObjectNode) secondCall).put("id", "0f1e2d3c4b5a6979"));
        traces.add(segment);

        var trace = traces.trace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b").orElseThrow();

        assertThat(trace.findAll("DynamoDb"))
                .extracting(Span::id)
                .containsExactly("0f1e2d3c4b5a6978", "0f1e2d3c4b5a6979");
        assertThat(trace.findAll("PetRepository.save")).hasSize(1);
        assertThat(trace.findAll("S3")).isEmpty();
    }

    @Test
    void an_in_progress_copy_arriving_late_does_not_hide_the_finished_span() {
        var inProgress = load(CREATE_PET).put("in_progress", true);
        inProgress.remove("end_time");
        traces.add(load(CREATE_PET));
        traces.add(inProgress);

        var trace = traces.trace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b").orElseThrow();

        assertThat(trace.isComplete()).isTrue();
        assertThat(trace.rootSegment().orElseThrow().durationMillis()).isPresent();
    }

    @Test
    void a_subsegment_whose_segment_never_arrives_is_shown_with_the_missing_parent() {
        // In Lambda the service, not the SDK, sends the function's segment: only its subsegments reach the port.
        var dynamoDb = (ObjectNode) load(CREATE_PET)
                .withArray("subsegments")
                .get(0)
                .withArray("subsegments")
                .get(0);
        dynamoDb.put("type", "subsegment")
                .put("parent_id", "53995c3f42cd8ad8")
                .put("trace_id", "1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b");
        traces.add(dynamoDb);

        var trace = traces.trace("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b").orElseThrow();

        assertThat(trace.isComplete()).isFalse();
        assertThat(trace)
                .hasToString(
                        """
                Trace 1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b  (19.9 ms)
                └─ DynamoDb  19.9 ms  PutItem table=pets  HTTP 200  (parent 53995c3f42cd8ad8 not received)
                """);
    }
}
