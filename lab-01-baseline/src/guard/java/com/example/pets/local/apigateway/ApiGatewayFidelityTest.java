package com.example.pets.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.support.RawHttp;
import com.example.pets.support.RealClientHttp;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What API Gateway does with a request or an answer that a client would notice, held by the local API Gateway: the
 * stage's burst and rate, the payload and header quotas at their edges, the content codings, and how it reads query
 * parameter names and binary media types.
 */
class ApiGatewayFidelityTest {

    private static final Instant TIME = Instant.parse("2026-11-21T09:30:00Z");
    private static final String TRACE = "Root=1-6740a1b2-0123456789abcdef01234567";
    private static final LambdaInvoker NO_CONTENT =
            (bytes, context) -> "{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_stage_serves_a_burst_of_10_then_2_requests_a_second() throws Exception {
        var now = new AtomicReference<>(TIME);
        var clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (var gateway =
                LocalApiGateway.start(0, RestApiSettings.PETS_API, NO_CONTENT, Duration.ofSeconds(29), clock)) {
            for (int i = 0; i < 10; i++) {
                assertThat(get(gateway, "/prod/pets", Map.of()).statusCode()).isEqualTo(204);
            }
            assertThat(get(gateway, "/prod/pets", Map.of()).statusCode()).isEqualTo(429);
            now.set(now.get().plusMillis(500)); // half a second at 2 a second: one more request
            assertThat(get(gateway, "/prod/pets", Map.of()).statusCode()).isEqualTo(204);
            assertThat(get(gateway, "/prod/pets", Map.of()).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void a_body_of_exactly_10_mb_reaches_the_function() throws Exception {
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, NO_CONTENT)) {
            var body = new byte[RestApiSettings.MAX_PAYLOAD_BYTES];
            Arrays.fill(body, (byte) 'a');
            var answer = gateway.handle(new IncomingRequest(
                    "POST", "/prod/pets", null, List.of(), body, "127.0.0.1", "http", gateway.port()));
            assertThat(answer.status()).isEqualTo(204);
        }
    }

    @Test
    void the_caller_is_appended_to_the_forwarded_for_the_client_sent() {
        var event = event(List.of(Map.entry("X-Forwarded-For", "198.51.100.7")), "limit=2");
        assertThat(event.path("headers").path("X-Forwarded-For").asText()).isEqualTo("198.51.100.7, 203.0.113.10");
    }

    @Test
    void a_client_that_prefers_deflate_gets_deflate() {
        var settings = new RestApiSettings("prod", List.of(), 1024, 10, 2);
        var body = "x".repeat(1024);
        var answer = answer(
                "{\"statusCode\":200,\"body\":\"" + body + "\"}", settings, Map.of("Accept-Encoding", "deflate"));
        assertThat(answer.header("Content-Encoding")).isEqualTo("deflate");
        assertThat(new String(RealClientHttp.decode(answer.body(), "deflate"), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @Test
    void a_body_the_function_compressed_is_not_compressed_again() {
        var settings = new RestApiSettings("prod", List.of(), 1024, 10, 2);
        var body = "x".repeat(1024);
        var answer = answer(
                "{\"statusCode\":200,\"headers\":{\"Content-Encoding\":\"gzip\"},\"body\":\"" + body + "\"}",
                settings,
                Map.of("Accept-Encoding", "gzip"));
        assertThat(answer.headers())
                .filteredOn(h -> h.getKey().equalsIgnoreCase("Content-Encoding"))
                .hasSize(1);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void the_gateway_frames_the_answer_itself() {
        var answer = answer(
                "{\"statusCode\":200,\"headers\":{\"Content-Length\":\"999\"},\"body\":\"{}\"}",
                new RestApiSettings("prod", List.of(), null, 10, 2),
                Map.of());
        assertThat(answer.header("Content-Length")).isNull();
    }

    @Test
    void headers_over_10240_bytes_never_reach_the_function() throws Exception {
        LambdaInvoker function = (bytes, context) -> {
            throw new AssertionError("the function must not run");
        };
        try (var gateway = LocalApiGateway.start(0, RestApiSettings.PETS_API, function)) {
            var response = RawHttp.request("GET", "/prod/pets")
                    .header("X-Big", "a".repeat(10_240))
                    .send(gateway.port(), "");
            assertThat(response.status()).isEqualTo(431);
        }
    }

    @Test
    void query_parameter_names_are_decoded_too() {
        var event = event(List.of(), "next%5Ftoken=a");
        assertThat(event.path("queryStringParameters").path("next_token").asText())
                .isEqualTo("a");
    }

    @Test
    void a_binary_media_type_matches_whatever_its_parameters() {
        var uploads = new RestApiSettings("prod", List.of("multipart/form-data"), null, 10, 2);
        assertThat(uploads.isBinary("multipart/form-data; boundary=----x")).isTrue();
    }

    private static ObjectNode event(List<Map.Entry<String, String>> headers, String query) {
        var all = new ArrayList<Map.Entry<String, String>>();
        all.add(Map.entry("Host", "localhost:3000"));
        all.addAll(headers);
        return ProxyRequestEvent.from(
                new IncomingRequest("GET", "/prod/pets", query, all, null, "203.0.113.10", "http", 3000),
                RestApiSettings.PETS_API,
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                TRACE,
                TIME);
    }

    private static GatewayAnswer answer(String output, RestApiSettings settings, Map<String, String> headers) {
        return ProxyResponse.toAnswer(
                        output.getBytes(StandardCharsets.UTF_8),
                        new IncomingRequest(
                                "GET",
                                "/prod/pets",
                                null,
                                new ArrayList<>(headers.entrySet()),
                                null,
                                "127.0.0.1",
                                "http",
                                3000),
                        settings)
                .orElseThrow();
    }

    private static HttpResponse<String> get(LocalApiGateway gateway, String path, Map<String, String> headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path));
        headers.forEach(request::header);
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request.build(), BodyHandlers.ofString());
        }
    }
}
