package com.example.pets.local.apigateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the gateway, before any mapping: the method and target as sent, the headers in
 * their order and spelling, and the body's bytes.
 *
 * @param rawPath the path as sent, percent-escapes and all ({@code /prod/pets/a%20b})
 * @param rawQuery the query string as sent, without the {@code ?}; {@code null} when there is none
 */
public record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String sourceIp,
        String scheme,
        int port) {

    public IncomingRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The last value of a header, as API Gateway puts it in {@code headers}; {@code null} when absent. */
    public String header(String name) {
        String value = null;
        for (var header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                value = header.getValue();
            }
        }
        return value;
    }
}
