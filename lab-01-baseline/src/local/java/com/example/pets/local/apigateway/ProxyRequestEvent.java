package com.example.pets.local.apigateway;

import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the event a REST API with a Lambda proxy integration ({@code ANY /} and {@code ANY /{proxy+}}) sends to the
 * function: payload format 1.0, documented at
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 *
 * <ul>
 *   <li>{@code path} is the path after the stage, as sent; {@code requestContext.path} keeps the stage;
 *   <li>{@code resource} is the matched resource template, {@code /} or {@code /{proxy+}}, and {@code
 *       pathParameters.proxy} the rest of the path, percent-decoded;
 *   <li>{@code headers} and {@code queryStringParameters} hold the last value of each name, {@code
 *       multiValueHeaders} and {@code multiValueQueryStringParameters} every value; query values are decoded;
 *   <li>the body is base64-encoded only when its {@code Content-Type} is one of the API's binary media types.
 * </ul>
 */
public final class ProxyRequestEvent {

    /** Hop-by-hop headers (RFC 9110, section 7.6.1) end at the gateway; the function never sees them. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public static final String ACCOUNT_ID = "123456789012";
    public static final String API_ID = "local";

    private ProxyRequestEvent() {}

    /**
     * The path after the stage, when the request is for this API's stage: {@code /prod/pets} gives {@code /pets},
     * {@code /prod} gives {@code /}. Empty for any other path, which API Gateway answers itself with 403.
     */
    public static Optional<String> pathInStage(String rawPath, String stage) {
        var prefix = "/" + stage;
        if (rawPath.equals(prefix) || rawPath.equals(prefix + "/")) {
            return Optional.of("/");
        }
        return rawPath.startsWith(prefix + "/") ? Optional.of(rawPath.substring(prefix.length())) : Optional.empty();
    }

    public static ObjectNode from(
            IncomingRequest request, RestApiSettings settings, String requestId, String traceHeader, Instant time) {
        var path = pathInStage(request.rawPath(), settings.stage())
                .orElseThrow(() ->
                        new IllegalArgumentException("Not in stage " + settings.stage() + ": " + request.rawPath()));
        var resource = path.equals("/") ? "/" : "/{proxy+}";
        var headers = headers(request, traceHeader);
        var domainName = Optional.ofNullable(request.header("Host")).orElse("localhost");
        var userAgent = request.header("User-Agent");

        var event = Json.mapper().createObjectNode();
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", request.method());
        putSingleAndMulti(event, "headers", "multiValueHeaders", headers);
        putSingleAndMulti(
                event, "queryStringParameters", "multiValueQueryStringParameters", queryParameters(request.rawQuery()));
        if (path.equals("/")) {
            event.putNull("pathParameters");
        } else {
            event.putObject("pathParameters").put("proxy", percentDecode(path.substring(1)));
        }
        event.putNull("stageVariables");

        var context = event.putObject("requestContext");
        context.put("resourceId", "local");
        context.put("resourcePath", resource);
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", requestId.substring(0, 8) + "=");
        context.put("requestTime", REQUEST_TIME.format(time));
        context.put("path", request.rawPath());
        context.put("accountId", ACCOUNT_ID);
        context.put("protocol", "HTTP/1.1");
        context.put("stage", settings.stage());
        context.put("domainPrefix", domainName.split("[.:]", 2)[0]);
        context.put("requestTimeEpoch", time.toEpochMilli());
        context.put("requestId", requestId);
        var identity = context.putObject("identity");
        for (var field : List.of(
                "cognitoIdentityPoolId",
                "accountId",
                "cognitoIdentityId",
                "caller",
                "principalOrgId",
                "accessKey",
                "cognitoAuthenticationType",
                "cognitoAuthenticationProvider",
                "userArn",
                "user")) {
            identity.putNull(field);
        }
        identity.put("sourceIp", request.sourceIp());
        identity.put("userAgent", userAgent);
        context.put("domainName", domainName);
        context.put("apiId", API_ID);

        var body = request.body();
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (settings.isBinary(request.header("Content-Type"))) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            // A text body travels as a JSON string: bytes that are not UTF-8 become U+FFFD on the way.
            event.put("body", new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** A new trace header's root, {@code 1-<epoch seconds in hex>-<96 random bits>}, as X-Ray writes it. */
    public static String newTraceId(Instant time, byte[] random96Bits) {
        return "Root=1-" + Long.toHexString(time.getEpochSecond()) + "-"
                + HexFormat.of().formatHex(random96Bits);
    }

    private static Map<String, List<String>> headers(IncomingRequest request, String traceHeader) {
        var headers = new LinkedHashMap<String, List<String>>();
        for (var header : request.headers()) {
            if (HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            add(headers, header.getKey(), header.getValue());
        }
        // What the gateway adds: who called (appended to any X-Forwarded-For the client sent), how, and the trace.
        var forwardedFor = request.header("X-Forwarded-For");
        replace(
                headers,
                "X-Forwarded-For",
                forwardedFor == null ? request.sourceIp() : forwardedFor + ", " + request.sourceIp());
        replace(headers, "X-Forwarded-Port", Integer.toString(request.port()));
        replace(headers, "X-Forwarded-Proto", request.scheme());
        replace(headers, "X-Amzn-Trace-Id", traceHeader);
        return headers;
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        var parameters = new LinkedHashMap<String, List<String>>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (var pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            var equals = pair.indexOf('=');
            var name = equals < 0 ? pair : pair.substring(0, equals);
            var value = equals < 0 ? "" : pair.substring(equals + 1);
            // Unlike header names, query parameter names are case-sensitive: "A" and "a" are two parameters.
            parameters
                    .computeIfAbsent(percentDecode(name), key -> new ArrayList<>())
                    .add(percentDecode(value));
        }
        return parameters;
    }

    private static void putSingleAndMulti(
            ObjectNode event, String single, String multi, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            event.putNull(single);
            event.putNull(multi);
            return;
        }
        var singles = event.putObject(single);
        var multis = event.putObject(multi);
        values.forEach((name, list) -> {
            singles.put(name, list.get(list.size() - 1));
            var array = multis.putArray(name);
            list.forEach(array::add);
        });
    }

    /** Adds a value under the first spelling of the name seen: header names are case-insensitive. */
    private static void add(Map<String, List<String>> values, String name, String value) {
        var existing = values.keySet().stream()
                .filter(key -> key.equalsIgnoreCase(name))
                .findFirst()
                .orElse(name);
        values.computeIfAbsent(existing, key -> new ArrayList<>()).add(value);
    }

    private static void replace(Map<String, List<String>> values, String name, String value) {
        values.keySet().removeIf(key -> key.equalsIgnoreCase(name));
        values.put(name, new ArrayList<>(List.of(value)));
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8. A {@code +} stays a {@code +} (that is form encoding, not URL
     * encoding), and a broken escape is kept as it was sent.
     */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        var bytes = new ByteArrayOutputStream();
        var raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
