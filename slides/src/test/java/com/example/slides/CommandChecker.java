package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the shell blocks of the course's Markdown up to the point where each would change something or need what a
 * build has not got, and checks that they would work: every folder a {@code cd} names exists, every {@code ./mvnw}
 * finds its modules, POM files, {@code exec:java@...} executions and {@code -Devent} files, every {@code npx cdk}
 * deploy or destroy names stacks that the lab's CDK app defines (or says {@code --all}), every script exists.
 *
 * <p>A block that needs AWS, GitHub or Docker says so in the Markdown, right before the block, with the reason:
 * {@code <!-- needs AWS: it deploys -->}. A command that calls one of them in a block without that marker fails, so
 * a reader always knows which blocks run on a laptop as written. {@code <!-- needs a second terminal: ... -->} is
 * accepted too, but not required: a {@code curl} to the local server cannot be told from one to anywhere else.
 *
 * <p>Commands run from the repository root unless the block says otherwise with {@code cd}, or a marker {@code
 * <!-- in: lab-05-iac/infra -->} before it. A {@code cd} out of the repository (into a learner's own copy of a lab)
 * needs a marker {@code <!-- in: lab-0N-name (as TARGET) -->} naming the lab folder it is a copy of; without one
 * the rest of that block cannot be checked and fails.
 */
final class CommandChecker {

    private static final Pattern NEEDS =
            Pattern.compile("<!-- needs (AWS|GitHub|Docker|a second terminal)[^:]*: .{10,}");
    private static final Pattern IN = Pattern.compile("<!-- in: (\\S+)(?: \\(as (\\S+)\\))? -->");
    private static final Pattern STACK_NAME = Pattern.compile("static final String \\w*STACK_NAME = \"(\\w+)\";");
    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Z_][A-Z0-9_]*=(\"[^\"]*\"|'[^']*'|\\S)*\\s+");

    private final Path root;

    CommandChecker(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    List<String> check(Path file) {
        var lines = read(file);
        var name = root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        var problems = new ArrayList<String>();
        for (int i = 0; i < lines.size(); i++) {
            var fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            var end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            if (fence.equals("```bash") || fence.equals("```sh")) {
                var markers = markersBefore(lines, i);
                new Block(name, i + 1, markers, problems).run(commands(lines.subList(i + 1, end)));
            }
            i = end;
        }
        return problems;
    }

    /** The one-line HTML comments right before a block, blank lines between them allowed. */
    private static String markersBefore(List<String> lines, int fence) {
        var markers = new StringBuilder();
        for (int j = fence - 1; j >= 0; j--) {
            var line = lines.get(j).strip();
            if (line.startsWith("<!--") && line.endsWith("-->")) {
                markers.append(line).append('\n');
            } else if (!line.isEmpty()) {
                break;
            }
        }
        return markers.toString();
    }

    /** The block's commands: continuation lines joined, comments and prompts dropped. */
    private static List<String> commands(List<String> block) {
        var commands = new ArrayList<String>();
        var current = new StringBuilder();
        for (var raw : block) {
            var line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            commands.add(withoutComment(current.toString().strip()));
            current.setLength(0);
        }
        return commands;
    }

    /** Drops a trailing {@code   # comment} (outside quotes, after whitespace). */
    private static String withoutComment(String command) {
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(command.charAt(i - 1))) {
                return command.substring(0, i).strip();
            }
        }
        return command;
    }

    /** One block, run command by command against the repository, with the folder it is in. */
    private final class Block {

        private final String where;
        private final String markers;
        private final List<String> problems;
        private Optional<Path> cwd;

        Block(String file, int line, String markers, List<String> problems) {
            this.where = file + ":" + line + ": ";
            this.markers = markers;
            this.problems = problems;
            // The folder the block starts in: a marker without "(as ...)", which names where a cd out leads instead.
            var start = IN.matcher(markers)
                    .results()
                    .filter(in -> in.group(2) == null)
                    .map(in -> in.group(1))
                    .findFirst();
            this.cwd = Optional.of(
                    start.map(folder -> root.resolve(folder).normalize()).orElse(root));
            if (!Files.isDirectory(cwd.get())) {
                problems.add(where + "<!-- in: " + start.orElseThrow() + " --> is not a folder of the repository");
                this.cwd = Optional.empty();
            }
        }

        void run(List<String> commands) {
            for (var command : commands) {
                for (var part : command.split("\\s+&&\\s+")) {
                    step(part.strip());
                }
            }
        }

        private void step(String line) {
            var command = line;
            for (var rest = withoutAssignment(command); !rest.equals(command); rest = withoutAssignment(command)) {
                command = rest;
            }
            var abbreviated = abbreviate(command);
            var words = List.of(command.split("\\s+"));
            var program = words.get(0);
            needs(command, words).ifPresent(need -> {
                if (!NEEDS.matcher(markers).find() || !markers.contains("<!-- needs " + need)) {
                    problems.add(where + "`" + abbreviated + "` needs " + need
                            + ": say so before the block with <!-- needs " + need + ": why -->");
                }
            });
            if (cwd.isEmpty()) {
                return;
            }
            switch (program) {
                case "cd" -> changeFolder(words.size() > 1 ? words.get(1) : "~");
                case "./mvnw", "../mvnw" -> maven(program, words.subList(1, words.size()));
                case "npx" -> cdk(words);
                default -> {
                    if (program.contains("/") && program.endsWith(".sh")) {
                        var script = cwd.get().resolve(program).normalize();
                        if (!Files.isExecutable(script)) {
                            problems.add(where + "`" + program + "` is no executable script in " + shown(cwd.get()));
                        }
                    }
                }
            }
        }

        /** What a command needs beyond the repository and a JDK, if anything. */
        private Optional<String> needs(String command, List<String> words) {
            var program = words.get(0);
            if (program.equals("aws")
                    || command.contains("$(aws ")
                    || command.matches("npx cdk (bootstrap|deploy|destroy|diff)\\b.*")
                    || command.matches(".*exec:java@(preflight|teardown)\\b.*")) {
                return Optional.of("AWS");
            }
            if (program.equals("gh") || command.matches("git (push|clone) .*") || command.contains("$(gh ")) {
                return Optional.of("GitHub");
            }
            if (program.equals("docker")) {
                return Optional.of("Docker");
            }
            return Optional.empty();
        }

        private void changeFolder(String target) {
            var next = cwd.get().resolve(target).normalize();
            if (!next.startsWith(root)) {
                // Out of the course: into a learner's copy of a lab, which the marker names.
                var in = IN.matcher(markers);
                while (in.find()) {
                    if (target.equals(in.group(2))) {
                        cwd = Optional.of(root.resolve(in.group(1)).normalize());
                        return;
                    }
                }
                problems.add(where + "`cd " + target + "` leaves the repository: name the lab folder it is a copy of"
                        + " with <!-- in: lab-0N-name (as " + target + ") -->");
                cwd = Optional.empty();
                return;
            }
            if (!Files.isDirectory(next)) {
                problems.add(where + "`cd " + target + "`: " + shown(next) + " is not a folder");
                cwd = Optional.empty();
                return;
            }
            cwd = Optional.of(next);
        }

        private void maven(String wrapper, List<String> arguments) {
            var here = cwd.get();
            var project = here;
            if (!Files.isExecutable(here.resolve(wrapper).normalize())) {
                problems.add(where + "`" + wrapper + "`: there is no Maven Wrapper at " + shown(here.resolve(wrapper)));
                return;
            }
            var modules = new ArrayList<Path>();
            for (int i = 0; i < arguments.size(); i++) {
                var argument = arguments.get(i);
                if (argument.equals("-f") && i + 1 < arguments.size()) {
                    var pom = here.resolve(arguments.get(++i)).normalize();
                    if (!Files.isRegularFile(pom)) {
                        problems.add(where + "`-f " + arguments.get(i) + "`: " + shown(pom) + " does not exist");
                        return;
                    }
                    project = pom.getParent();
                } else if (argument.equals("-pl") && i + 1 < arguments.size()) {
                    for (var module : arguments.get(++i).split(",")) {
                        modules.add(project.resolve(module).normalize());
                    }
                }
            }
            if (modules.isEmpty()) {
                modules.add(project);
            }
            for (var module : modules) {
                if (!Files.isRegularFile(module.resolve("pom.xml"))) {
                    problems.add(where + "`-pl`: " + shown(module) + " is no Maven module");
                    return;
                }
            }
            for (var argument : arguments) {
                if (argument.contains(":") && argument.contains("@") && !argument.startsWith("-")) {
                    var id = argument.substring(argument.indexOf('@') + 1);
                    if (modules.stream().noneMatch(module -> read(module.resolve("pom.xml")).stream()
                            .anyMatch(line -> line.strip().equals("<id>" + id + "</id>")))) {
                        problems.add(where + "`" + argument + "`: no execution " + id + " in "
                                + modules.stream().map(this::shown).toList());
                    }
                }
                if (argument.startsWith("-Devent=")) {
                    var event = argument.substring("-Devent=".length());
                    if (modules.stream().noneMatch(module -> Files.isRegularFile(module.resolve(event)))) {
                        problems.add(where + "`" + argument + "`: no " + event + " in "
                                + modules.stream().map(this::shown).toList());
                    }
                }
            }
        }

        private void cdk(List<String> words) {
            if (words.size() < 3
                    || !words.get(1).equals("cdk")
                    || !Set.of("deploy", "destroy", "diff").contains(words.get(2))) {
                return;
            }
            var stacks = stacks(cwd.get());
            if (stacks.isEmpty()) {
                problems.add(where + "`npx cdk " + words.get(2) + "` in " + shown(cwd.get())
                        + ", which holds no CDK app (cdk.json and src/main/java/.../CdkApp.java)");
                return;
            }
            var named = words.subList(3, words.size()).stream()
                    .takeWhile(word -> !word.startsWith("-"))
                    .toList();
            if (named.isEmpty() && !words.contains("--all")) {
                problems.add(where + "`npx cdk " + words.get(2) + "` names no stack: name one of " + stacks
                        + " or say --all");
            }
            named.stream()
                    .filter(stack -> !stacks.contains(stack))
                    .forEach(stack -> problems.add(where + "`npx cdk " + words.get(2) + " " + stack + "`: the app in "
                            + shown(cwd.get()) + " has the stacks " + stacks));
        }

        private String shown(Path path) {
            var normal = path.toAbsolutePath().normalize();
            return normal.startsWith(root) ? root.relativize(normal).toString().replace('\\', '/') : normal.toString();
        }
    }

    /** The stack names a CDK app in this folder defines: its {@code ..._STACK_NAME} constants. */
    static Set<String> stacks(Path infra) {
        var stacks = new TreeSet<String>();
        if (!Files.isRegularFile(infra.resolve("cdk.json"))) {
            return stacks;
        }
        try (Stream<Path> files = Files.walk(infra.resolve("src/main/java"))) {
            files.filter(file -> file.getFileName().toString().equals("CdkApp.java"))
                    .forEach(app -> {
                        Matcher names = STACK_NAME.matcher(String.join("\n", read(app)));
                        while (names.find()) {
                            stacks.add(names.group(1));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stacks;
    }

    private static String withoutAssignment(String command) {
        return ASSIGNMENT.matcher(command).replaceFirst("");
    }

    private static String abbreviate(String command) {
        return command.length() <= 60 ? command : command.substring(0, 57) + "...";
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
