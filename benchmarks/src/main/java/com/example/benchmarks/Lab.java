package com.example.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One lab folder, built by {@code scripts/benchmark.sh}: its Lambda artifact, its compiled classes and the file
 * listing its dependencies ({@code target/benchmark.classpath}).
 */
record Lab(String name, Path dir) {

    Path functionJar() {
        return dir.resolve("target/function.jar");
    }

    Path events() {
        return dir.resolve("events");
    }

    /** The table this lab's runs use, so labs never see each other's pets. */
    String tableName() {
        return "pets-" + name;
    }

    /**
     * What the local server runs with: the lab's classes, its laptop tooling (compiled into {@code target/test-classes},
     * see the lab's pom) and all its dependencies.
     */
    String serverClasspath() {
        try {
            var dependencies =
                    Files.readString(dir.resolve("target/benchmark.classpath")).strip();
            return String.join(
                    java.io.File.pathSeparator,
                    dir.resolve("target/classes").toString(),
                    dir.resolve("target/test-classes").toString(),
                    dependencies);
        } catch (IOException e) {
            throw new UncheckedIOException("Build the labs first: scripts/benchmark.sh does", e);
        }
    }

    long artifactBytes() {
        try {
            return Files.size(functionJar());
        } catch (IOException e) {
            throw new UncheckedIOException("No " + functionJar() + ": build the labs first", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
