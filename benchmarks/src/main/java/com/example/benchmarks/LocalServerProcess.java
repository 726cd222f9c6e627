package com.example.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lab's local server ({@code com.example.pets.local.LocalServer}) in its own JVM, pointed at this run's DynamoDB,
 * its logs written to a file as a log shipper would receive them.
 */
final class LocalServerProcess implements AutoCloseable {

    private final Process process;
    private final URI baseUrl;

    private LocalServerProcess(Process process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static LocalServerProcess start(Lab lab, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        var port = freePort();
        var builder = new ProcessBuilder(List.of(
                Java.executable(),
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                lab.serverClasspath(),
                "com.example.pets.local.LocalServer"));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("TABLE_NAME", lab.tableName());
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        var server = new LocalServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port));
        server.awaitReady(lab, log);
        return server;
    }

    URI baseUrl() {
        return baseUrl;
    }

    private void awaitReady(Lab lab, Path log) throws InterruptedException {
        var client = HttpClient.newHttpClient();
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The local server of " + lab + " stopped; see " + log);
            }
            try {
                var response = client.send(
                        HttpRequest.newBuilder(baseUrl.resolve("/")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("The local server of " + lab + " did not start; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
