package com.example.pets.system;

import io.javalin.http.Context;

/** {@code GET /} says what is running; {@code GET /fail} breaks on purpose so later labs can show an error. */
public class SystemController {

    private final ServiceInfo info;

    public SystemController(ServiceInfo info) {
        this.info = info;
    }

    public void info(Context ctx) {
        ctx.json(new About(info.service(), info.version()));
    }

    public void fail(Context ctx) {
        throw new IllegalStateException("Deliberate failure from GET /fail");
    }

    /** The body of {@code GET /}: a record, so its keys always come in this order. */
    record About(String service, String version) {}
}
