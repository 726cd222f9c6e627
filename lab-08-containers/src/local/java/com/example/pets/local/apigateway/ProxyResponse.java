package com.example.pets.local.apigateway;

import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns what the function returned into what the client gets, by the rules of a REST API's Lambda proxy
 * integration (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 * #api-gateway-simple-proxy-for-lambda-output-format):
 *
 * <ul>
 *   <li>anything but a JSON object with a numeric {@code statusCode}, string headers and a string body is a
 *       "Malformed Lambda proxy response": no answer here, the gateway answers 502 itself ({@link
 *       GatewayResponse#DEFAULT_5XX});
 *   <li>{@code headers} and {@code multiValueHeaders} are merged; a name in both keeps the multi-value list;
 *   <li>a body flagged {@code isBase64Encoded} is decoded only when the request's first {@code Accept} type is one
 *       of the API's binary media types. Otherwise the base64 text itself is the body the client gets
 *       (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html);
 *   <li>with {@code minimumCompressionSize} set, a body at least that large is compressed when the client's
 *       preferred {@code Accept-Encoding} is {@code gzip} or {@code deflate} and the function did not compress it
 *       already
 *       (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-receive-response-with-compressed-payload.html).
 * </ul>
 */
public final class ProxyResponse {

    private ProxyResponse() {}

    /** What the client gets; empty when the output is a malformed proxy response. */
    public static Optional<GatewayAnswer> toAnswer(byte[] output, IncomingRequest request, RestApiSettings settings) {
        JsonNode response;
        try {
            response = Json.mapper().readTree(output);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (response == null
                || !response.isObject()
                || !response.path("statusCode").isIntegralNumber()) {
            return Optional.empty();
        }
        var status = response.path("statusCode").asInt();
        if (status < 100 || status > 599) {
            return Optional.empty();
        }
        var bodyNode = response.path("body");
        if (!allHeadersValid(response) || !(bodyNode.isMissingNode() || bodyNode.isNull() || bodyNode.isTextual())) {
            return Optional.empty();
        }
        var headers = headers(response);
        var base64 = response.path("isBase64Encoded").asBoolean(false);
        var text = bodyNode.isTextual() ? bodyNode.asText() : "";

        byte[] body;
        if (base64 && settings.isBinary(firstAcceptedType(request.header("Accept")))) {
            try {
                body = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        } else {
            body = text.getBytes(StandardCharsets.UTF_8);
        }

        var answerHeaders = new ArrayList<Map.Entry<String, String>>();
        for (var header : headers) {
            // The gateway frames the answer itself: it sets its own length and connection headers.
            var name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("connection")) {
                answerHeaders.add(header);
            }
        }
        var encoding = compression(request, settings, headers, body.length);
        if (encoding.isPresent()) {
            body = compress(body, encoding.get());
            answerHeaders.add(Map.entry("Content-Encoding", encoding.get()));
        }
        return Optional.of(new GatewayAnswer(status, answerHeaders, body));
    }

    /** The first media type of an {@code Accept} header, the one API Gateway goes by; {@code null} when absent. */
    static String firstAcceptedType(String accept) {
        if (accept == null || accept.isBlank()) {
            return null;
        }
        return accept.split(",", 2)[0].strip();
    }

    /**
     * The coding API Gateway would compress with: the client's highest-priority {@code Accept-Encoding}, if it is
     * one API Gateway supports. No header means no compression.
     */
    static Optional<String> preferredEncoding(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return Optional.empty();
        }
        String best = null;
        double bestQuality = 0;
        for (var part : acceptEncoding.split(",")) {
            var pieces = part.split(";");
            var coding = pieces[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                var parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            if (!coding.isEmpty() && quality > bestQuality) {
                best = coding;
                bestQuality = quality;
            }
        }
        return best != null && (best.equals("gzip") || best.equals("deflate")) ? Optional.of(best) : Optional.empty();
    }

    private static Optional<String> compression(
            IncomingRequest request, RestApiSettings settings, List<Map.Entry<String, String>> headers, int size) {
        if (settings.minimumCompressionSize() == null || size < settings.minimumCompressionSize()) {
            return Optional.empty();
        }
        if (headers.stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Content-Encoding"))) {
            return Optional.empty();
        }
        return preferredEncoding(request.header("Accept-Encoding"));
    }

    private static byte[] compress(byte[] body, String encoding) {
        var out = new ByteArrayOutputStream();
        try (var stream = encoding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            stream.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean allHeadersValid(JsonNode response) {
        var single = response.path("headers");
        var multi = response.path("multiValueHeaders");
        if (!(single.isMissingNode() || single.isNull() || single.isObject())
                || !(multi.isMissingNode() || multi.isNull() || multi.isObject())) {
            return false;
        }
        for (var value : single) {
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                return false;
            }
        }
        for (var values : multi) {
            if (!values.isArray()) {
                return false;
            }
            for (var value : values) {
                if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The merged header list: every multi-value entry, then single-value names the multi-value map lacks. */
    private static List<Map.Entry<String, String>> headers(JsonNode response) {
        var merged = new ArrayList<Map.Entry<String, String>>();
        var multi = response.path("multiValueHeaders");
        if (multi.isObject()) {
            multi.properties().forEach(entry -> {
                if (entry.getValue().isArray()) {
                    entry.getValue().forEach(value -> merged.add(Map.entry(entry.getKey(), value.asText())));
                }
            });
        }
        var single = response.path("headers");
        if (single.isObject()) {
            single.properties().forEach(entry -> {
                var present = merged.stream()
                        .anyMatch(header -> header.getKey().equalsIgnoreCase(entry.getKey())
                                && header.getValue().equals(entry.getValue().asText()));
                var named = merged.stream().anyMatch(header -> header.getKey().equalsIgnoreCase(entry.getKey()));
                if (!present && !named) {
                    merged.add(Map.entry(entry.getKey(), entry.getValue().asText()));
                }
            });
        }
        return merged;
    }
}
