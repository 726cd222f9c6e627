package com.example.pets.observability.logging;

import com.amazonaws.serverless.proxy.RequestReader;
import com.amazonaws.serverless.proxy.model.AwsProxyRequestContext;
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

    /** Letters, digits and {@code . _ : -}: enough for UUIDs and trace ids, too little to forge a log line. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {}

    static String resolve(Context ctx) {
        var header = ctx.header(HEADER);
        return isSafe(header) ? header : upstreamIdOrNew(ctx);
    }

    /** A header the caller sent but that was not used: the replacement deserves a warning. */
    static boolean isRefused(String header) {
        return header != null && !header.isEmpty() && !isSafe(header);
    }

    private static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** API Gateway's request id: in the request context that serverless-java-container keeps on the request. */
    private static String upstreamIdOrNew(Context ctx) {
        var requestContext = ctx.req().getAttribute(RequestReader.API_GATEWAY_CONTEXT_PROPERTY);
        var upstream = requestContext instanceof AwsProxyRequestContext apiGateway ? apiGateway.getRequestId() : null;
        return isSafe(upstream) ? upstream : UUID.randomUUID().toString();
    }
}
