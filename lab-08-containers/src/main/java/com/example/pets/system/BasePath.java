package com.example.pets.system;

import io.javalin.http.Context;

/**
 * The path prefix the client used to reach the app, e.g. {@code /prod} for an API Gateway stage, empty locally.
 * Links the API hands out (Location, the OpenAPI servers, the docs page) start with it so they work either way.
 */
public final class BasePath {

    public static final String ATTRIBUTE = "com.example.pets.basePath";

    private BasePath() {}

    public static String of(Context ctx) {
        Object prefix = ctx.attribute(ATTRIBUTE);
        return prefix == null ? "" : prefix.toString();
    }
}
