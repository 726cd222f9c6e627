package com.example.pets.benchmark;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, measured inside a fresh JVM: how long from JVM start until the handler is built, and until the
 * first event has been answered. {@code scripts/benchmark-cold-start.sh} runs it many times against the packaged
 * {@code target/function.jar}; it is a measurement tool, not a test.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        var handler = new StreamLambdaHandler();
        var ready = ManagementFactory.getRuntimeMXBean().getUptime();
        try (var event = Files.newInputStream(Path.of(args[0]))) {
            handler.handleRequest(event, new ByteArrayOutputStream(), new LocalLambdaContext());
        }
        var answered = ManagementFactory.getRuntimeMXBean().getUptime();
        // stderr: stdout belongs to the app's logs.
        System.err.println("COLD_START_MS ready=" + ready + " answered=" + answered);
        System.exit(0);
    }
}
