package com.example.pets.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Since this lab, everything the app says goes through SLF4J, so every line is structured JSON. */
class NoPrintlnTest {

    @Test
    void no_code_in_src_main_prints_to_stdout_or_stderr_directly() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            var offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(NoPrintlnTest::printsDirectly)
                    .toList();

            assertThat(offenders).isEmpty();
        }
    }

    private static boolean printsDirectly(Path file) {
        try {
            var source = Files.readString(file);
            return source.contains("System.out") || source.contains("System.err") || source.contains("printStackTrace");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
