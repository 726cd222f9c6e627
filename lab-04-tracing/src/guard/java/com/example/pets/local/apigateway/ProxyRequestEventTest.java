package com.example.pets.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event the local API Gateway builds, rule by rule, against the REST proxy integration's input format
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html) and the REST
 * API notes (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html).
 */
class ProxyRequestEventTest {

    private static final Instant TIME = Instant.parse("2026-11-21T09:30:00Z");
    private static final String TRACE = "Root=1-6740a1b2-0123456789abcdef01234567";

    @Test
    void the_stage_is_in_the_request_context_path_but_not_in_path() {
        var event = event(request("GET", "/prod/pets/a%20b", null, List.of()));

        assertThat(event.path("path").asText()).isEqualTo("/pets/a%20b");
        assertThat(event.path("requestContext").path("path").asText()).isEqualTo("/prod/pets/a%20b");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("prod");
        assertThat(event.path("httpMethod").asText()).isEqualTo("GET");
    }

    @Test
    void the_resource_is_the_proxy_template_and_the_proxy_parameter_is_decoded() {
        var pets = event(request("GET", "/prod/pets/a%20b", null, List.of()));
        assertThat(pets.path("resource").asText()).isEqualTo("/{proxy+}");
        assertThat(pets.path("requestContext").path("resourcePath").asText()).isEqualTo("/{proxy+}");
        assertThat(pets.path("pathParameters").path("proxy").asText()).isEqualTo("pets/a b");

        var root = event(request("GET", "/prod", null, List.of()));
        assertThat(root.path("resource").asText()).isEqualTo("/");
        assertThat(root.path("path").asText()).isEqualTo("/");
        assertThat(root.path("pathParameters").isNull()).isTrue();
    }

    @Test
    void only_paths_in_the_stage_reach_the_function() {
        assertThat(ProxyRequestEvent.pathInStage("/prod/pets", "prod")).contains("/pets");
        assertThat(ProxyRequestEvent.pathInStage("/prod/", "prod")).contains("/");
        assertThat(ProxyRequestEvent.pathInStage("/production/pets", "prod")).isEmpty();
        assertThat(ProxyRequestEvent.pathInStage("/pets", "prod")).isEmpty();
    }

    @Test
    void headers_keep_the_last_value_and_multi_value_headers_keep_them_all() {
        var event = event(request(
                "GET",
                "/prod/pets",
                null,
                List.of(Map.entry("X-Correlation-Id", "first"), Map.entry("x-correlation-id", "second"))));

        assertThat(event.path("headers").path("X-Correlation-Id").asText()).isEqualTo("second");
        assertThat(event.path("multiValueHeaders").path("X-Correlation-Id"))
                .extracting(JsonNode::asText)
                .containsExactly("first", "second");
    }

    @Test
    void repeated_query_parameters_are_all_in_the_multi_value_map_and_values_are_decoded() {
        var event =
                event(request("GET", "/prod/pets", "limit=5&LIMIT=7&limit=10&next_token=a%3Db&plus=a+b", List.of()));

        assertThat(event.path("queryStringParameters").path("limit").asText()).isEqualTo("10");
        assertThat(event.path("multiValueQueryStringParameters").path("limit"))
                .extracting(JsonNode::asText)
                .containsExactly("5", "10");
        assertThat(event.path("multiValueQueryStringParameters").path("LIMIT"))
                .extracting(JsonNode::asText)
                .containsExactly("7");
        assertThat(event.path("queryStringParameters").path("next_token").asText())
                .isEqualTo("a=b");
        assertThat(event.path("queryStringParameters").path("plus").asText()).isEqualTo("a+b");
    }

    @Test
    void no_query_string_is_null_not_an_empty_map() {
        var event = event(request("GET", "/prod/pets", null, List.of()));

        assertThat(event.path("queryStringParameters").isNull()).isTrue();
        assertThat(event.path("multiValueQueryStringParameters").isNull()).isTrue();
    }

    @Test
    void the_request_context_names_the_request_the_caller_and_the_time() {
        var event = event(request("GET", "/prod/pets", null, List.of(Map.entry("User-Agent", "curl/8.5.0"))));
        var context = event.path("requestContext");

        assertThat(context.path("requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(context.path("identity").path("sourceIp").asText()).isEqualTo("203.0.113.10");
        assertThat(context.path("identity").path("userAgent").asText()).isEqualTo("curl/8.5.0");
        assertThat(context.path("requestTimeEpoch").asLong()).isEqualTo(TIME.toEpochMilli());
        assertThat(context.path("requestTime").asText()).isEqualTo("21/Nov/2026:09:30:00 +0000");
        assertThat(context.path("domainName").asText()).isEqualTo("localhost:3000");
    }

    @Test
    void the_gateway_adds_forwarding_and_trace_headers_and_drops_hop_by_hop_ones() {
        var event = event(request(
                "POST",
                "/prod/pets",
                null,
                List.of(Map.entry("Connection", "keep-alive"), Map.entry("Transfer-Encoding", "chunked"))));
        var headers = event.path("headers");

        assertThat(headers.path("X-Forwarded-For").asText()).isEqualTo("203.0.113.10");
        assertThat(headers.path("X-Forwarded-Port").asText()).isEqualTo("3000");
        assertThat(headers.path("X-Forwarded-Proto").asText()).isEqualTo("http");
        assertThat(headers.path("X-Amzn-Trace-Id").asText()).isEqualTo(TRACE);
        assertThat(headers.has("Connection")).isFalse();
        assertThat(headers.has("Transfer-Encoding")).isFalse();
    }

    @Test
    void a_text_body_travels_as_text_and_a_binary_one_as_base64() {
        var json = request("POST", "/prod/pets", null, List.of(Map.entry("Content-Type", "application/json")))
                .withBody("{\"name\":\"Łucja\"}");
        var text = event(json);
        assertThat(text.path("body").asText()).isEqualTo("{\"name\":\"Łucja\"}");
        assertThat(text.path("isBase64Encoded").asBoolean()).isFalse();

        var png = request("POST", "/prod/pets", null, List.of(Map.entry("Content-Type", "image/png")))
                .withBody("PNG");
        var withBinaryTypes = new RestApiSettings("prod", List.of("image/*"), null, 10, 2);
        var binary = ProxyRequestEvent.from(png.toRequest(), withBinaryTypes, "id-12345678", TRACE, TIME);
        assertThat(binary.path("body").asText()).isEqualTo("UE5H");
        assertThat(binary.path("isBase64Encoded").asBoolean()).isTrue();
    }

    @Test
    void no_body_is_null() {
        var event = event(request("GET", "/prod/pets", null, List.of()));

        assertThat(event.path("body").isNull()).isTrue();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    private static JsonNode event(Draft draft) {
        return ProxyRequestEvent.from(
                draft.toRequest(), RestApiSettings.PETS_API, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", TRACE, TIME);
    }

    private static Draft request(String method, String path, String query, List<Map.Entry<String, String>> headers) {
        return new Draft(method, path, query, headers, new byte[0]);
    }

    private record Draft(
            String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {

        Draft withBody(String text) {
            return new Draft(method, path, query, headers, text.getBytes(StandardCharsets.UTF_8));
        }

        IncomingRequest toRequest() {
            var all = new ArrayList<Map.Entry<String, String>>();
            all.add(Map.entry("Host", "localhost:3000"));
            all.addAll(headers);
            return new IncomingRequest(method, path, query, all, body, "203.0.113.10", "http", 3000);
        }
    }
}
