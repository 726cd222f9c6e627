package com.example.pets.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what the app writes to stdout (where Lambda, and so CloudWatch, reads logs) while still echoing it.
 * {@link #withStderr} captures stderr into the same lines, in the order they were written: on Lambda both streams
 * become log events.
 */
public final class StdoutCapture implements AutoCloseable {

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StdoutCapture(boolean stderrToo) {
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        if (stderrToo) {
            System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts DynamoDB Local first: it prints a plain-text banner of its own, and only the app's lines count. */
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
