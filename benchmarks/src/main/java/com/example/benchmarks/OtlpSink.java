package com.example.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands where an OTLP/HTTP endpoint would be (a collector, or X-Ray's OTLP endpoint): accepts every export with an
 * empty success response (an empty {@code ExportTraceServiceResponse}) and counts what arrived, so exporting costs
 * the designs a real HTTP round trip on this machine.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();

    OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(
                Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory()));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
