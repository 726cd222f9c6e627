package com.example.pets.observability.logging;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One id follows a request through every log line, and back to the client in the {@code X-Correlation-Id} header,
 * so "my request failed" can be answered with one query. The id is taken from the caller's header when it is
 * safe, else from API Gateway's request id, else made up.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";

    /** API Gateway's request id, set by the Lambda adapter; absent on the local server. */
    public static final String UPSTREAM_ID_ATTRIBUTE = "com.example.pets.upstreamRequestId";

    /** Letters, digits and {@code . _ : -}: enough for UUIDs and trace ids, too little to forge a log line. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {}

    /** The id of the request in progress, once {@link RequestLogging} has assigned it. */
    public static String of(Context ctx) {
        return RequestTelemetry.of(ctx).map(RequestTelemetry::correlationId).orElse(null);
    }

    static Resolved resolve(Context ctx) {
        var header = ctx.header(HEADER);
        var fallback = upstreamIdOrNew(ctx);
        if (header == null || header.isEmpty()) {
            return new Resolved(fallback, false);
        }
        return isSafe(header) ? new Resolved(header, false) : new Resolved(fallback, true);
    }

    static boolean isSafe(String id) {
        return SAFE.matcher(id).matches();
    }

    private static String upstreamIdOrNew(Context ctx) {
        Object upstream = ctx.attribute(UPSTREAM_ID_ATTRIBUTE);
        return upstream != null && isSafe(upstream.toString())
                ? upstream.toString()
                : UUID.randomUUID().toString();
    }

    /** The id to use, and whether the caller's header was refused. */
    record Resolved(String id, boolean replacedUnsafeHeader) {}
}
