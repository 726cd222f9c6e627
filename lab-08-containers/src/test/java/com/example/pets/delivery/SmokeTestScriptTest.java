package com.example.pets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.support.FrontDoor;
import com.example.pets.support.TestDynamoDb;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code scripts/smoke-test.sh} is what the deployment workflow runs against the deployed API; here it runs
 * against the same app on this machine, so a change to the API that would fail the smoke test fails the
 * build first.
 */
class SmokeTestScriptTest {

    private static final Path SCRIPT = Path.of("scripts", "smoke-test.sh");

    @ParameterizedTest(name = "through {0}")
    @EnumSource(FrontDoor.class)
    void the_smoke_test_passes_against_the_api(FrontDoor door) {
        try (var running = door.start(PetsApp.create(TestDynamoDb.newRepository()))) {
            var baseUrl = "http://localhost:" + running.port() + running.prefix();
            var run = smokeTest(baseUrl, Map.of("SMOKE_CORRELATION_ID", "smoke-local-1"));

            var pet = running.prefix() + "/pets/[0-9a-f-]{36}";
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output())
                    .contains("X-Correlation-Id: smoke-local-1")
                    .contains("PASS  1/5 GET /pets answers 200 (try 1)")
                    .containsPattern("PASS  2/5 POST /pets answers 201, Location: " + pet + "\n")
                    .containsPattern("PASS  3/5 GET " + pet + " answers 200 with the pet's name\n")
                    .containsPattern("PASS  4/5 DELETE " + pet + " answers 204\n")
                    .containsPattern("PASS  5/5 GET " + pet + " answers 404 after the delete\n")
                    .contains("Smoke test passed: 5/5 checks against " + baseUrl)
                    .doesNotContain("FAIL");
        }
    }

    @Test
    void a_base_url_ending_in_a_slash_works_too() {
        withServer(PetsApp.create(TestDynamoDb.newRepository()), baseUrl -> {
            var run = smokeTest(baseUrl + "/", Map.of());

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).containsPattern("\\(X-Correlation-Id: smoke-[0-9a-f]{12}\\)\n");
        });
    }

    /**
     * On API Gateway the base URL ends in the stage ({@code /prod}) and so does the Location the API hands out
     * ({@code /prod/pets/<id>}): the follow-up requests go to the host plus the Location, not to the base URL
     * plus the Location ({@code /prod/prod/...}).
     */
    @Test
    void on_a_stage_the_follow_up_requests_go_to_the_stage_prefixed_location() {
        try (var running = FrontDoor.API_GATEWAY.start(PetsApp.create(TestDynamoDb.newRepository()))) {
            var run = smokeTest("http://localhost:" + running.port() + "/prod/", Map.of());

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output())
                    .containsPattern("PASS  2/5 POST /pets answers 201, Location: /prod/pets/[0-9a-f-]{36}");
        }
    }

    @Test
    void a_response_without_the_correlation_id_fails_the_smoke_test() {
        var forgetful = Javalin.create(config -> config.routes.get(
                "/pets", ctx -> ctx.contentType("application/json").result("{}")));
        withServer(forgetful, baseUrl -> {
            var run = smokeTest(baseUrl, Map.of("SMOKE_CORRELATION_ID", "smoke-echo"));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output())
                    .contains("FAIL  1/5 GET /pets (try 1 of 6): X-Correlation-Id should echo smoke-echo, was ''")
                    .contains("Smoke test FAILED")
                    .contains("filter correlation_id = \"smoke-echo\"");
        });
    }

    @Test
    void without_a_server_the_smoke_test_retries_then_fails_saying_why() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        var run = smokeTest("http://localhost:" + port, Map.of("SMOKE_ATTEMPTS", "2", "SMOKE_RETRY_DELAY", "0"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("try 1/2 of GET /pets: no response")
                .contains("FAIL  1/5 GET /pets (try 2 of 2): no response")
                .contains("Smoke test FAILED against http://localhost:" + port)
                .doesNotContain("PASS");
    }

    @Test
    void an_api_the_kill_switch_stopped_is_throttled_exit_status_3_not_a_failure_of_the_version() {
        var throttled = Javalin.create(config -> config.routes.before(ctx -> {
            throw new HttpResponseException(429, "Too Many Requests");
        }));
        withServer(throttled, baseUrl -> {
            var run = smokeTest(baseUrl, Map.of("SMOKE_ATTEMPTS", "2", "SMOKE_RETRY_DELAY", "0"));

            assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
            assertThat(run.output())
                    .contains("try 1/2 of GET /pets: HTTP 429")
                    .contains("THROTTLED  GET /pets answered 429 to all 2 tries")
                    .doesNotContain("FAIL");
        });
    }

    @Test
    void a_load_balancer_with_no_task_behind_it_is_exit_status_4_not_a_failure_of_the_image() {
        // What an Application Load Balancer answers when its target group has no healthy target.
        var noTask = Javalin.create(config -> config.routes.get("/pets", ctx -> ctx.status(503)
                .header("Server", "awselb/2.0")
                .html("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")));
        withServer(noTask, baseUrl -> {
            var run = smokeTest(baseUrl, Map.of("SMOKE_ATTEMPTS", "2", "SMOKE_RETRY_DELAY", "0"));

            assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
            assertThat(run.output())
                    .contains("try 1/2 of GET /pets: HTTP 503")
                    .contains("NO TASK  GET /pets got the load balancer's 503 to all 2 tries")
                    .doesNotContain("FAIL");
        });
        // The app's own 503 (DynamoDB unreachable) is a JSON problem, and a failure of the deployment: worth a
        // rollback.
        var appDown = Javalin.create(config -> config.routes.before(ctx -> {
            throw new HttpResponseException(503, "Service Unavailable");
        }));
        withServer(appDown, baseUrl -> assertThat(
                        smokeTest(baseUrl, Map.of("SMOKE_ATTEMPTS", "2", "SMOKE_RETRY_DELAY", "0"))
                                .exitCode())
                .isEqualTo(1));
    }

    @Test
    void a_base_url_that_is_not_http_is_a_usage_error() {
        var run = smokeTest("localhost:7070", Map.of());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("Usage:");
    }

    private static void withServer(Javalin app, Consumer<String> test) {
        app.start(0);
        try {
            test.accept("http://localhost:" + app.port());
        } finally {
            app.stop();
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run smokeTest(String baseUrl, Map<String, String> settings) {
        var builder = new ProcessBuilder("bash", SCRIPT.toString(), baseUrl).redirectErrorStream(true);
        // Inside a GitHub Actions run the script would also print workflow commands; not wanted here.
        builder.environment().remove("GITHUB_ACTIONS");
        builder.environment().putAll(settings);
        try {
            var process = builder.start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
