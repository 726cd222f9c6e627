package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the decks are: every {@code introduction.md} and {@code lab-0N-*.md} in the slides folder. */
final class Decks {

    static final Pattern DECK_NAME = Pattern.compile("introduction\\.md|(lab-0\\d-[a-z0-9-]+)\\.md");

    private Decks() {}

    /** The slides folder: Maven passes it as {@code slides.dir}; otherwise the working directory. */
    static Path slidesDir() {
        return Path.of(System.getProperty("slides.dir", "")).toAbsolutePath().normalize();
    }

    /** The repository root, against which excerpt paths resolve. */
    static Path repositoryRoot() {
        return slidesDir().getParent();
    }

    /** Every Markdown file in the slides folder but the README, sorted by name. */
    static List<Path> markdownFiles() {
        try (Stream<Path> files = Files.list(slidesDir())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .filter(file -> !file.getFileName().toString().equals("README.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decks the build renders. */
    static List<Path> all() {
        return markdownFiles().stream()
                .filter(file -> DECK_NAME.matcher(file.getFileName().toString()).matches())
                .toList();
    }

    static String read(Path deck) {
        try {
            return Files.readString(deck);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseName(Path deck) {
        String name = deck.getFileName().toString();
        return name.substring(0, name.length() - ".md".length());
    }
}
