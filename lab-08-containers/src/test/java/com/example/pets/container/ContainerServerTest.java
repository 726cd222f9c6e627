package com.example.pets.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.pets.local.LocalDynamoDb;
import com.example.pets.local.LocalTable;
import com.example.pets.support.LocalProcess;
import com.example.pets.support.SlowUpload;
import com.example.pets.support.TestOtlpEndpoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

            try (var upload = SlowUpload.start("127.0.0.1", port);
                    var keptAlive = new Socket("127.0.0.1", port)) {
                keptAlive.setSoTimeout(30_000);
                assertThat(exchange(keptAlive, "/health")).startsWith("HTTP/1.1 200");
                awaitInFlight(server, port, 2); // the upload, and the scrape that sees it
                server.terminate();
                server.awaitLine(line -> line.contains("SIGTERM: draining"));

                // A new request on a connection kept alive: refused, with when to try again (elsewhere).
                assertThat(exchange(keptAlive, "/pets"))
                        .startsWith("HTTP/1.1 503")
                        .contains("Retry-After: 1");
                // A new connection: the port no longer accepts.
                assertThatThrownBy(() -> get(port, "/pets")).isInstanceOf(ConnectException.class);
                // An upload quiet for longer than the 1 s Jetty gives an idle connection in a shutdown: it finishes.
                Thread.sleep(2_000);
                assertThat(upload.finish()).isEqualTo("HTTP/1.1 201 Created");
            }
            assertThat(server.exitCode()).isZero();
            assertThat(server.lines()).anyMatch(line -> line.contains("\"message\":\"Stopped\""));
        }
    }

    /**
     * Prometheus and the collector's scraper keep their connection open between scrapes. An idle connection is not a
     * request in flight: it is closed at once, instead of holding the stop until the bound and ending in a warning
     * that requests were cut off.
     */
    @Test
    void sigterm_closes_an_idle_kept_alive_connection_without_waiting_for_it() throws Exception {
        var port = freePort();
        var settings = new HashMap<>(settings(port));
        settings.put("SHUTDOWN_TIMEOUT_SECONDS", "60");
        try (var server = LocalProcess.start(ContainerServer.class, settings)) {
            server.awaitLine(line -> line.contains("Pets API listening"));
            var scraper = new Socket("127.0.0.1", port);
            scraper.setSoTimeout(30_000);
            scraper.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = scraper.getInputStream();
            var answer = new String(in.readNBytes(15), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 200 OK");

            server.terminate();

            assertThat(server.exitCode()).as("%s", server.lines()).isZero();
            assertThat(server.lines())
                    .noneMatch(line -> line.contains("cut off"))
                    .anyMatch(line -> line.contains("\"message\":\"Stopped\""));
            in.readAllBytes(); // the rest of the answer, then the end of the stream: the server closed it
            scraper.close();
        }
    }

    /**
     * A request still open when the bound runs out is cut off, and the drain says so: the spans still
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

    /**
     * The load balancer answers 404 to the pages for the inside of the service by path pattern
     * ({@code ContainerStack.INTERNAL_PATHS} in infra/), matched case-sensitively against the path as the client sent
     * it. Every spelling under which the server still serves such a page must match a pattern, or it is public.
     */
    @Test
    void every_spelling_that_reaches_an_internal_page_is_one_the_load_balancer_blocks() throws Exception {
        var blocked = loadBalancerPatterns("INTERNAL_PATHS");
        var port = freePort();
        try (var server = LocalProcess.start(ContainerServer.class, settings(port))) {
            server.awaitLine(line -> line.contains("Pets API listening"));
            var reached = new ArrayList<String>();
            for (var page : List.of("metrics", "ready")) {
                for (var spelling : spellings(page)) {
                    if (get(port, spelling).statusCode() == 200) {
                        reached.add(spelling);
                    }
                }
            }
            assertThat(reached).contains("/metrics", "/ready").allSatisfy(path -> assertThat(blocked)
                    .as("the load balancer's patterns for %s", path)
                    .anyMatch(pattern ->
                            pattern.matcher(path.replaceFirst("\\?.*", "")).matches()));
        }
    }

    /** Ways to write a path that a server may read as the same page. */
    private static List<String> spellings(String page) {
        var encodedFirst = "%" + HexFormat.of().toHexDigits((byte) page.charAt(0)) + page.substring(1);
        return List.of(
                "/" + page,
                "/" + page + "/",
                "/" + page + "//",
                "/" + page + "/.",
                "/" + page + ";x=1",
                "/" + page + "?x=1",
                "/" + page + "%20",
                "/" + page.toUpperCase(Locale.ROOT),
                "//" + page,
                "/./" + page,
                "/%2e/" + page,
                "/pets/../" + page,
                "/pets/%2e%2e/" + page,
                "/" + encodedFirst,
                "/" + page.substring(0, page.length() - 1) + "%"
                        + HexFormat.of().toHexDigits((byte) page.charAt(page.length() - 1)));
    }

    /** An ALB path pattern: {@code *} any characters, {@code ?} one, the rest as written, case-sensitive. */
    private static List<Pattern> loadBalancerPatterns(String constant) throws IOException {
        var stack = Files.readString(Path.of("infra/src/main/java/com/example/pets/infra/ContainerStack.java"));
        var list = Pattern.compile(constant + "\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(stack);
        assertThat(list.find()).as("%s in ContainerStack.java", constant).isTrue();
        return Arrays.stream(list.group(1).split(","))
                .map(value -> value.strip().replaceAll("^\"|\"$", ""))
                .map(glob -> Pattern.compile(Arrays.stream(glob.split("", -1))
                        .map(c -> c.equals("*") ? ".*" : c.equals("?") ? "." : Pattern.quote(c))
                        .collect(Collectors.joining())))
                .toList();
    }

    /** A request the server refuses before the app sees it is still a log line: a probe must not go unseen. */
    @Test
    void a_request_the_server_refuses_before_the_app_sees_it_is_logged() throws Exception {
        var port = freePort();
        try (var server = LocalProcess.start(ContainerServer.class, settings(port))) {
            server.awaitLine(line -> line.contains("Pets API listening"));

            var answer = get(port, "/docs/%2e%2e/%2e%2e/etc/passwd");

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"status\":400");
            server.awaitLine(
                    line -> line.contains("Answered by the server, before the app") && line.contains("\"status\":400"));
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

    @Test
    void sigterm_sends_the_spans_of_the_last_requests_before_it_exits() throws Exception {
        TestOtlpEndpoint.listen();
        var port = freePort();
        var settings = new HashMap<>(settings(port));
        settings.put("OTEL_EXPORTER_OTLP_ENDPOINT", System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var traceHeader = "Root=1-6740a1b2-cccccccccccccccccccccccc;Parent=53995c3f42cd8ad8;Sampled=1";
        try (var server = LocalProcess.start(ContainerServer.class, settings)) {
            server.awaitLine(line -> line.contains("Pets API listening"));
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream()
                        .write(("GET /pets HTTP/1.0\r\nX-Amzn-Trace-Id: " + traceHeader + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200");
            }
            server.terminate();
            assertThat(server.exitCode()).isZero();
        }
        assertThat(TestOtlpEndpoint.trace(traceHeader))
                .extracting(Span::getName)
                .contains("GET /pets");
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

    /** A GET on a connection kept alive; returns the answer's status line and headers, and reads its body. */
    private static String exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        var in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            var c = in.read();
            if (c == -1) {
                break;
            }
            head.append((char) c);
        }
        var length = head.toString()
                .lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst()
                .orElse(0);
        in.readNBytes(length);
        return head.toString();
    }

    private record Answer(int statusCode, String body) {}

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
