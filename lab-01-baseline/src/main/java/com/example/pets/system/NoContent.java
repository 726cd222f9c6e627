package com.example.pets.system;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * An answer without content, a {@code 204} or a {@code 304}: no body, and so no {@code Content-Type} either. Javalin
 * gives every response its default type, {@code text/plain}, when the request arrives; the Lambda container cannot
 * unset a type once set, so the headers are reset and every other header (a correlation id, a trace id) is put back.
 * Jetty keeps the fields it writes itself ({@code Date}, {@code Server}) through a reset: not added a second time.
 */
public final class NoContent {

    private NoContent() {}

    public static void send(Context ctx, HttpStatus status) {
        var res = ctx.res();
        var kept = new LinkedHashMap<String, List<String>>();
        for (var name : res.getHeaderNames()) {
            if (!name.equalsIgnoreCase("Content-Type")) {
                kept.put(name, List.copyOf(res.getHeaders(name)));
            }
        }
        res.reset();
        ctx.status(status);
        kept.entrySet().stream()
                .filter(header -> !res.containsHeader(header.getKey()))
                .forEach(header -> header.getValue().forEach(value -> res.addHeader(header.getKey(), value)));
    }
}
