package com.example.pets.local.apigateway;

import com.example.pets.system.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the gateway sends back to the client: a status, headers in order (a name may repeat) and the body's bytes.
 */
public record GatewayAnswer(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public GatewayAnswer {
        headers = List.copyOf(headers);
    }

    /**
     * An answer API Gateway gives itself, before or instead of the function: its default gateway response, {@code
     * {"message": "..."}} as {@code application/json}
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
     */
    public static GatewayAnswer ofGateway(int status, String message) {
        var body = Json.mapper().createObjectNode().put("message", message).toString();
        return new GatewayAnswer(
                status, List.of(Map.entry("Content-Type", "application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    public String header(String name) {
        return headers.stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
