package com.example.pets.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.local.LocalDynamoDb;
import com.example.pets.local.LocalTable;
import com.example.pets.support.LocalProcess;
import com.example.pets.support.SlowUpload;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container's entry point run as its own JVM, configured only by environment variables, as the image runs it:
 * what an orchestrator sees of it (health, readiness, SIGTERM). {@code ContainerImageIT} checks the image itself.
 */
class ContainerServerTest {

    private static LocalDynamoDb dynamoDb;

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = LocalDynamoDb.start(Optional.empty());
        LocalTable.createIfMissing(dynamoDb.client(), "pets");
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamoDb.close();
    }

    @Test
    void health_stays_up_while_readiness_follows_dynamodb() throws Exception {
        var port = freePort();
        try (var server = LocalProcess.start(ContainerServer.class, settings(port))) {
            server.awaitLine(line -> line.contains("Pets API listening"));

            assertThat(get(port, "/pets").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health").body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(port, "/ready").statusCode())
                    .as("%s", server.lines())
                    .isEqualTo(200);

            dynamoDb.stop();
            try {
                assertThat(get(port, "/ready").statusCode()).isEqualTo(503);
                assertThat(request(port, "HEAD", "/ready").statusCode()).isEqualTo(503); // Javalin alone: 200
                assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            } finally {
                dynamoDb.restart(); // in memory: an empty DynamoDB, and a missing table is not ready either
            }
            assertThat(get(port, "/ready").statusCode()).isEqualTo(503);
            LocalTable.createIfMissing(dynamoDb.client(), "pets");
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigterm_lets_the_request_in_flight_finish_then_exits_0() throws Exception {
        var port = freePort();
        try (var server = LocalProcess.start(ContainerServer.class, settings(port))) {
            server.awaitLine(line -> line.contains("Pets API listening"));

            try (var upload = SlowUpload.start("127.0.0.1", port)) {
                awaitInFlight(server, port, 2); // the upload, and the scrape that sees it
                server.terminate();
                server.awaitLine(line -> line.contains("SIGTERM: draining"));

                assertThat(upload.finish()).isEqualTo("HTTP/1.1 201 Created");
            }
            assertThat(server.exitCode()).isZero();
            assertThat(server.lines()).anyMatch(line -> line.contains("\"message\":\"Stopped\""));
        }
    }

    /**
     * A request still open when the bound runs out is cut off, and Jetty says so by failing the stop: the spans still
     * leave, and the exit still says the stop was asked for, after a warning that names what was lost.
     */
    @Test
    void sigterm_cuts_off_a_request_that_outlasts_the_bound_warns_and_still_exits_0() throws Exception {
        var port = freePort();
        var settings = new HashMap<>(settings(port));
        settings.put("SHUTDOWN_TIMEOUT_SECONDS", "1");
        try (var server = LocalProcess.start(ContainerServer.class, settings)) {
            server.awaitLine(line -> line.contains("Pets API listening"));

            try (var upload = SlowUpload.trickle("127.0.0.1", port)) {
                awaitInFlight(server, port, 2);
                server.terminate();

                assertThat(server.exitCode()).as("%s", server.lines()).isZero();
            }
            assertThat(server.lines())
                    .anyMatch(line -> line.contains("\"level\":\"WARN\"") && line.contains("cut off"))
                    .anyMatch(line -> line.contains("\"message\":\"Stopped\""));
        }
    }

    @Test
    void a_missing_table_name_stops_it_with_one_line_and_exit_code_1() throws Exception {
        try (var server = LocalProcess.start(ContainerServer.class, Map.of("PORT", Integer.toString(freePort())))) {
            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.lines())
                    .anyMatch(
                            line -> line.contains("TABLE_NAME is not set; set it to the DynamoDB table of the pets."));
        }
    }

    @Test
    void an_otlp_endpoint_without_a_scheme_stops_it_with_one_line_and_exit_code_1() throws Exception {
        var settings = new HashMap<>(settings(freePort()));
        settings.put("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318");
        try (var server = LocalProcess.start(ContainerServer.class, settings)) {
            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.lines())
                    .singleElement()
                    .asString()
                    .contains(
                            "\"level\":\"ERROR\"", "OTEL_EXPORTER_OTLP_ENDPOINT=\\\"collector:4318\\\" is not an http");
        }
    }

    @Test
    void a_port_another_process_holds_stops_it_with_no_stack_trace_and_exit_code_1() throws Exception {
        try (var taken = new ServerSocket(0);
                var server = LocalProcess.start(ContainerServer.class, settings(taken.getLocalPort()))) {
            assertThat(server.exitCode()).isEqualTo(1);
            // Javalin's own "Failed to start Javalin", then what to do about it.
            assertThat(server.lines())
                    .hasSize(2)
                    .allMatch(line -> line.startsWith("{\"timestamp\"") && !line.contains("\"exception\""))
                    .last()
                    .asString()
                    .contains("\"level\":\"ERROR\"", "Port already in use. Make sure no other process is using port");
        }
    }

    @Test
    void a_missing_region_stops_it_with_one_line_and_exit_code_1() throws Exception {
        var noRegion = Map.of(
                "PORT", Integer.toString(freePort()),
                "TABLE_NAME", "pets",
                // Nowhere else to find one: no profile files, no instance metadata.
                "AWS_CONFIG_FILE", "/nonexistent",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent",
                "AWS_EC2_METADATA_DISABLED", "true");
        try (var server = LocalProcess.start(ContainerServer.class, noRegion)) {
            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.lines())
                    .singleElement()
                    .asString()
                    .contains("\"level\":\"ERROR\"", "Unable to load region", "AWS_REGION");
        }
    }

    private static Map<String, String> settings(int port) {
        return Map.of(
                "PORT", Integer.toString(port),
                "TABLE_NAME", "pets",
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local");
    }

    /**
     * Waits until the server counts {@code requests} in flight, the scrape that asks being one of them. The patience
     * is a safety net, not a measure of speed; when it runs out, the message says what the server last reported.
     */
    private static void awaitInFlight(LocalProcess server, int port, int requests) throws Exception {
        var expected = "http_server_active_requests " + requests + ".0";
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        var seen = "";
        while (System.nanoTime() < deadline) {
            seen = get(port, "/metrics")
                    .body()
                    .lines()
                    .filter(line -> line.startsWith("http_server_active_requests "))
                    .findFirst()
                    .orElse("no such line");
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        var printed = server.lines();
        throw new AssertionError("Waited for '" + expected + "'; the last scrape said '" + seen
                + "'; the server's last lines: " + printed.subList(Math.max(0, printed.size() - 20), printed.size()));
    }

    /**
     * An HTTP/1.0 request on a connection of its own, which the server closes after the answer: a connection kept
     * alive would hold the drain open until its bound, as an idle client does. A bare socket rather than the JDK's
     * HttpClient, whose {@code close} waits for its selector thread, at times for seconds, in a loop that scrapes
     * twenty times a second.
     */
    private static Answer get(int port, String path) throws IOException {
        return request(port, "GET", path);
    }

    private static Answer request(int port, String method, String path) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write((method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            var status = Integer.parseInt(answer.split(" ", 3)[1]);
            return new Answer(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    private record Answer(int statusCode, String body) {}

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
