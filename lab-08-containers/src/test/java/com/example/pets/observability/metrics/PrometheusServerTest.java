package com.example.pets.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) with the lab's own configuration, scraping the container's app every second,
 * queried through its HTTP API as a dashboard or an alert would query it; and {@code promtool} on the shipped
 * configuration, rules and a live scrape.
 */
class PrometheusServerTest {

    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private static Javalin app;
    private static Process prometheus;
    private static URI prometheusUrl;

    @BeforeAll
    static void scrapeTheApp() throws Exception {
        requireInstalled("prometheus");
        requireInstalled("promtool");
        app = PetsApp.create(
                        TestDynamoDb.newRepository(),
                        Clock.systemUTC(),
                        Observability.forContainer(ObservabilitySettings.from(Map.of())))
                .start("127.0.0.1", 0);

        // The shipped configuration, pointed at this app and scraping every second instead of every 15.
        var config = Files.readString(Path.of("prometheus/prometheus.yml"))
                .replace("localhost:8080", "127.0.0.1:" + app.port())
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
        Files.writeString(work.resolve("prometheus.yml"), config);
        Files.copy(Path.of("prometheus/alerts.yml"), work.resolve("alerts.yml"));

        var port = freePort();
        prometheusUrl = URI.create("http://127.0.0.1:" + port);
        prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + work.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
        await("Prometheus ready", () -> get(prometheusUrl.resolve("/-/ready")).statusCode() == 200);
        // Prometheus applies new targets every 5 s: wait for its first scrape of the app.
        awaitResult("up{job=\"pets-api\"} == 1");

        // Traffic over a few scrapes, so every rate has increases to see.
        var pets = URI.create("http://127.0.0.1:" + app.port() + "/pets");
        for (var i = 0; i < 40; i++) {
            get(pets);
            if (i % 10 == 0) {
                get(URI.create("http://127.0.0.1:" + app.port() + "/fail"));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void prometheus_sees_the_request_rate_per_route() throws Exception {
        var byRoute = awaitResult("sum by (route) (rate(http_server_requests_total{job=\"pets-api\"}[5m]))");
        assertThat(byRoute)
                .anySatisfy(series -> {
                    assertThat(series.at("/metric/route").asText()).isEqualTo("/pets");
                    assertThat(value(series)).isPositive();
                })
                .anySatisfy(series ->
                        assertThat(series.at("/metric/route").asText()).isEqualTo("/fail"));
    }

    @Test
    void prometheus_computes_a_p99_per_route_from_the_histogram() throws Exception {
        var p99 = awaitResult("histogram_quantile(0.99, sum by (le, route)"
                + " (rate(http_server_request_duration_seconds_bucket{job=\"pets-api\",route=\"/pets\"}[5m])))");
        assertThat(value(p99.get(0))).isPositive().isLessThanOrEqualTo(10);
    }

    @Test
    void prometheus_sees_the_5xx_ratio_after_fail() throws Exception {
        var ratio = awaitResult("sum(rate(http_server_requests_total{job=\"pets-api\",status=~\"5..\"}[5m]))"
                + " / sum(rate(http_server_requests_total{job=\"pets-api\"}[5m]))");
        assertThat(value(ratio.get(0))).isPositive().isLessThan(1);
    }

    @Test
    void every_expression_of_the_grafana_dashboard_returns_data() throws Exception {
        var dashboard = json.readTree(Path.of("grafana/pets-api.json").toFile());
        var expressions = new ArrayList<String>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);

        for (var expression : expressions) {
            // A window that holds the whole test run: the traffic came before the queries.
            var query = expression.replace("$__rate_interval", "5m");
            assertThat(awaitResult(query)).as(expression).isNotEmpty();
        }
    }

    @Test
    void promtool_accepts_the_shipped_configuration_and_its_rules_pass_their_unit_tests() throws Exception {
        assertThat(promtool(Path.of("prometheus"), null, "check", "config", "prometheus.yml"))
                .contains("SUCCESS: 3 rules found");
        assertThat(promtool(Path.of("prometheus"), null, "test", "rules", "alerts.test.yml"))
                .contains("SUCCESS");
    }

    /**
     * The README's command, run as written from the course's root folder: Prometheus starts on its default port 9090
     * with the file these tests run, with the app at {@code localhost:8080} as its target and the alert rules from
     * beside the file. (The tests above scrape the app with the same file, pointed at the app's own port.)
     */
    @Test
    void the_readmes_prometheus_command_runs_as_written() throws Exception {
        var command = Files.readString(Path.of("README.md"))
                .lines()
                .filter(line -> line.startsWith("prometheus "))
                .toList();
        assertThat(command)
                .singleElement()
                .asString()
                .contains("--config.file=lab-08-containers/prometheus/prometheus.yml")
                .doesNotContain("\"", "'", "\\"); // so that splitting it at spaces is what a shell does
        var root = Path.of("..").toAbsolutePath().normalize();
        Assumptions.assumeTrue(
                Files.isDirectory(root.resolve("lab-08-containers")),
                "The lab was copied out of the course; the README's paths start at the course's root folder.");
        requireFree(9090);

        var readmePrometheus = new ProcessBuilder(command.get(0).trim().split("\\s+"))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("readme-prometheus.log").toFile())
                .start();
        try {
            var url = URI.create("http://127.0.0.1:9090");
            var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ready(url)) {
                assertThat(readmePrometheus.isAlive() && System.nanoTime() < deadline)
                        .as(
                                "Prometheus ready on 9090; it logged: %s",
                                Files.readString(work.resolve("readme-prometheus.log")))
                        .isTrue();
                Thread.sleep(200);
            }
            // This Prometheus answered, not another that took the port meanwhile.
            assertThat(readmePrometheus.isAlive()).isTrue();
            var loaded = json.readTree(get(url.resolve("/api/v1/status/config")).body())
                    .at("/data/yaml")
                    .asText();
            assertThat(loaded).contains("job_name: pets-api", "localhost:8080", "metrics_path: /metrics");
            var groups = json.readTree(get(url.resolve("/api/v1/rules")).body()).at("/data/groups");
            assertThat(groups.findValues("rules").stream()
                            .mapToInt(JsonNode::size)
                            .sum())
                    .as("alert rules loaded from beside the configuration")
                    .isEqualTo(3);
        } finally {
            readmePrometheus.destroy();
            if (!readmePrometheus.waitFor(30, TimeUnit.SECONDS)) {
                readmePrometheus.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void promtool_accepts_a_live_scrape() throws Exception {
        var page =
                get(URI.create("http://127.0.0.1:" + app.port() + "/metrics")).body();
        promtool(Path.of("."), page, "check", "metrics");
    }

    /** Runs promtool and returns what it printed; fails with that when it exits with anything but 0. */
    private static String promtool(Path dir, String stdin, String... args) throws Exception {
        var command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as("promtool %s: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    /** The instant query's result vector, once it has at least one series (scrapes take a few seconds). */
    private static List<JsonNode> awaitResult(String query) throws Exception {
        var url = prometheusUrl.resolve("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        var result = new ArrayList<JsonNode>();
        await("a result for " + query, () -> {
            var answer = json.readTree(get(url).body());
            assertThat(answer.path("status").asText())
                    .as("%s: %s", query, answer)
                    .isEqualTo("success");
            result.clear();
            answer.at("/data/result").forEach(series -> {
                if (!Double.isNaN(value(series))) {
                    result.add(series);
                }
            });
            return !result.isEmpty();
        });
        return result;
    }

    private static double value(JsonNode series) {
        return Double.parseDouble(series.at("/value/1").asText());
    }

    private static void await(String what, Check check) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (check.passes()) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                fail("No " + what + " within 60 s; Prometheus logged: "
                        + Files.readString(work.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Debian's package: the project's scripts install it in CI; elsewhere the test says what to install. */
    private static void requireInstalled(String tool) {
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        var missing = tool + " is not installed; Debian or Ubuntu: sudo apt-get install prometheus"
                + " (macOS: brew install prometheus).";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing);
        }
        Assumptions.abort(missing);
    }

    private static boolean ready(URI prometheus) throws InterruptedException {
        try {
            return get(prometheus.resolve("/-/ready")).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * A port the README's command listens on. Debian's and Ubuntu's {@code prometheus} package runs its own Prometheus
     * as a service on 9090; the README says to stop it, and so does this test.
     */
    private static void requireFree(int port) {
        try {
            new ServerSocket(port).close();
        } catch (IOException taken) {
            var busy = "Port " + port + " is taken, and the README's prometheus command listens there. Debian's and"
                    + " Ubuntu's package runs Prometheus as a service: sudo systemctl disable --now prometheus.";
            if ("true".equals(System.getenv("CI"))) {
                fail(busy);
            }
            Assumptions.abort(busy);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean passes() throws Exception;
    }
}
