package com.example.pets.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of the lab's commands ({@code LocalServer}, {@code LocalInvoke}, ...) run as its own JVM with the classpath
 * {@code ./mvnw exec:java} would use, as a student runs it: its exit code and every line it prints (stdout and
 * stderr together) are what the tests look at.
 */
public final class LocalProcess implements AutoCloseable {

    /** A safety net for a process that hangs, not a measure of speed: a healthy one is done long before. */
    private static final long PATIENCE_SECONDS = 120;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private LocalProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(this::read);
    }

    public static LocalProcess start(Class<?> mainClass, Map<String, String> env, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        // These JVMs live for seconds: the quick compiler alone and the serial collector (as Lambda starts a
        // function) start one about a second sooner on two cores and leave the CPU to the tests. What a command
        // prints does not depend on them.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("PORT"));
        builder.environment().keySet().removeIf(name -> name.equals("LOG_FORMAT") || name.startsWith("DYNAMODB_"));
        // Spans to a closed port: not the tests' endpoint (a test waiting there for a span must not find one of this
        // JVM's), nor 4318, where the learner's trace viewer may be listening.
        builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
        builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
        builder.environment().putAll(env);
        try {
            return new LocalProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("Still running after " + PATIENCE_SECONDS + " s; it printed: " + lines());
        }
        reader.join();
        return process.exitValue();
    }

    /** Waits until a printed line matches, and returns it. */
    public String awaitLine(Predicate<String> matching) throws InterruptedException {
        return awaitLines(seen -> seen.stream().anyMatch(matching)).stream()
                .filter(matching)
                .findFirst()
                .orElseThrow();
    }

    /** Waits until what it has printed so far satisfies the condition, and returns those lines. */
    public List<String> awaitLines(Predicate<List<String>> condition) throws InterruptedException {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        synchronized (lines) {
            while (!condition.test(lines)) {
                if (!reader.isAlive()) {
                    throw new AssertionError(
                            "Ended (exit code " + process.waitFor() + ") without it; it printed: " + lines);
                }
                var left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("Not printed within " + PATIENCE_SECONDS + " s; it printed: " + lines);
                }
                lines.wait(left);
            }
            return List.copyOf(lines);
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Stops it as Ctrl+C would. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join();
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was stopped: what it printed is all there is.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
