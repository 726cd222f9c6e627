package com.example.pets.support;

import com.example.pets.support.traces.Traces;
import com.example.pets.support.traces.UdpSegmentListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Stands in for the X-Ray daemon during the tests: listens on the UDP address the build put in {@code
 * AWS_XRAY_DAEMON_ADDRESS} (a free port, see pom.xml) and keeps every segment the app sends.
 */
public final class TestXRayDaemon {

    private static final Traces TRACES = new Traces();
    private static UdpSegmentListener listener;

    private TestXRayDaemon() {}

    public static synchronized Traces traces() {
        if (listener == null) {
            listen();
        }
        return TRACES;
    }

    /** Runs {@code work} with nothing listening on the daemon address, as on a laptop without the viewer. */
    public static synchronized void withoutDaemon(Runnable work) {
        traces();
        listener.close();
        try {
            work.run();
        } finally {
            listen();
        }
    }

    private static void listen() {
        try {
            listener = UdpSegmentListener.start(daemonAddress(), TRACES::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the build tells the app to send segments ({@code host:port}); X-Ray's default is 127.0.0.1:2000. */
    private static InetSocketAddress daemonAddress() {
        var value = System.getenv().getOrDefault("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        var colon = value.lastIndexOf(':');
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
}
