package com.example.slides;

import java.nio.file.Path;
import java.util.List;

/**
 * A fenced code block on a slide that claims to be copied from a file of the repository.
 *
 * @param deck the Markdown deck it is on
 * @param line the 1-based line of its {@code <!-- excerpt: ... -->} marker in the deck
 * @param source the file it is copied from, relative to the repository root, as written in the marker
 * @param code the lines between the fences
 */
record Excerpt(Path deck, int line, String source, List<String> code) {

    String where() {
        return deck.getFileName() + ":" + line;
    }

    @Override
    public String toString() {
        return where() + " " + source;
    }
}
