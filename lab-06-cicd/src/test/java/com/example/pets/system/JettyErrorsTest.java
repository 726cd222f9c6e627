package com.example.pets.system;

import static com.example.pets.support.Problems.assertProblem;

import com.example.pets.PetsApp;
import com.example.pets.support.TestDynamoDb;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests so malformed that Jetty refuses them itself still get a problem document, not an HTML page. */
class JettyErrorsTest {

    @Test
    void an_ambiguous_path_is_a_400_problem() throws IOException {
        var app = PetsApp.create(TestDynamoDb.newRepository()).start(0);
        try (var socket = new Socket("127.0.0.1", app.port())) {
            // Raw bytes: HTTP clients normalise "/../" away before sending.
            socket.getOutputStream()
                    .write("GET /docs/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            var head = response.substring(0, response.indexOf("\r\n\r\n"));
            var body = response.substring(response.indexOf("\r\n\r\n") + 4);
            var contentType = head.lines()
                    .filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            assertProblem(contentType, body, 400);
        } finally {
            app.stop();
        }
    }
}
