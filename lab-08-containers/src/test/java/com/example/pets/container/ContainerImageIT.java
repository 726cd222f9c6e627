package com.example.pets.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.example.pets.local.LocalDynamoDb;
import com.example.pets.local.LocalTable;
import com.example.pets.support.Podman;
import com.example.pets.support.SlowUpload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image itself, run under Podman as an orchestrator runs it: configured by environment variables, reached
 * through a published port, stopped with SIGTERM. {@code ./mvnw verify} builds it with the learner's Jib settings on
 * a base made on this machine (the profile container-test-image); only the base differs.
 */
class ContainerImageIT {

    private static final Path IMAGE_TAR = Path.of("target/container/pets-api-test.tar");
    private static final String IMAGE = "localhost/pets-api:test";
    private static final Pattern README_RUN = Pattern.compile("docker run .*");
    private static final Pattern README_ENV = Pattern.compile(" -e (\\S+)");

    private static LocalDynamoDb dynamoDb;
    private static Podman podman;

    @BeforeAll
    static void loadTheImage() throws Exception {
        if (!Files.exists(IMAGE_TAR)) {
            var missing = "No container image to test: it needs podman, runc and mmdebstrap (Debian or Ubuntu: sudo"
                    + " apt-get install podman runc mmdebstrap), then ./mvnw verify builds it.";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        podman = Podman.forTests(Path.of("target/container"));
        podman.run("load", "--quiet", "--input", IMAGE_TAR.toString());
        dynamoDb = LocalDynamoDb.start(Optional.empty());
        LocalTable.createIfMissing(dynamoDb.client(), "pets");
    }

    @AfterAll
    static void stopDynamoDb() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void it_runs_as_a_user_that_is_not_root() throws Exception {
        assertThat(podman.run("image", "inspect", "--format", "{{.Config.User}}", IMAGE))
                .isEqualTo("65532:65532");
        try (var container = start()) {
            assertThat(podman.run("exec", container.id(), "id", "-u")).isEqualTo("65532");
        }
    }

    @Test
    void pets_and_metrics_answer_through_the_published_port() throws Exception {
        try (var container = start()) {
            var created = send(HttpRequest.newBuilder(container.url("/pets"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Boxed\",\"kind\":\"cat\"}"))
                    .build());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(get(container.url("/pets")).body()).contains("\"name\":\"Boxed\"");
            assertThat(get(container.url("/metrics")).body())
                    .contains("pets_created_total 1.0")
                    .contains("http_server_requests_total{method=\"GET\",route=\"/pets\",status=\"200\"} 1.0");
            // Logs are JSON lines on stdout, as lab-02 writes them: what a log driver ships.
            assertThat(podman.run("logs", container.id()).lines())
                    .anyMatch(line -> line.startsWith("{\"timestamp\":") && line.contains("\"route\":\"/pets\""));
        }
    }

    @Test
    void health_stays_up_while_readiness_follows_dynamodb() throws Exception {
        try (var container = start()) {
            assertThat(get(container.url("/ready")).statusCode()).isEqualTo(200);
            dynamoDb.stop();
            try {
                assertThat(get(container.url("/ready")).statusCode()).isEqualTo(503);
                assertThat(get(container.url("/health")).statusCode()).isEqualTo(200);
            } finally {
                dynamoDb.restart();
                LocalTable.createIfMissing(dynamoDb.client(), "pets");
            }
            assertThat(get(container.url("/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigterm_lets_the_request_in_flight_finish_then_exits_0() throws Exception {
        try (var container = start()) {
            try (var upload = SlowUpload.start("127.0.0.1", container.port())) {
                awaitInFlight(container, 2); // the upload, and the scrape that sees it
                podman.run("kill", "--signal", "TERM", container.id());
                awaitLog(container, "SIGTERM: draining");

                assertThat(upload.finish()).isEqualTo("HTTP/1.1 201 Created");
            }
            assertThat(podman.run("wait", container.id())).isEqualTo("0");
            assertThat(podman.run("logs", container.id())).contains("\"message\":\"Stopped\"");
        }
    }

    /** The image, started as the README starts it, against this test's DynamoDB Local, once it answers /health. */
    private static Podman.Container start() throws Exception {
        var container = podman.start(IMAGE, 8080, readmeEnvironment());
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                if (get(container.url("/health")).statusCode() == 200) {
                    return container;
                }
            } catch (java.io.IOException notYet) {
                // The JVM is still starting, or the app stopped at start-up: a second apart, ask which.
                if (attempt % 10 == 0
                        && podman.run("inspect", "--format", "{{.State.Running}}", container.id())
                                .equals("false")) {
                    fail("Stopped at start-up; it logged: " + podman.run("logs", container.id()));
                }
            }
            if (System.nanoTime() > deadline) {
                fail("Not healthy within 60 s; it logged: " + podman.run("logs", container.id()));
            }
            Thread.sleep(100);
        }
    }

    /**
     * The environment the README's {@code docker run} gives the image, so that the command a learner copies is the
     * one tested: with Podman's name for the host, and this test's DynamoDB Local in place of the placeholder.
     */
    private static List<String> readmeEnvironment() throws Exception {
        var readme = Files.readString(Path.of("README.md")).replace("\\\n", " ");
        var run = README_RUN.matcher(readme);
        assertThat(run.find()).as("a docker run command in README.md").isTrue();
        assertThat(run.group()).as("the port the image listens on").contains("-p 8080:8080");
        return README_ENV
                .matcher(run.group())
                .results()
                .map(variable -> variable.group(1)
                        .replace("host.docker.internal", "host.containers.internal")
                        .replace(
                                "PORT_OF_DYNAMODB_LOCAL",
                                Integer.toString(dynamoDb.endpoint().getPort())))
                .toList();
    }

    private static void awaitInFlight(Podman.Container container, int requests) throws Exception {
        // A safety net, not a measure of speed: the upload is in flight within milliseconds.
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            var page = get(container.url("/metrics")).body();
            if (page.contains("http_server_active_requests " + requests + ".0")) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("%d requests in flight; the last scrape said:%n%s", requests, page)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitLog(Podman.Container container, String text) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!podman.run("logs", container.id()).contains(text)) {
            assertThat(System.nanoTime()).as("a log line with " + text).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(URI url) throws Exception {
        return send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build());
    }

    /**
     * A client per request, shut down after it: a connection kept alive would hold the drain open until its bound, as
     * an idle client does. {@code shutdownNow}, because {@code close} waits for the client's selector thread, at
     * times for seconds.
     */
    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        var http = HttpClient.newHttpClient();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            http.shutdownNow();
        }
    }
}
