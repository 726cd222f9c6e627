package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks that an excerpt on a slide is still what its source file says.
 *
 * <p>Rules, as documented in the slides README:
 *
 * <ul>
 *   <li>The source path is relative to the repository root, stays inside it, and names an existing file.
 *   <li>The code block must appear in the file as contiguous lines. A common leading indentation is ignored on both
 *       sides (a method cut out of a class), and so is trailing whitespace.
 *   <li>A line that is only {@code ...} (or {@code // ...}, {@code # ...}) elides any number of lines: the parts
 *       around it must each be contiguous and appear in the file in that order.
 * </ul>
 */
final class ExcerptChecker {

    private static final Pattern ELISION = Pattern.compile("^\\s*(//|#)?\\s*\\.\\.\\.\\s*$");

    private final Path repositoryRoot;

    ExcerptChecker(Path repositoryRoot) {
        this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
    }

    /** Returns what is wrong with the excerpt, or nothing when it matches its source. */
    Optional<String> check(Excerpt excerpt) {
        Path source;
        try {
            source = repositoryRoot.resolve(excerpt.source()).normalize();
        } catch (InvalidPathException e) {
            return problem(excerpt, "is not a valid path");
        }
        if (Path.of(excerpt.source()).isAbsolute() || !source.startsWith(repositoryRoot)) {
            return problem(excerpt, "is outside the repository (write a path relative to its root)");
        }
        if (!Files.isRegularFile(source)) {
            return problem(excerpt, "does not exist");
        }
        List<List<String>> parts = parts(excerpt.code());
        if (parts.isEmpty()) {
            return problem(excerpt, "excerpt is empty");
        }
        List<String> file = readLines(source);
        int from = 0;
        for (List<String> part : parts) {
            int at = find(file, part, from);
            if (at < 0) {
                return problem(excerpt, explain(file, part, from));
            }
            from = at + part.size();
        }
        return Optional.empty();
    }

    /** Splits the code block at elision lines, dropping blank lines at the edges of each part. */
    static List<List<String>> parts(List<String> code) {
        var parts = new ArrayList<List<String>>();
        var current = new ArrayList<String>();
        for (String line : code) {
            if (ELISION.matcher(line).matches()) {
                addPart(parts, current);
                current = new ArrayList<>();
            } else {
                current.add(stripTrailing(line));
            }
        }
        addPart(parts, current);
        return parts;
    }

    private static void addPart(List<List<String>> parts, List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isEmpty()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isEmpty()) {
            end--;
        }
        if (start < end) {
            parts.add(dedent(lines.subList(start, end)));
        }
    }

    /** The first index at or after {@code from} where the file holds the part, or -1. */
    static int find(List<String> file, List<String> part, int from) {
        for (int at = from; at + part.size() <= file.size(); at++) {
            if (dedent(file.subList(at, at + part.size())).equals(part)) {
                return at;
            }
        }
        return -1;
    }

    /** Removes the leading whitespace that all non-blank lines share; blank lines become empty. */
    static List<String> dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            String stripped = stripTrailing(line);
            if (!stripped.isEmpty()) {
                common = Math.min(
                        common, stripped.length() - stripped.stripLeading().length());
            }
        }
        var result = new ArrayList<String>(lines.size());
        for (String line : lines) {
            String stripped = stripTrailing(line);
            result.add(stripped.isEmpty() ? "" : stripped.substring(Math.min(common, leadingWhitespace(stripped))));
        }
        return result;
    }

    private static int leadingWhitespace(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** Names the first excerpt line that differs from the file, at the place that matches the longest prefix. */
    private static String explain(List<String> file, List<String> part, int from) {
        int bestAt = -1;
        int bestLength = 0;
        for (int at = from; at < file.size(); at++) {
            int length = matchingPrefix(file, part, at);
            if (length > bestLength) {
                bestAt = at;
                bestLength = length;
            }
        }
        if (bestAt < 0) {
            return "does not contain the line `" + part.get(0).strip() + "`" + (from > 0 ? " after line " + from : "");
        }
        int differsAt = bestAt + bestLength;
        String fileLine = differsAt < file.size() ? "`" + file.get(differsAt).strip() + "`" : "the end of the file";
        return "differs from the slide: after " + bestLength + " matching line(s) from line " + (bestAt + 1)
                + ", the slide has `" + part.get(bestLength).strip() + "` where line " + (differsAt + 1)
                + " has " + fileLine;
    }

    private static int matchingPrefix(List<String> file, List<String> part, int at) {
        int best = 0;
        for (int length = 1; length <= part.size() && at + length <= file.size(); length++) {
            if (dedent(file.subList(at, at + length)).equals(dedent(part.subList(0, length)))) {
                best = length;
            } else {
                break;
            }
        }
        return best;
    }

    private static Optional<String> problem(Excerpt excerpt, String what) {
        return Optional.of(excerpt.where() + ": excerpt of " + excerpt.source() + ": " + what);
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
