package com.example.pets.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.support.RawHttp;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's own answers, and what the function is handed, over real HTTP. */
class LocalApiGatewayTest {

    /**
     * The members of the problems the stage's gateway responses write (RFC 9457 plus the app's {@code
     * correlation_id}); DEFAULT_4XX and DEFAULT_5XX, whose status varies, leave out {@code title} and {@code status}.
     */
    private static final List<String> PROBLEM_FIELDS =
            List.of("type", "title", "status", "detail", "instance", "correlation_id");

    private static final List<String> DEFAULT_PROBLEM_FIELDS = List.of("type", "detail", "instance", "correlation_id");

    private static final Clock STOPPED = Clock.fixed(Instant.parse("2026-11-21T09:30:00Z"), ZoneOffset.UTC);

    @Test
    void the_function_gets_a_proxy_event_with_a_lambda_context() throws Exception {
        var event = new AtomicReference<String>();
        var remaining = new AtomicReference<Integer>();
        LambdaInvoker function = (bytes, context) -> {
            event.set(new String(bytes, StandardCharsets.UTF_8));
            remaining.set(context.getRemainingTimeInMillis());
            assertThat(context.getFunctionName()).isEqualTo("pets-api");
            assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
            return "{\"statusCode\":200,\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, function)) {
            var response = get(gateway, "/prod/pets?limit=2", Map.of("X-Correlation-Id", "abc"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
            var json = Json.mapper().readTree(event.get());
            assertThat(json.path("path").asText()).isEqualTo("/pets");
            assertThat(json.path("queryStringParameters").path("limit").asText())
                    .isEqualTo("2");
            assertThat(json.path("headers").path("X-Correlation-Id").asText()).isEqualTo("abc");
            assertThat(json.path("requestContext").path("requestId").asText())
                    .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
            assertThat(remaining.get()).isBetween(1, 15_000);
        }
    }

    @Test
    void the_gateway_refuses_what_never_reaches_the_function() throws Exception {
        LambdaInvoker function = (bytes, context) -> {
            throw new AssertionError("the function must not run");
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, function)) {
            // Outside the stage no gateway response applies: API Gateway's default body.
            assertDefaultMessage(get(gateway, "/pets", Map.of()), 403, "Forbidden");
            assertDefaultMessage(get(gateway, "/production/pets", Map.of()), 403, "Forbidden");
            assertGatewayProblem(
                    send(gateway, "TRACE", "/prod/pets", new byte[0]),
                    403,
                    "Forbidden",
                    "Missing Authentication Token");
            // Straight to the gateway's logic: over a socket, a client still sending 10 MB may miss the early answer.
            var tooLong = gateway.handle(new IncomingRequest(
                    "POST",
                    "/prod/pets",
                    null,
                    List.of(),
                    new byte[RestApiSettings.MAX_PAYLOAD_BYTES + 1],
                    "127.0.0.1",
                    "http",
                    gateway.port()));
            // API Gateway's default answer: REST APIs cannot customize the REQUEST_TOO_LARGE gateway response.
            assertThat(tooLong.status()).isEqualTo(413);
            assertThat(tooLong.header("Content-Type")).isEqualTo("application/json");
            assertThat(Json.mapper().readTree(tooLong.body()).path("message").asText())
                    .isEqualTo("Request Too Long");
            assertThat(tooLong.header("x-amzn-RequestId")).isNotBlank();
        }
    }

    @Test
    void every_gateway_response_template_is_a_problem_with_the_pinned_fields() throws Exception {
        // The same list as GatewayResponsesTest in lab-05's infra, which pins the templates the stack deploys.
        var requestId = "0f7ad5b2-3c1e-4e8a-9d61-2b0c7e5a1f44";
        for (var response : GatewayResponse.values()) {
            var rendered = response.template()
                    .replace("$context.error.messageString", "\"Say \\\"hi\\\"\"")
                    .replace("$context.requestId", requestId);
            var problem = Json.mapper().readTree(rendered);

            var isDefault = response.name().startsWith("DEFAULT_");
            assertThat(fieldNames(problem))
                    .as(response.name())
                    .containsExactlyElementsOf(isDefault ? DEFAULT_PROBLEM_FIELDS : PROBLEM_FIELDS);
            assertThat(problem.path("type").asText()).isEqualTo("about:blank");
            assertThat(problem.path("detail").asText()).isEqualTo("Say \"hi\"");
            assertThat(problem.path("instance").asText()).isEqualTo("urn:uuid:" + requestId);
            assertThat(problem.path("correlation_id").asText()).isEqualTo(requestId);
            // The answer is the template with the same values put in.
            var answer =
                    response.answer(isDefault ? 500 : problem.path("status").asInt(), "Say \"hi\"", requestId);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(Json.mapper().readTree(answer.body())).isEqualTo(problem);
        }
        assertThat(GatewayResponse.FIELDS).isEqualTo(PROBLEM_FIELDS);
        assertThat(Map.of(
                        GatewayResponse.MISSING_AUTHENTICATION_TOKEN, 403,
                        GatewayResponse.THROTTLED, 429,
                        GatewayResponse.INTEGRATION_TIMEOUT, 504))
                .allSatisfy((response, status) ->
                        assertThat(response.answer("x").status()).isEqualTo(status));
    }

    @Test
    void the_gateway_problem_has_every_member_the_app_problem_has() throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, LambdaInvoker.of(handler))) {
            var fromTheApp = get(gateway, "/prod/no-such-route", Map.of());
            var fromTheGateway = send(gateway, "TRACE", "/prod/pets", new byte[0]);

            assertThat(fromTheApp.statusCode()).isEqualTo(404);
            assertThat(fromTheApp.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(fieldNames(Json.mapper().readTree(fromTheGateway.body())))
                    .containsAll(fieldNames(Json.mapper().readTree(fromTheApp.body())));
        }
    }

    @Test
    void a_body_cut_short_or_that_stops_arriving_is_a_4xx_from_the_gateway_not_a_500() throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, LambdaInvoker.of(handler))) {
            gateway.idleTimeout(Duration.ofMillis(500));
            var halfABody = RawHttp.verbatim(RawHttp.bytes("POST /prod/pets HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"Rex\""));

            var cutShort = halfABody.sendThenStopSending(gateway.port());
            assertThat(cutShort.status()).isEqualTo(400);
            assertThat(cutShort.text()).isEqualTo("{\"message\":\"Bad Request\"}");

            var stopped = halfABody.send(gateway.port());
            assertThat(stopped.status()).isEqualTo(408);
            assertThat(stopped.text()).isEqualTo("{\"message\":\"Request Timeout\"}");
        }
    }

    @Test
    void the_stage_throttling_answers_429_once_the_burst_is_spent() throws Exception {
        LambdaInvoker function = (bytes, context) -> "{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8);
        // A stopped clock never refills the bucket, so exactly the burst gets through.
        var settings = new RestApiSettings("prod", List.of(), null, 3, 1);
        try (var gateway = LocalApiGateway.start(0, settings, function, Duration.ofSeconds(29), STOPPED)) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(gateway, "/prod/pets", Map.of()).statusCode()).isEqualTo(204);
            }
            assertGatewayProblem(get(gateway, "/prod/pets", Map.of()), 429, "Too Many Requests", "Too Many Requests");
            // The limits apply to each method: ANY / has a bucket of its own.
            assertThat(get(gateway, "/prod/", Map.of()).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void a_function_lambda_stops_at_its_own_timeout_is_a_502_not_a_504() throws Exception {
        var release = new CountDownLatch(1);
        var function = answeringOnceReleased(release);
        // The stack's function times out (15 s) before API Gateway's integration (29 s): Lambda's error is a 502.
        try (var gateway =
                LocalApiGateway.start(0, RestApiSettings.PETS_API, function, Duration.ofSeconds(29), STOPPED)) {
            gateway.functionTimeout(Duration.ofMillis(50));
            assertDefaultGatewayProblem(get(gateway, "/prod/pets", Map.of()), 502, "Internal server error");
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_function_slower_than_the_integration_timeout_is_a_504() throws Exception {
        var release = new CountDownLatch(1);
        var function = answeringOnceReleased(release);
        try (var gateway =
                LocalApiGateway.start(0, RestApiSettings.PETS_API, function, Duration.ofMillis(50), STOPPED)) {
            assertGatewayProblem(
                    get(gateway, "/prod/pets", Map.of()), 504, "Gateway Timeout", "Endpoint request timed out");
        } finally {
            release.countDown();
        }
    }

    @Test
    void overlapping_requests_take_turns_so_each_invocation_keeps_its_own_trace_header() throws Exception {
        var started = new AtomicInteger();
        var secondStarted = new CountDownLatch(1);
        LambdaInvoker function = (bytes, context) -> {
            var first = started.incrementAndGet() == 1;
            if (!first) {
                secondStarted.countDown();
            }
            var before = System.getProperty(LocalApiGateway.TRACE_HEADER_PROPERTY);
            if (first) {
                // Gives a second invocation every chance to start meanwhile: it must not.
                awaitQuietly(secondStarted, Duration.ofMillis(300));
            }
            var after = System.getProperty(LocalApiGateway.TRACE_HEADER_PROPERTY);
            return ("{\"statusCode\":200,\"body\":\"" + before + " " + after + "\"}").getBytes(StandardCharsets.UTF_8);
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, function)) {
            var headers =
                    List.of("Root=1-6744a2c0-000000000000000000000001", "Root=1-6744a2c0-000000000000000000000002");
            var responses = headers.stream()
                    .map(header -> CompletableFuture.supplyAsync(() -> getUnchecked(gateway, header)))
                    .toList();

            for (int i = 0; i < headers.size(); i++) {
                // As Lambda's runtime hands it over: the gateway's root, with a parent and a sampling decision.
                var handedOver = Pattern.quote(headers.get(i)) + ";Parent=[0-9a-f]{16};Sampled=1";
                assertThat(responses.get(i).get().body()).matches(handedOver + " " + handedOver);
            }
        }
    }

    @Test
    void the_function_gets_a_trace_header_with_a_well_formed_parent() {
        assertThat(LocalApiGateway.lambdaTraceHeader(
                        "Root=1-6744a2c0-000000000000000000000001;Parent=53995c3f42cd8ad8"))
                .isEqualTo("Root=1-6744a2c0-000000000000000000000001;Parent=53995c3f42cd8ad8");
        assertThat(LocalApiGateway.lambdaTraceHeader("Root=1-6744a2c0-000000000000000000000001;Parent=xyz;Sampled=0"))
                .matches("Root=1-6744a2c0-000000000000000000000001;Sampled=0;Parent=[0-9a-f]{16}");
    }

    @Test
    void a_function_that_fails_or_answers_nonsense_is_a_502() throws Exception {
        LambdaInvoker failing = (bytes, context) -> {
            throw new IOException("boom");
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, failing)) {
            assertDefaultGatewayProblem(get(gateway, "/prod/pets", Map.of()), 502, "Internal server error");
        }
        LambdaInvoker nonsense = (bytes, context) -> "hello".getBytes(StandardCharsets.UTF_8);
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, nonsense)) {
            assertDefaultGatewayProblem(get(gateway, "/prod/pets", Map.of()), 502, "Internal server error");
        }
    }

    @Test
    void no_text_answer_of_the_app_reaches_a_browser_as_base64() throws Exception {
        var handler = new StreamLambdaHandler(PetsApp.create(TestDynamoDb.newRepository()));
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, LambdaInvoker.of(handler))) {
            for (var path :
                    List.of("/prod/", "/prod/openapi.json", "/prod/docs", "/prod/docs/swagger-ui.css", "/prod/pets")) {
                var response = get(gateway, path, Map.of("Accept", "text/html,*/*;q=0.8"));

                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                        .as(path)
                        .matches("(application/json|text/html|text/css).*");
                // Text as written (JSON, HTML, CSS), and not base64, whose alphabet is letters, digits, + / and =.
                assertThat(response.body())
                        .as(path)
                        .matches("(?s)\\s*[\\[{<.@/].*")
                        .doesNotMatch("[A-Za-z0-9+/=\\s]+");
            }
        }
    }

    /** A gateway response of a type with a fixed status: the app's problem members, the request id as its id. */
    private static void assertGatewayProblem(
            java.net.http.HttpResponse<String> response, int status, String title, String detail) throws IOException {
        var problem = assertProblemOfTheRequest(response, status, detail);
        assertThat(fieldNames(problem)).containsExactlyElementsOf(PROBLEM_FIELDS);
        assertThat(problem.path("title").asText()).isEqualTo(title);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
    }

    /** DEFAULT_4XX or DEFAULT_5XX: of varying status, so without {@code status} and {@code title}. */
    private static void assertDefaultGatewayProblem(
            java.net.http.HttpResponse<String> response, int status, String detail) throws IOException {
        var problem = assertProblemOfTheRequest(response, status, detail);
        assertThat(fieldNames(problem)).containsExactlyElementsOf(DEFAULT_PROBLEM_FIELDS);
    }

    private static JsonNode assertProblemOfTheRequest(
            java.net.http.HttpResponse<String> response, int status, String detail) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        var problem = Json.mapper().readTree(response.body());
        var requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
        assertThat(problem.path("instance").asText()).isEqualTo("urn:uuid:" + requestId);
        assertThat(problem.path("correlation_id").asText()).isEqualTo(requestId);
        return problem;
    }

    private static void assertDefaultMessage(java.net.http.HttpResponse<String> response, int status, String message)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.mapper().readTree(response.body()))
                .isEqualTo(Json.mapper().createObjectNode().put("message", message));
    }

    private static List<String> fieldNames(JsonNode problem) {
        var names = new ArrayList<String>();
        problem.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static java.net.http.HttpResponse<String> getUnchecked(LocalApiGateway gateway, String traceHeader) {
        try {
            return get(gateway, "/prod/pets", Map.of("X-Amzn-Trace-Id", traceHeader));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.net.http.HttpResponse<String> get(
            LocalApiGateway gateway, String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path));
        headers.forEach(request::header);
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request.build(), BodyHandlers.ofString());
        }
    }

    private static java.net.http.HttpResponse<String> send(
            LocalApiGateway gateway, String method, String path, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request.build(), BodyHandlers.ofString());
        }
    }

    /** A function that answers only once {@code release} counts down: any timeout is certain to pass first. */
    private static LambdaInvoker answeringOnceReleased(CountDownLatch release) {
        return (bytes, context) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8);
        };
    }
}
