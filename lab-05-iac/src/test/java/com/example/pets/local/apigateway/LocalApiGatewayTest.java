package com.example.pets.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.support.TestDynamoDb;
import com.example.pets.system.Json;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The gateway's own answers, and what the function is handed, over real HTTP. */
class LocalApiGatewayTest {

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
            assertGatewayAnswer(get(gateway, "/pets", Map.of()), 403, "Forbidden");
            assertGatewayAnswer(get(gateway, "/production/pets", Map.of()), 403, "Forbidden");
            assertGatewayAnswer(send(gateway, "TRACE", "/prod/pets", new byte[0]), 403, "Missing Authentication Token");
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
            assertThat(tooLong.status()).isEqualTo(413);
            assertThat(new String(tooLong.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"message\":\"Request Too Long\"}");
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
            assertGatewayAnswer(get(gateway, "/prod/pets", Map.of()), 429, "Too Many Requests");
        }
    }

    @Test
    void a_function_slower_than_the_integration_timeout_is_a_504() throws Exception {
        var release = new CountDownLatch(1);
        LambdaInvoker function = (bytes, context) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8);
        };
        // The function never returns until released, so any timeout is certain to pass first.
        try (var gateway =
                LocalApiGateway.start(0, RestApiSettings.PETS_API, function, Duration.ofMillis(50), STOPPED)) {
            assertGatewayAnswer(get(gateway, "/prod/pets", Map.of()), 504, "Endpoint request timed out");
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
                assertThat(responses.get(i).get().body()).isEqualTo(headers.get(i) + " " + headers.get(i));
            }
        }
    }

    @Test
    void a_function_that_fails_or_answers_nonsense_is_a_502() throws Exception {
        LambdaInvoker failing = (bytes, context) -> {
            throw new IOException("boom");
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, failing)) {
            assertGatewayAnswer(get(gateway, "/prod/pets", Map.of()), 502, "Internal server error");
        }
        LambdaInvoker nonsense = (bytes, context) -> "hello".getBytes(StandardCharsets.UTF_8);
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, nonsense)) {
            assertGatewayAnswer(get(gateway, "/prod/pets", Map.of()), 502, "Internal server error");
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
                assertThat(response.body()).as(path).matches("(?s)\\s*[\\[{<.a-z@/].*");
            }
        }
    }

    private static void assertGatewayAnswer(java.net.http.HttpResponse<String> response, int status, String message)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.mapper().readTree(response.body()).path("message").asText())
                .isEqualTo(message);
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
}
