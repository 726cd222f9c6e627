package com.example.pets.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A trace the README shows as the trace viewer draws it, reduced to what a real run must repeat: the span names and
 * their nesting, one line per span, indented two spaces a level. Ids and durations differ from run to run.
 */
public final class ReadmeTrace {

    /** The marker of the sample: {@code <!-- sample: checked by TracingTest ... -->}. */
    private static final String MARKER = "<!-- sample: checked by TracingTest";

    /** A line of the tree: the indentation, the branch, then the span's name up to the first double space. */
    private static final Pattern NODE = Pattern.compile("^([ │]*)[└├]─ (.+?)(?:  |$)");

    private ReadmeTrace() {}

    /** The tree in the README's checked sample whose top span has this name. */
    public static List<String> tree(Path readme, String rootName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var start =
                lines.stream().filter(line -> line.strip().startsWith(MARKER)).findFirst();
        if (start.isEmpty()) {
            throw new AssertionError(readme + " has no sample marked " + MARKER + " -->");
        }
        var tree = new ArrayList<String>();
        var inBlock = false;
        for (var line : lines.subList(lines.indexOf(start.get()) + 1, lines.size())) {
            if (line.strip().startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                continue;
            }
            var node = NODE.matcher(line);
            if (!node.find()) {
                continue;
            }
            var depth = node.group(1).length() / 3;
            if (depth == 0) {
                if (!tree.isEmpty()) {
                    break;
                }
                if (!node.group(2).equals(rootName)) {
                    continue;
                }
            }
            tree.add("  ".repeat(depth) + node.group(2));
        }
        return tree;
    }
}
