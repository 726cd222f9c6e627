package com.example.pets.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Captures what the app writes to stdout (where Lambda, and so CloudWatch, reads logs) while still echoing it.
 * {@link #withStderr} captures stderr into the same lines, in the order they were written: on Lambda both streams
 * become log events.
 */
public final class StdoutCapture implements AutoCloseable {

    /** JavalinTest captures logs itself by default; with this it leaves stdout to us. */
    public static final TestConfig LOGS_TO_STDOUT = new TestConfig(true, false);

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StdoutCapture(boolean stderrToo) {
        TestOtlpEndpoint.listen(); // where the app sends its spans: else it warns that it could not, on stdout
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        if (stderrToo) {
            System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts DynamoDB Local first: it prints a plain-text banner of its own, and only the app's lines count. */
    public static StdoutCapture start() {
        TestDynamoDb.client();
        return new StdoutCapture(false);
    }

    public static StdoutCapture withStderr() {
        TestDynamoDb.client();
        return new StdoutCapture(true);
    }

    /** Every non-blank line written so far. */
    public List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }

    /** Every line as a log query reads it. A line that is not one JSON object fails the test. */
    public List<JsonNode> jsonLines() {
        return lines().stream()
                .map(line -> LambdaJsonLogFormat.object(line)
                        .orElseThrow(() -> new AssertionError("Not a JSON object on stdout: " + line)))
                .toList();
    }

    /** The log events among the lines: the ones with a level, apart from EMF documents (which carry one too). */
    public List<JsonNode> logLines() {
        return jsonLines().stream()
                .filter(line -> line.has("level") && !line.has("_aws"))
                .toList();
    }

    public List<JsonNode> logLines(Predicate<JsonNode> filter) {
        return logLines().stream().filter(filter).toList();
    }

    /** Waits for a matching line: the local server writes its access line after it has sent the response. */
    public JsonNode awaitLine(Predicate<JsonNode> filter) throws InterruptedException {
        for (int wait = 0; wait < 500; wait++) {
            var match = jsonLines().stream().filter(filter).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No matching log line in:\n" + String.join("\n", lines()));
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream echo;
        private final ByteArrayOutputStream capture;

        Tee(OutputStream echo, ByteArrayOutputStream capture) {
            this.echo = echo;
            this.capture = capture;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (capture) {
                capture.write(bytes, offset, length);
            }
            try {
                echo.write(bytes, offset, length);
            } catch (IOException ignored) {
                // Echoing is best effort; the capture is what the test reads.
            }
        }
    }
}
