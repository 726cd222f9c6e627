package com.example.benchmarks.probe;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Does for a lab's handler what the Lambda runtime does for each invocation: sets the trace header, hands over the
 * event, and reads back the API Gateway proxy response. The handler is the lab's own class, loaded by name, so one
 * probe fits every lab.
 */
final class Invoker {

    /** The runtime publishes each invocation's X-Ray trace header here; the X-Ray SDK reads it on Lambda. */
    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    /**
     * Whether X-Ray samples the invocation: 1 (every one, the default here: the worst case) or 0. On Lambda the
     * default rule samples the first request each second and 5% of the rest.
     */
    private static final String SAMPLED = System.getenv().getOrDefault("BENCHMARK_TRACE_SAMPLED", "1");

    private static final String HANDLER = "com.example.pets.lambda.StreamLambdaHandler";
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");
    private static final Pattern PET_ID = Pattern.compile("/pets/([0-9a-f-]{36})");

    private final RequestStreamHandler handler;

    private Invoker(RequestStreamHandler handler) {
        this.handler = handler;
    }

    /** Builds the handler as Lambda's init phase does: its public no-argument constructor. */
    static Invoker init() throws ReflectiveOperationException {
        var handler = (RequestStreamHandler)
                Class.forName(HANDLER).getDeclaredConstructor().newInstance();
        return new Invoker(handler);
    }

    Response invoke(String event) throws IOException {
        System.setProperty(TRACE_HEADER_PROPERTY, sampledTraceHeader());
        var output = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, new ProbeContext());
        return new Response(output.toString(StandardCharsets.UTF_8));
    }

    private static String sampledTraceHeader() {
        var random = ThreadLocalRandom.current();
        var hex = HexFormat.of();
        var epochSeconds = Long.toHexString(System.currentTimeMillis() / 1000);
        var unique = new byte[12];
        random.nextBytes(unique);
        var parent = new byte[8];
        random.nextBytes(parent);
        return "Root=1-" + epochSeconds + "-" + hex.formatHex(unique) + ";Parent=" + hex.formatHex(parent) + ";Sampled="
                + SAMPLED;
    }

    record Response(String json) {

        int status() {
            var matcher = STATUS.matcher(json);
            if (!matcher.find()) {
                throw new IllegalStateException("Not an API Gateway proxy response: " + json);
            }
            return Integer.parseInt(matcher.group(1));
        }

        /** The id of a created pet, from the Location header. */
        String petId() {
            var matcher = PET_ID.matcher(json);
            if (!matcher.find()) {
                throw new IllegalStateException("No pet id in the response: " + json);
            }
            return matcher.group(1);
        }

        Response expect(int status) {
            if (status() != status) {
                throw new IllegalStateException("Expected " + status + " but the handler answered " + json);
            }
            return this;
        }
    }
}
