package com.example.course.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XRayDatagramsTest {

    private static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

    @Test
    void a_datagram_is_read_as_the_segment_document_after_its_header() {
        var datagram = SegmentDocuments.datagram(SegmentDocuments.load(SegmentDocuments.CREATE_PET));

        var document = XRayDatagrams.parse(datagram, 0, datagram.length);

        assertThat(document.path("name").asText()).isEqualTo("pets-api");
        assertThat(document.path("trace_id").asText()).isEqualTo("1-6740a1b2-4f1c2d3e5a6b7c8d9e0f1a2b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            a line without a header         | hello                                              | no header line
            another format in the header    | {"format": "xml", "version": 1}\\n{}               | the header is not
            text that is not JSON           | HEADER not json                                    | not JSON
            a JSON array                    | HEADER [1, 2]                                      | expected a JSON object
            a document without its trace id | HEADER {"id": "5f2a9c3e7b1d4a60", "name": "x"}     | the document has no "trace_id"
            two documents in one datagram   | HEADER {"trace_id": "t", "id": "i", "name": "x"}\\n{} | not JSON
            """)
    void anything_else_sent_to_the_port_is_rejected_with_the_reason(String what, String text, String reason) {
        var datagram = text.replace("HEADER ", HEADER).replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> XRayDatagrams.parse(datagram, 0, datagram.length))
                .withMessageStartingWith("Not an X-Ray datagram, " + reason);
    }
}
