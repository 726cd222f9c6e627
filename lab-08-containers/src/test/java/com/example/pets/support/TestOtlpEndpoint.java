package com.example.pets.support;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stands in for the OTLP endpoint during the tests: receives what the app exports as OTLP/HTTP protobuf ({@code POST
 * /v1/traces}) to the address the build put in {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a free port, see pom.xml), read
 * with the official {@code opentelemetry-proto} classes. Spans come one by one as they end, batched into exports.
 */
public final class TestOtlpEndpoint {

    /** A safety net for spans that never come, not a measure of speed: they come within milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final List<Span> SPANS = new ArrayList<>();
    /** The client port of the connection each span arrived on, by span id. */
    private static final Map<ByteString, Integer> CONNECTIONS = new HashMap<>();

    private static HttpServer server;

    private TestOtlpEndpoint() {}

    /** Starts receiving, unless it already does. */
    public static synchronized void listen() {
        if (server != null) {
            return;
        }
        var endpoint = URI.create(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
        try {
            server = HttpServer.create(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                var export = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
                synchronized (TestOtlpEndpoint.class) {
                    export.getResourceSpansList().stream()
                            .flatMap(resource -> resource.getScopeSpansList().stream())
                            .flatMap(scope -> scope.getSpansList().stream())
                            .forEach(span -> {
                                SPANS.add(span);
                                CONNECTIONS.put(
                                        span.getSpanId(),
                                        exchange.getRemoteAddress().getPort());
                            });
                    TestOtlpEndpoint.class.notifyAll();
                }
                // An empty ExportTraceServiceResponse (no bytes): every span accepted.
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** Forgets every span received so far, so that a wait finds only spans sent after this. */
    public static synchronized void forget() {
        SPANS.clear();
    }

    /** The connection (the exporter's client port) a span arrived on. */
    public static synchronized int connectionOf(Span span) {
        return CONNECTIONS.get(span.getSpanId());
    }

    /** Runs {@code work} with nothing listening on the endpoint, as on a laptop without the viewer. */
    public static void withoutEndpoint(Runnable work) {
        HttpServer stopping;
        synchronized (TestOtlpEndpoint.class) {
            listen();
            stopping = server;
            server = null;
        }
        // Outside the lock: stop waits for an export being received, and receiving one takes the lock.
        stopping.stop(0);
        try {
            work.run();
        } finally {
            listen();
        }
    }

    /**
     * The spans of a trace, named by an {@code X-Amzn-Trace-Id} value or an X-Ray trace id, once its root has arrived
     * and, since exports may land out of order, the DynamoDB calls of its repository methods as well.
     */
    public static synchronized List<Span> trace(String traceHeader) {
        var traceId = traceId(traceHeader);
        return await("trace " + traceHeader, () -> {
            var trace = SPANS.stream()
                    .filter(span -> span.getTraceId().equals(traceId))
                    .toList();
            var complete = trace.stream().anyMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                    && trace.stream()
                            .filter(span -> span.getName().startsWith("PetRepository."))
                            .noneMatch(method -> children(trace, method).isEmpty());
            return complete ? Optional.of(trace) : Optional.empty();
        });
    }

    /** The spans of a trace received so far, without waiting for any. */
    public static synchronized List<Span> received(String traceHeader) {
        var traceId = traceId(traceHeader);
        return SPANS.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** The first span with this name, from any trace. */
    public static synchronized Span awaitSpan(String name) {
        return await(
                "a span named " + name,
                () -> SPANS.stream().filter(span -> span.getName().equals(name)).findFirst());
    }

    /** The same 128 bits: X-Ray writes 1-<first 32 bits>-<other 96>, OpenTelemetry all 32 hex digits. */
    private static ByteString traceId(String traceHeader) {
        return ByteString.fromHex(
                traceHeader.replaceFirst("^Root=", "").split(";")[0].replaceAll("^1-|-", ""));
    }

    private static <T> T await(String description, Supplier<Optional<T>> received) {
        var deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            var result = received.get();
            if (result.isPresent()) {
                return result.get();
            }
            var left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + description + " within " + TIMEOUT + ". Received: "
                        + SPANS.stream()
                                .map(span -> HexFormat.of()
                                                .formatHex(span.getTraceId().toByteArray()) + " " + span.getName())
                                .toList());
            }
            try {
                TestOtlpEndpoint.class.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }

    /** The span of the trace the service received the request with: the kind X-Ray shows as a segment. */
    public static Span root(List<Span> trace) {
        return trace.stream()
                .filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .findFirst()
                .orElseThrow();
    }

    /** The first span with this name in the trace. */
    public static Span find(List<Span> trace, String name) {
        return trace.stream()
                .filter(span -> span.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No span named " + name + " in " + trace));
    }

    /** The spans whose parent is {@code parent}, in the order they ended. */
    public static List<Span> children(List<Span> trace, Span parent) {
        return trace.stream()
                .filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                .toList();
    }

    /** A span's or an event's attributes, as text. */
    public static Map<String, String> attributes(List<KeyValue> attributes) {
        var text = new TreeMap<String, String>();
        attributes.forEach(attribute -> text.put(attribute.getKey(), text(attribute.getValue())));
        return text;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(TestOtlpEndpoint::text)
                        .collect(Collectors.joining(","));
            default -> value.getStringValue();
        };
    }
}
