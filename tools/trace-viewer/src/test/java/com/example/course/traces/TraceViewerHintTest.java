package com.example.course.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The viewer's first line tells the student what to run next, as the README does. */
class TraceViewerHintTest {

    @Test
    void on_the_default_address_the_api_needs_no_setting() {
        assertThat(TraceViewer.hint("127.0.0.1:2000", null))
                .isEqualTo("Listening for X-Ray segments on udp 127.0.0.1:2000. Start the API in another terminal.");
    }

    @Test
    void on_another_address_the_api_must_be_given_the_same_one() {
        assertThat(TraceViewer.hint("127.0.0.1:2999", "127.0.0.1:2999"))
                .isEqualTo("Listening for X-Ray segments on udp 127.0.0.1:2999. Start the API in another terminal"
                        + " with AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2999 set there too.");
    }

    @Test
    void an_address_in_two_parts_is_quoted_so_it_can_be_pasted_into_a_shell() {
        assertThat(TraceViewer.hint("127.0.0.1:2001", "udp:127.0.0.1:2001 tcp:127.0.0.1:2000"))
                .endsWith(" with AWS_XRAY_DAEMON_ADDRESS='udp:127.0.0.1:2001 tcp:127.0.0.1:2000' set there too.");
    }

    @Test
    void on_the_default_otlp_endpoint_the_api_needs_no_setting() {
        assertThat(TraceViewer.otlpHint("http://127.0.0.1:4318", null))
                .isEqualTo("Listening for OpenTelemetry spans on http://127.0.0.1:4318/v1/traces (OTLP/HTTP, protobuf"
                        + " or JSON).");
    }

    @Test
    void on_another_otlp_endpoint_the_api_must_be_given_the_same_one() {
        assertThat(TraceViewer.otlpHint("http://127.0.0.1:4319", "http://127.0.0.1:4319"))
                .endsWith(" Start the API with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4319 set there too.");
    }
}
