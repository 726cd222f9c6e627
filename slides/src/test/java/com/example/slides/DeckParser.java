package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the excerpts of a deck: a line {@code <!-- excerpt: path -->}, then (after blank lines only) a fenced code
 * block. A marker without a code block after it, or a code block that never closes, is a problem of the deck.
 */
final class DeckParser {

    static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*excerpt:\\s*(\\S+)\\s*-->\\s*$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})(.*)$");

    /** The excerpts of a deck, and what is wrong with its markers. */
    record ParsedDeck(Path deck, List<Excerpt> excerpts, List<String> problems) {}

    private DeckParser() {}

    static ParsedDeck parse(Path deck) {
        try {
            return parse(deck, Files.readAllLines(deck, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedDeck parse(Path deck, List<String> lines) {
        var excerpts = new ArrayList<Excerpt>();
        var problems = new ArrayList<String>();
        String pendingSource = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE_OPEN.matcher(line);
            if (fence.matches()) {
                int close = closingFence(lines, i, fence.group(1));
                if (close < 0) {
                    problems.add(deck.getFileName() + ":" + (i + 1) + ": code block is never closed");
                    return new ParsedDeck(deck, List.copyOf(excerpts), List.copyOf(problems));
                }
                if (pendingSource != null) {
                    excerpts.add(
                            new Excerpt(deck, pendingLine, pendingSource, List.copyOf(lines.subList(i + 1, close))));
                    pendingSource = null;
                }
                i = close;
                continue;
            }
            Matcher marker = MARKER.matcher(line);
            if (pendingSource != null && !line.isBlank()) {
                problems.add(deck.getFileName() + ":" + pendingLine + ": excerpt marker for " + pendingSource
                        + " is not followed by a fenced code block");
                pendingSource = null;
            }
            if (marker.matches()) {
                pendingSource = marker.group(1);
                pendingLine = i + 1;
            }
        }
        if (pendingSource != null) {
            problems.add(deck.getFileName() + ":" + pendingLine + ": excerpt marker for " + pendingSource
                    + " is not followed by a fenced code block");
        }
        return new ParsedDeck(deck, List.copyOf(excerpts), List.copyOf(problems));
    }

    private static int closingFence(List<String> lines, int open, String fence) {
        char kind = fence.charAt(0);
        var closing =
                Pattern.compile("^\\s{0,3}" + Pattern.quote(String.valueOf(kind)) + "{" + fence.length() + ",}\\s*$");
        for (int j = open + 1; j < lines.size(); j++) {
            if (closing.matcher(lines.get(j)).matches()) {
                return j;
            }
        }
        return -1;
    }
}
