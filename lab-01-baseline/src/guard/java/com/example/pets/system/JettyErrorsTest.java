package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static com.example.pets.support.RawHttp.bytes;
import static com.example.pets.support.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.RawHttp;
import com.example.pets.support.TestDynamoDb;
import org.eclipse.jetty.server.AbstractConnector;
import org.junit.jupiter.api.Test;

/**
 * Requests so malformed that HTTP clients refuse to send them, written as raw bytes: Jetty or the app must still
 * answer with a problem document, not an HTML page, an empty body or a silent success.
 */
class JettyErrorsTest {

    @Test
    void an_ambiguous_path_is_a_400_problem() {
        var response = send(request("GET", "/docs/%2e%2e/%2e%2e/etc/passwd"));

        assertProblem(response.contentType(), response.text(), 400);
    }

    @Test
    void a_page_token_with_a_broken_escape_is_refused_not_read_as_the_first_page() {
        var response = send(request("GET", "/pets?next_token=%ZZ"));

        var problem = assertProblem(response.contentType(), response.text(), 400);
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("next_token");
    }

    @Test
    void a_path_with_a_percent_that_starts_no_escape_is_a_400_problem_not_a_decoder_failure() {
        var response = send(request("GET", "/pets/%u0041"));

        assertProblem(response.contentType(), response.text(), 400);
    }

    @Test
    void a_patch_jetty_refuses_still_gets_a_problem_document() {
        var response = send(request("PATCH", "/pets/00000000-0000-4000-8000-000000000000")
                .header("X-Big", "x".repeat(64 * 1024))
                .header("Content-Type", "application/json")
                .body("{\"name\":\"Max\"}"));

        assertProblem(response.contentType(), response.text(), 431);
    }

    @Test
    void a_request_line_that_is_not_http_1_1_is_a_400_not_a_server_error() {
        var response =
                send(RawHttp.verbatim(bytes("GET /pets HTTP/1.2\r\nHost: localhost\r\nConnection: close\r\n\r\n")));

        assertProblem(response.contentType(), response.text(), 400);
    }

    @Test
    void a_charset_the_server_does_not_know_is_a_415_not_a_server_error() {
        var response = send(request("POST", "/pets")
                .header("Content-Type", "application/json; charset=utf-7")
                .body("{\"name\":\"Rex\",\"kind\":\"dog\"}"));

        assertProblem(response.contentType(), response.text(), 415);
    }

    @Test
    void a_body_that_is_not_utf_8_is_refused_not_stored_with_replacement_characters() {
        var response = send(request("POST", "/pets")
                .header("Content-Type", "application/json")
                .body(bytes("{\"name\":\"Re", new byte[] {(byte) 0xff}, "x\",\"kind\":\"dog\"}")));

        var problem = assertProblem(response.contentType(), response.text(), 400);
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("body");
    }

    @Test
    void a_body_the_client_stops_sending_halfway_is_a_400_not_a_server_error() {
        var app = PetsApp.create(TestDynamoDb.newRepository()).start(0);
        try {
            var response = cutShort().sendThenStopSending(app.port());

            assertProblem(response.contentType(), response.text(), 400);
        } finally {
            app.stop();
        }
    }

    @Test
    void a_body_that_stops_arriving_is_a_408_problem_not_an_empty_answer() {
        var app = PetsApp.create(TestDynamoDb.newRepository()).start(0);
        try {
            // Jetty's idle timeout (30 s) shortened, so that the test need not wait for it.
            for (var connector : app.jettyServer().server().getConnectors()) {
                ((AbstractConnector) connector).setIdleTimeout(500);
            }
            var response = cutShort().send(app.port());

            assertProblem(response.contentType(), response.text(), 408);
        } finally {
            app.stop();
        }
    }

    /** A pet whose body announces more bytes than it brings. */
    private static RawHttp.Request cutShort() {
        return RawHttp.verbatim(bytes("POST /pets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":\"Rex\""));
    }

    private static RawHttp.Response send(RawHttp.Request request) {
        var app = PetsApp.create(TestDynamoDb.newRepository()).start(0);
        try {
            return request.send(app.port());
        } finally {
            app.stop();
        }
    }
}
