package com.example.course.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands where an OTLP/HTTP endpoint would (a collector, or X-Ray's OTLP endpoint): accepts
 * {@code POST /v1/traces} as protobuf ({@code application/x-protobuf}) or JSON ({@code application/json}), decodes
 * it with the official {@code opentelemetry-proto} classes, and hands on each span as a segment document. Bind port
 * 0 to get a free port, then point the app at {@link #endpoint()}.
 */
public final class OtlpHttpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpHttpListener.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TRACES_PATH = "/v1/traces";
    /** Far more than a batch of the SDK or a collector holds; a larger body is refused, not read into memory. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpServer server;

    private OtlpHttpListener(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds the address and starts serving on daemon threads.
     *
     * @throws IOException when the port is taken, for example by a running collector
     */
    public static OtlpHttpListener start(InetSocketAddress address, Consumer<JsonNode> documents) throws IOException {
        var server = HttpServer.create(address, 0);
        server.createContext(TRACES_PATH, exchange -> {
            try (exchange) {
                receive(exchange, documents);
            }
        });
        // A few threads: one client that stalls in the middle of its body must not hold up every other export
        // (the labs' exporters give up after 2 s and drop their spans). Traces is safe to add to from several.
        server.setExecutor(Executors.newFixedThreadPool(
                4, Thread.ofPlatform().daemon().name("otlp-http-listener-", 0).factory()));
        server.start();
        return new OtlpHttpListener(server);
    }

    /** The value of {@code OTEL_EXPORTER_OTLP_ENDPOINT} that sends spans here, such as http://127.0.0.1:4318. */
    public String endpoint() {
        var address = server.getAddress().getAddress();
        // An IPv6 address goes in brackets in a URL: http://[::1]:4318
        var host = address instanceof java.net.Inet6Address
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private static void receive(HttpExchange exchange, Consumer<JsonNode> documents) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        var contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        var json = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        // A collector's otlphttp exporter compresses with gzip unless told not to; the SDKs send plain bytes.
        var gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        ExportTraceServiceRequest request;
        try (var in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            var body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                log.warn("Ignored an OTLP request of more than {} bytes", MAX_BODY_BYTES);
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            request = json
                    ? fromJson(new String(body, StandardCharsets.UTF_8))
                    : ExportTraceServiceRequest.parseFrom(body);
            requireValidIds(request);
        } catch (IOException | RuntimeException e) {
            // One bad request is refused with a 400 and a line that says why; the listener goes on serving.
            log.warn("Ignored an OTLP request that does not decode: {}", e.getMessage());
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        OtlpSpans.toSegmentDocuments(request).forEach(documents);
        // An empty ExportTraceServiceResponse: every span accepted.
        var response = ExportTraceServiceResponse.getDefaultInstance();
        var answer =
                json ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8) : response.toByteArray();
        exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
    }

    /** A trace id is 16 bytes and a span id 8 (OTLP specification): anything else names no span, and is refused. */
    private static void requireValidIds(ExportTraceServiceRequest request) {
        for (var resourceSpans : request.getResourceSpansList()) {
            for (var scopeSpans : resourceSpans.getScopeSpansList()) {
                for (var span : scopeSpans.getSpansList()) {
                    var parent = span.getParentSpanId().size();
                    if (span.getTraceId().size() != 16
                            || span.getSpanId().size() != 8
                            || (parent != 0 && parent != 8)) {
                        throw new IllegalArgumentException("span \"" + span.getName() + "\" has a trace id of "
                                + span.getTraceId().size() + " bytes (16 wanted) and a span id of "
                                + span.getSpanId().size() + " (8 wanted)");
                    }
                }
            }
        }
    }

    /**
     * OTLP/JSON is protobuf's JSON mapping except that trace and span ids are hex, not base64 (OTLP specification,
     * "JSON Protobuf Encoding"): rewrite them, then parse with protobuf's own JSON parser.
     */
    static ExportTraceServiceRequest fromJson(String json) throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
        for (var resourceSpans : tree.path("resourceSpans")) {
            for (var scopeSpans : resourceSpans.path("scopeSpans")) {
                for (var span : scopeSpans.path("spans")) {
                    hexToBase64((ObjectNode) span, "traceId");
                    hexToBase64((ObjectNode) span, "spanId");
                    hexToBase64((ObjectNode) span, "parentSpanId");
                    for (var link : span.path("links")) {
                        hexToBase64((ObjectNode) link, "traceId");
                        hexToBase64((ObjectNode) link, "spanId");
                    }
                }
            }
        }
        var builder = ExportTraceServiceRequest.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), builder);
        return builder.build();
    }

    private static void hexToBase64(ObjectNode node, String field) {
        var value = node.path(field).asText("");
        if (!value.isEmpty()) {
            node.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value)));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
