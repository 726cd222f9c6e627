package com.example.pets.support;

import com.example.pets.support.traces.OtlpHttpListener;
import com.example.pets.support.traces.Traces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Stands in for the OTLP endpoint during the tests: the course's trace viewer listens on the address the build put
 * in {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a free port, see pom.xml) and keeps every span the app sends.
 */
public final class TestOtlpEndpoint {

    private static final Traces TRACES = new Traces();
    private static OtlpHttpListener listener;

    private TestOtlpEndpoint() {}

    public static synchronized Traces traces() {
        if (listener == null) {
            listen();
        }
        return TRACES;
    }

    /** Runs {@code work} with nothing listening on the endpoint, as on a laptop without the viewer. */
    public static synchronized void withoutEndpoint(Runnable work) {
        traces();
        listener.close();
        try {
            work.run();
        } finally {
            listen();
        }
    }

    /** Stops listening and listens again on the same port: every connection the app had open is gone. */
    public static synchronized void restart() {
        traces();
        listener.close();
        listen();
    }

    private static void listen() {
        var endpoint = URI.create(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
        try {
            listener =
                    OtlpHttpListener.start(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), TRACES::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
