package com.example.course.traces;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the traces of the local API without an AWS account: listens where the X-Ray daemon would and prints each
 * trace as a tree once it has arrived. Start it, then start the API with the same {@code AWS_XRAY_DAEMON_ADDRESS}
 * (default {@code 127.0.0.1:2000}) in another terminal.
 */
public final class TraceViewer {

    private static final Logger log = LoggerFactory.getLogger(TraceViewer.class);

    // The root segment comes last, but its subsegments streamed on their own may still be on their way.
    static final Duration QUIET = Duration.ofMillis(300);
    // Without a root segment (in Lambda the service sends it, not the SDK) print what came after a while.
    static final Duration WITHOUT_ROOT = Duration.ofSeconds(3);

    private final Traces traces;
    private final PrintStream out;
    // How many documents of each trace Traces holds were printed; Traces keeps the newest traces only.
    private final Map<String, Integer> printed = new HashMap<>();

    TraceViewer(Traces traces, PrintStream out) {
        this.traces = traces;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        var address = udpAddress(System.getenv("AWS_XRAY_DAEMON_ADDRESS"));
        var traces = new Traces();
        // A console tool: the trees are its output, not log lines.
        var viewer = new TraceViewer(traces, System.out);
        try (var listener = UdpSegmentListener.start(address, traces::add);
                var otlp = otlpListener(traces)) {
            viewer.out.println(hint(listener.daemonAddress(), System.getenv("AWS_XRAY_DAEMON_ADDRESS")));
            if (otlp != null) {
                viewer.out.println(otlpHint(otlp.endpoint(), System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")));
            }
            while (true) {
                Thread.sleep(100);
                viewer.printSettled(Instant.now());
            }
        } catch (SocketException e) {
            log.error(
                    "Cannot listen on udp {} ({}). Is an X-Ray daemon or another viewer running? Stop it, or set"
                            + " AWS_XRAY_DAEMON_ADDRESS to another port here and for the API.",
                    address.getHostString() + ":" + address.getPort(),
                    e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The OTLP/HTTP input, where {@code OTEL_EXPORTER_OTLP_ENDPOINT} points (default {@code http://127.0.0.1:4318},
     * OTLP's default), or none if that port is taken: the X-Ray input works without it.
     */
    private static OtlpHttpListener otlpListener(Traces traces) {
        var endpoint = System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
        try {
            var uri = java.net.URI.create(endpoint);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("expected http://host:port, such as http://127.0.0.1:4318");
            }
            return OtlpHttpListener.start(
                    new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 4318 : uri.getPort()), traces::add);
        } catch (java.io.IOException | IllegalArgumentException e) {
            log.warn("Cannot listen for OTLP on {} ({}); X-Ray segments only.", endpoint, e.getMessage());
            return null;
        }
    }

    /**
     * What to do next. The API sends to the default address by itself, so only another address is worth naming,
     * and then it must be set for the API too.
     */
    static String hint(String listening, String configured) {
        var start = configured == null || configured.isBlank()
                ? "Start the API in another terminal."
                : "Start the API in another terminal with AWS_XRAY_DAEMON_ADDRESS=" + shellWord(configured)
                        + " set there too.";
        return "Listening for X-Ray segments on udp " + listening + ". " + start;
    }

    /** The same for OpenTelemetry (labs 07-08): another endpoint must be set for the API too. */
    static String otlpHint(String endpoint, String configured) {
        var listening = "Listening for OpenTelemetry spans on " + endpoint + OtlpHttpListener.TRACES_PATH
                + " (OTLP/HTTP, protobuf or JSON).";
        return configured == null || configured.isBlank()
                ? listening
                : listening + " Start the API with OTEL_EXPORTER_OTLP_ENDPOINT=" + shellWord(configured)
                        + " set there too.";
    }

    /** A value as a shell reads it back, so the hint can be pasted: "udp:... tcp:..." holds a space. */
    private static String shellWord(String value) {
        return value.matches("[\\w.:/@\\[\\]-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** Prints each trace that has been quiet long enough, and again when more of it arrives later. */
    void printSettled(Instant now) {
        var all = traces.all();
        // Forget the traces Traces let go of: the map stays as small as it, and a late part of one of them is
        // printed as a trace of its own instead of being taken for what was printed already.
        printed.keySet().retainAll(all.stream().map(Trace::id).collect(Collectors.toSet()));
        for (var trace : all) {
            var alreadyPrinted = printed.getOrDefault(trace.id(), 0);
            var settled = trace.lastArrival().plus(trace.isComplete() ? QUIET : WITHOUT_ROOT);
            if (trace.documents() > alreadyPrinted && !now.isBefore(settled)) {
                if (alreadyPrinted > 0) {
                    out.println("More of trace " + trace.id() + " arrived:");
                }
                out.println(trace);
                printed.put(trace.id(), trace.documents());
            }
        }
    }

    /**
     * The UDP address in an {@code AWS_XRAY_DAEMON_ADDRESS} value: {@code host:port}, or {@code udp:host:port
     * tcp:host:port} in either order.
     */
    public static InetSocketAddress udpAddress(String value) {
        if (value == null || value.isBlank()) {
            return new InetSocketAddress("127.0.0.1", 2000);
        }
        var parts = value.trim().split("\\s+");
        var udp = parts.length == 1 ? parts[0] : null;
        for (var part : parts) {
            if (part.startsWith("udp:")) {
                udp = part.substring("udp:".length());
            }
        }
        var colon = udp == null ? -1 : udp.lastIndexOf(':');
        if (colon <= 0 || !udp.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS is " + value
                    + ": expected host:port (127.0.0.1:2000) or udp:host:port tcp:host:port");
        }
        return new InetSocketAddress(udp.substring(0, colon), Integer.parseInt(udp.substring(colon + 1)));
    }
}
