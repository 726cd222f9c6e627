package com.example.pets.support;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;

/** Small helpers for requests the JavalinTest client has no shortcut for: raw bodies and extra headers. */
public final class Requests {

    private Requests() {}

    public static Response createPet(HttpClient client, String body) {
        return client.request("/pets", json("POST", body));
    }

    public static Request.Builder json(String method, String body) {
        return withBody(method, "application/json", body);
    }

    /** A GET that asks, in an {@code X-HTTP-Method-Override} header, to be handled as {@code method}. */
    public static Request.Builder getOverriddenTo(String method) {
        return new Request.Builder().get().header("X-HTTP-Method-Override", method);
    }

    public static Request.Builder withBody(String method, String contentType, String body) {
        var builder = new Request.Builder();
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        var publisher = BodyPublishers.ofString(body);
        return switch (method) {
            case "POST" -> builder.post(publisher);
            case "PATCH" -> builder.patch(publisher);
            case "PUT" -> builder.put(publisher);
            case "DELETE" -> builder.delete(publisher);
            case "GET" -> builder.get();
            default -> throw new IllegalArgumentException(method);
        };
    }

    public static String header(Response response, String name) {
        List<String> values = response.headers().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
