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
     * API Gateway's own default answer, {@code {"message": "..."}} as {@code application/json}, for a request it
     * refuses before it knows the stage (a path outside the stage, a request it cannot parse): no stage, no
     * deployment, so none of the API's gateway responses apply. Once the stage is known, the gateway answers with
     * {@link GatewayResponse}.
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
