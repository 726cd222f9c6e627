package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Facts the course states in more than one place, checked against the repository: which labs exist (every table
 * that lists them, and the newest lab the root README starts), the Node.js and JDK versions asked for, which labs
 * have an {@code exercises/} folder, and that a URL drawn on a slide or a diagram is one a lab serves. Each problem
 * is one line, {@code file: what is wrong}.
 */
final class CourseFacts {

    /** jsii, which runs the CDK from Java, calls Node.js 20 end-of-life since 2026-10-30. */
    static final int NODE_MINIMUM = 22;

    /** The labs compile with release 21. */
    static final int JDK_MINIMUM = 21;

    private static final Pattern LAB_FOLDER = Pattern.compile("lab-(\\d\\d)-[a-z0-9-]+");
    private static final Pattern NODE_ASKED = Pattern.compile("(?<!on )Node(?:\\.js)? (\\d+)(?:\\+| or newer)");
    private static final Pattern JDK_ASKED = Pattern.compile("(?<!on )JDK (\\d+)(?:\\+| or newer)");
    private static final Pattern EXERCISES_CLAIM =
            Pattern.compile("<!-- claim: labs with an exercises folder -->\\s*labs (\\d\\d)-(\\d\\d)");
    private static final Pattern LOCAL_URL = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1):(\\d+)");
    private static final Pattern SERVED =
            Pattern.compile("(?:curl|open|wget)\\b.*?(?:localhost|127\\.0\\.0\\.1):(\\d+)");

    private final Path root;

    CourseFacts(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The lab numbers, from the lab folders: 01, 02, ... */
    List<String> labs() {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.map(folder -> folder.getFileName().toString())
                    .filter(name -> LAB_FOLDER.matcher(name).matches())
                    .filter(name -> Files.isRegularFile(root.resolve(name).resolve("pom.xml")))
                    .map(name -> name.substring(4, 6))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every table that lists the labs lists each lab folder once, in order. */
    List<String> labTables() {
        var problems = new ArrayList<String>();
        table("README.md", Pattern.compile("^\\| \\[lab-(\\d\\d)-[a-z0-9-]+\\]\\(lab-"), problems);
        table("slides/README.md", Pattern.compile("^\\| \\[`lab-(\\d\\d)-[a-z0-9-]+\\.md`\\]"), problems);
        table("slides/introduction.md", Pattern.compile("^\\| \\*\\*(\\d\\d) [a-z]+\\*\\* \\|"), problems);
        return problems;
    }

    private void table(String file, Pattern row, List<String> problems) {
        var listed = lines(root.resolve(file)).stream()
                .map(row::matcher)
                .filter(java.util.regex.Matcher::find)
                .map(match -> match.group(1))
                .toList();
        if (!listed.equals(labs())) {
            problems.add(file + ": its lab table lists labs " + listed + ", the repository has " + labs());
        }
    }

    /** The root README's first command starts the newest lab. */
    List<String> newestLab() {
        var labs = labs();
        var newest = labs.get(labs.size() - 1);
        var readme = lines(root.resolve("README.md"));
        var start = readme.stream()
                .filter(line -> line.startsWith("./mvnw -pl lab-") && line.contains("exec:java"))
                .findFirst();
        if (start.isEmpty() || !start.get().startsWith("./mvnw -pl lab-" + newest + "-")) {
            return List.of("README.md: the first command should start the newest lab, lab-" + newest + ", not "
                    + start.orElse("nothing"));
        }
        return List.of();
    }

    /** Every Node.js and JDK version a Markdown file asks for is the course's minimum ("on JDK 24+" asks nothing). */
    List<String> versions(Path file) {
        var problems = new ArrayList<String>();
        var lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            var where = root.relativize(file) + ":" + (i + 1) + ": ";
            var node = NODE_ASKED.matcher(lines.get(i));
            while (node.find()) {
                if (Integer.parseInt(node.group(1)) < NODE_MINIMUM) {
                    problems.add(where + "asks for `" + node.group() + "`; the course needs Node.js " + NODE_MINIMUM
                            + "+ (jsii calls older versions end-of-life)");
                }
            }
            var jdk = JDK_ASKED.matcher(lines.get(i));
            while (jdk.find()) {
                if (Integer.parseInt(jdk.group(1)) != JDK_MINIMUM) {
                    problems.add(where + "asks for `" + jdk.group() + "`; the labs need JDK " + JDK_MINIMUM + "+");
                }
            }
        }
        return problems;
    }

    /** The labs the root README says have an {@code exercises/} folder are the ones that have one. */
    List<String> exerciseFolders() {
        var have = labs().stream()
                .filter(lab -> {
                    try (Stream<Path> folders = Files.list(root)) {
                        return folders.anyMatch(
                                folder -> folder.getFileName().toString().startsWith("lab-" + lab)
                                        && Files.isDirectory(folder.resolve("exercises")));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
        var claim = EXERCISES_CLAIM.matcher(String.join(" ", lines(root.resolve("README.md"))));
        if (!claim.find()) {
            return List.of("README.md: no <!-- claim: labs with an exercises folder -->labs NN-NN");
        }
        var said = new ArrayList<String>();
        for (int lab = Integer.parseInt(claim.group(1)); lab <= Integer.parseInt(claim.group(2)); lab++) {
            said.add(String.format("%02d", lab));
        }
        return said.equals(have)
                ? List.of()
                : List.of("README.md: says labs " + said + " have an exercises/ folder; these do: " + have);
    }

    /**
     * A URL on a slide or a diagram names a port that some command of the course's Markdown opens, so a reader who
     * types it gets an answer. A port where only a program listens (OTLP's 4318) is not written as a URL.
     */
    List<String> urlsOnSlides() {
        Set<String> served = new TreeSet<>();
        for (var file : ClaimChecker.markdownFiles(root)) {
            for (var line : lines(file)) {
                var command = SERVED.matcher(line);
                while (command.find()) {
                    served.add(command.group(1));
                }
            }
        }
        var problems = new ArrayList<String>();
        var slides = root.resolve("slides");
        try (Stream<Path> files = Stream.concat(Files.list(slides), Files.list(slides.resolve("diagrams")))) {
            files.filter(file ->
                            file.toString().endsWith(".md") || file.toString().endsWith(".puml"))
                    .filter(file -> !file.getFileName().toString().equals("README.md"))
                    .sorted()
                    .forEach(file -> {
                        var lines = lines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            var url = LOCAL_URL.matcher(lines.get(i));
                            while (url.find()) {
                                if (!served.contains(url.group(1))) {
                                    problems.add(root.relativize(file) + ":" + (i + 1) + ": " + url.group()
                                            + " looks like a page, but no command of the course opens port "
                                            + url.group(1) + "; write the port, not a URL");
                                }
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
