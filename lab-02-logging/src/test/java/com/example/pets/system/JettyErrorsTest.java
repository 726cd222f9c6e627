package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.TestDynamoDb;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests so malformed that HTTP clients refuse to send them, written as raw bytes: Jetty or the app must still
 * answer with a problem document, not an HTML page or a silent success.
 */
class JettyErrorsTest {

    @Test
    void an_ambiguous_path_is_a_400_problem() throws IOException {
        var response = send("GET /docs/%2e%2e/%2e%2e/etc/passwd");

        assertProblem(response.contentType(), response.body(), 400);
    }

    @Test
    void a_page_token_with_a_broken_escape_is_refused_not_read_as_the_first_page() throws IOException {
        var response = send("GET /pets?next_token=%ZZ");

        var problem = assertProblem(response.contentType(), response.body(), 400);
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("next_token");
    }

    private static RawResponse send(String requestLine) throws IOException {
        var app = PetsApp.create(TestDynamoDb.newRepository()).start(0);
        try (var socket = new Socket("127.0.0.1", app.port())) {
            socket.getOutputStream()
                    .write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            var head = response.substring(0, response.indexOf("\r\n\r\n"));
            var contentType = head.lines()
                    .filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            return new RawResponse(contentType, response.substring(response.indexOf("\r\n\r\n") + 4));
        } finally {
            app.stop();
        }
    }

    private record RawResponse(String contentType, String body) {}
}
