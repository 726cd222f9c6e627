package com.example.pets.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.support.RealClientHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the client gets for what the function returned, rule by rule, against the REST proxy integration's output
 * format, binary media types and payload compression pages of the API Gateway developer guide.
 */
class ProxyResponseTest {

    private static final RestApiSettings NO_BINARY_TYPES = new RestApiSettings("prod", List.of(), null, 10, 2);
    private static final RestApiSettings PNG_IS_BINARY = new RestApiSettings("prod", List.of("image/png"), null, 10, 2);

    @Test
    void status_headers_and_a_text_body_pass_through() {
        var answer = answer(
                "{\"statusCode\":201,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{}\"}",
                NO_BINARY_TYPES,
                Map.of());

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(text(answer)).isEqualTo("{}");
    }

    @Test
    void multi_value_headers_become_repeated_headers_and_win_over_single_values() {
        var answer = answer(
                "{\"statusCode\":200,\"headers\":{\"Vary\":\"x\",\"ETag\":\"\\\"1\\\"\"},"
                        + "\"multiValueHeaders\":{\"Vary\":[\"Accept\",\"Origin\"]},\"body\":\"\"}",
                NO_BINARY_TYPES,
                Map.of());

        assertThat(answer.headers())
                .filteredOn(header -> header.getKey().equals("Vary"))
                .extracting(Map.Entry::getValue)
                .containsExactly("Accept", "Origin");
        assertThat(answer.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void a_base64_body_is_decoded_only_when_the_first_accepted_type_is_binary() {
        var response = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"image/png\"},"
                + "\"body\":\"UE5H\",\"isBase64Encoded\":true}";

        assertThat(text(answer(response, PNG_IS_BINARY, Map.of("Accept", "image/png"))))
                .isEqualTo("PNG");
        // A browser asks for text/html first: the base64 text is what it gets, as on AWS.
        assertThat(text(answer(response, PNG_IS_BINARY, Map.of("Accept", "text/html,image/png"))))
                .isEqualTo("UE5H");
        assertThat(text(answer(response, NO_BINARY_TYPES, Map.of("Accept", "image/png"))))
                .isEqualTo("UE5H");
    }

    @Test
    void anything_but_a_proxy_response_gets_no_answer_here_for_the_gateway_answers_502_itself() {
        for (var malformed : List.of(
                "",
                "not json",
                "[]",
                "{}",
                "{\"statusCode\":\"200\"}",
                "{\"statusCode\":200,\"body\":{\"a\":1}}",
                "{\"statusCode\":200,\"headers\":[\"a\"]}",
                "{\"statusCode\":200,\"multiValueHeaders\":{\"a\":\"b\"}}",
                "{\"statusCode\":700}")) {
            assertThat(ProxyResponse.toAnswer(
                            malformed.getBytes(StandardCharsets.UTF_8), request(Map.of()), NO_BINARY_TYPES))
                    .as(malformed)
                    .isEmpty();
        }
    }

    @Test
    void a_large_enough_body_is_gzipped_for_a_client_that_prefers_gzip() {
        var settings = new RestApiSettings("prod", List.of(), 1024, 10, 2);
        var body = "x".repeat(1024);
        var response = "{\"statusCode\":200,\"body\":\"" + body + "\"}";

        var compressed = answer(response, settings, Map.of("Accept-Encoding", "gzip, deflate, br"));
        assertThat(compressed.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(RealClientHttp.decode(compressed.body(), "gzip"), StandardCharsets.UTF_8))
                .isEqualTo(body);

        assertThat(answer(response, settings, Map.of()).header("Content-Encoding"))
                .as("no Accept-Encoding")
                .isNull();
        assertThat(answer(response, settings, Map.of("Accept-Encoding", "br, gzip"))
                        .header("Content-Encoding"))
                .as("a preferred coding API Gateway does not support")
                .isNull();
        assertThat(answer(response, NO_BINARY_TYPES, Map.of("Accept-Encoding", "gzip"))
                        .header("Content-Encoding"))
                .as("compression off")
                .isNull();
        var small = "{\"statusCode\":200,\"body\":\"" + "x".repeat(1023) + "\"}";
        assertThat(answer(small, settings, Map.of("Accept-Encoding", "gzip")).header("Content-Encoding"))
                .as("below minimumCompressionSize")
                .isNull();
    }

    @Test
    void the_preferred_coding_goes_by_quality_then_order() {
        assertThat(ProxyResponse.preferredEncoding("gzip, deflate, br")).contains("gzip");
        assertThat(ProxyResponse.preferredEncoding("deflate;q=1, gzip;q=0.5")).contains("deflate");
        assertThat(ProxyResponse.preferredEncoding("identity")).isEmpty();
        assertThat(ProxyResponse.preferredEncoding(null)).isEmpty();
    }

    private static GatewayAnswer answer(String output, RestApiSettings settings, Map<String, String> headers) {
        return ProxyResponse.toAnswer(output.getBytes(StandardCharsets.UTF_8), request(headers), settings)
                .orElseThrow();
    }

    private static IncomingRequest request(Map<String, String> headers) {
        return new IncomingRequest(
                "GET", "/prod/pets", null, new ArrayList<>(headers.entrySet()), null, "127.0.0.1", "http", 3000);
    }

    private static String text(GatewayAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}
