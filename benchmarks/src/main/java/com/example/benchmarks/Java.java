package com.example.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The JVM this run uses for everything it starts, so every lab is measured on the same one. */
final class Java {

    private Java() {}

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String version() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
    }

    /** Runs a process to its end (at most ten minutes) and returns what it wrote to stderr. */
    static String runToCompletion(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        var process = builder.start();
        var errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed:\n" + errors);
        }
        return errors;
    }
}
