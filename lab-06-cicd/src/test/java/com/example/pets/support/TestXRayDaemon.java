package com.example.pets.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.example.pets.system.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Stands in for the X-Ray daemon during the tests: receives the datagrams the X-Ray SDK sends to the UDP address the
 * build put in {@code AWS_XRAY_DAEMON_ADDRESS} (a free port, see pom.xml). Each datagram is a header line, a newline
 * and one JSON document: here the segment of one request, sent when it ends, with its subsegments inside it.
 */
public final class TestXRayDaemon {

    /** A safety net for segments that never come, not a measure of speed: they come within milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final List<JsonNode> SEGMENTS = new ArrayList<>();
    private static DatagramSocket socket;

    private TestXRayDaemon() {}

    /** Starts receiving, unless it already does. */
    public static synchronized void listen() {
        if (socket != null) {
            return;
        }
        var address = System.getenv().getOrDefault("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        var colon = address.lastIndexOf(':');
        try {
            socket = new DatagramSocket(
                    new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
            // The SDK sends segments in bursts as requests end: leave room so that none is dropped.
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var receiving = socket;
        Thread.ofPlatform().daemon().name("test-xray-daemon").start(() -> receive(receiving));
    }

    private static void receive(DatagramSocket socket) {
        var buffer = new byte[65_535];
        while (!socket.isClosed()) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                var datagram = new String(packet.getData(), 0, packet.getLength(), UTF_8);
                var segment = Json.mapper().readTree(datagram.substring(datagram.indexOf('\n') + 1));
                synchronized (TestXRayDaemon.class) {
                    SEGMENTS.add(segment);
                    TestXRayDaemon.class.notifyAll();
                }
            } catch (IOException e) {
                // Closed, or not JSON: a test waiting for a segment says what did arrive.
            }
        }
    }

    /** Runs {@code work} with nothing listening on the daemon address, as on a laptop without the viewer. */
    public static synchronized void withoutDaemon(Runnable work) {
        listen();
        socket.close();
        socket = null;
        try {
            work.run();
        } finally {
            listen();
        }
    }

    /** The segment of a trace, named by an {@code X-Amzn-Trace-Id} value or a trace id, once it has ended. */
    public static synchronized JsonNode segment(String traceHeader) {
        var traceId = traceHeader.replaceFirst("^Root=", "").split(";")[0];
        return await("segment of trace " + traceId, () -> SEGMENTS.stream()
                .filter(segment -> segment.path("trace_id").asText().equals(traceId))
                .filter(segment -> segment.has("end_time"))
                .findFirst());
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
                        + SEGMENTS.stream()
                                .map(segment -> segment.path("trace_id").asText() + " "
                                        + segment.path("name").asText())
                                .toList());
            }
            try {
                TestXRayDaemon.class.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }

    /** The segment and every subsegment inside it, depth first. */
    public static Stream<JsonNode> all(JsonNode segment) {
        return Stream.concat(
                Stream.of(segment), segment.path("subsegments").valueStream().flatMap(TestXRayDaemon::all));
    }

    /** The first subsegment with this name anywhere in {@code segment}, or the segment itself. */
    public static JsonNode find(JsonNode segment, String name) {
        return all(segment)
                .filter(entity -> entity.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Nothing named " + name + " in " + segment.toPrettyString()));
    }

    /** The key-values X-Ray indexes for filtering traces, as text. */
    public static Map<String, String> annotations(JsonNode entity) {
        var annotations = new TreeMap<String, String>();
        for (var field : entity.path("annotations").properties()) {
            annotations.put(field.getKey(), field.getValue().asText());
        }
        return annotations;
    }
}
