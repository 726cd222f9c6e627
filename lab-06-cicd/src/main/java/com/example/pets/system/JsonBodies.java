package com.example.pets.system;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

public final class JsonBodies {

    private JsonBodies() {}

    /** Request bodies are JSON; say so with a 415 rather than guess what another media type means. */
    public static void requireJson(Context ctx) {
        var contentType = ctx.contentType();
        var mediaType =
                contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase();
        if (!mediaType.equals("application/json")) {
            throw new HttpResponseException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "Send the body as JSON with the header 'Content-Type: application/json'.");
        }
    }
}
