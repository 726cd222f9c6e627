package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy commands of ACCOUNT.md and of the READMEs work as written, in the order written, on a fresh clone.
 *
 * <p>Each document's {@code bash} blocks are read in order, every block starting in the course's root folder, and
 * their commands are carried out in a copy of this lab without build output ({@code target}, {@code node_modules},
 * {@code cdk.out}) up to where AWS is needed. The build ({@code ./mvnw package}, tests skipped: the lab's own build
 * runs them), {@code npm ci} and {@code cdk ls} run. What needs an account is checked instead of run: a
 * {@code cdk deploy} or {@code cdk destroy} must name stacks that {@code cdk ls} lists with the same context (or
 * {@code --all}); a deploy must come after {@code cdk bootstrap} when its stacks need the bootstrap, and the stacks
 * it deploys (with those they depend on) must have no synth error, which is what the CLI would refuse; {@code npx}
 * must find the CLI that {@code npm ci} installed; a Maven {@code exec:java@id} must exist in the folder's pom.
 * The {@code aws} CLI, and {@code curl} to the deployed API, are not run. Nothing reaches the network but the Maven
 * and npm registries: no credentials, no instance metadata, no CDK telemetry or notices.
 *
 * <p>The copy is shared by the documents, but each starts without the jar and {@code node_modules}: a document's
 * build and {@code npm ci} bring back what the first one made, so only one document pays for them, and the CDK CLI
 * runs once per context.
 */
class AccountSetupTest {

    /** A safety net for a command that never ends, not a measure of speed. */
    private static final long PATIENCE_MINUTES = 15;

    private static final Path LAB = Path.of("..").toAbsolutePath().normalize();
    private static final Path FUNCTION_JAR = Path.of("target", "function.jar");
    private static final Set<String> NOT_COPIED = Set.of("target", "node_modules", "cdk.out", ".idea");

    /** {@code NAME=$(aws ...)}: a shell variable set from the AWS CLI. */
    private static final Pattern AWS_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=\\$\\(aws ");

    private static final List<Document> DOCUMENTS = List.of(
            new Document(LAB.resolve("ACCOUNT.md"), null),
            new Document(LAB.resolve("README.md"), "Deploy, budget first"),
            new Document(LAB.resolve("infra").resolve("README.md"), "Deploying"));

    @TempDir
    static Path workspace;

    private static Workspace copy;

    @TestFactory
    Stream<DynamicTest> the_deploy_commands_work_on_a_fresh_clone_in_the_order_written() {
        return Stream.concat(
                DOCUMENTS.stream()
                        .map(document -> dynamicTest(
                                document.toString(), () -> workspace().follow(document))),
                Stream.of(
                        // The checks fail where they should: the commands ACCOUNT.md gave before, and two slips.
                        dynamicTest(
                                "a deploy before npm ci fails",
                                () -> assertFails("""
                                ```bash
                                cd LAB/infra
                                npx cdk deploy PetsApiAccount -c alertEmail=you@example.com -c owner=yourname
                                ```
                                """, "npx finds no cdk installed by npm ci")),
                        dynamicTest(
                                "a deploy before the bootstrap fails",
                                () -> assertFails("""
                                ```bash
                                cd LAB
                                ./mvnw package
                                npm ci
                                cd infra
                                npx cdk deploy PetsApiAccount -c alertEmail=you@example.com -c owner=yourname
                                ```
                                """, "needs the CDK bootstrap")),
                        dynamicTest("a deploy that names no stack, or one the app lacks, fails", () -> {
                            var prefix = """
                                    ```bash
                                    cd LAB
                                    ./mvnw package
                                    npm ci
                                    cd infra
                                    npx cdk bootstrap
                                    """;
                            var context = " -c alertEmail=you@example.com -c owner=yourname\n```\n";
                            assertFails(
                                    prefix + "npx cdk deploy" + context,
                                    "names no stack, and cdk ls lists [PetsApiAccount, PetsApi]");
                            assertFails(
                                    prefix + "npx cdk deploy PetsApiAcount" + context,
                                    "PetsApiAcount is not a stack of the app");
                        })));
    }

    private static void assertFails(String markdown, String reason) throws IOException {
        var file = workspace.resolve("fixture.md");
        Files.writeString(file, markdown.replace("LAB", LAB.getFileName().toString()));
        assertThatThrownBy(() -> workspace().follow(new Document(file, null)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(reason);
    }

    private static synchronized Workspace workspace() throws IOException {
        if (copy == null) {
            copy = new Workspace(workspace);
        }
        return copy;
    }

    /** The bash blocks of a Markdown file, or of one of its sections (a heading's text). */
    record Document(Path file, String section) {

        List<Command> commands() throws IOException {
            var commands = new ArrayList<Command>();
            var lines = Files.readAllLines(file);
            var inSection = section == null;
            var sectionLevel = 0;
            String fence = null;
            var bash = false;
            var pending = new StringBuilder();
            var pendingLine = 0;
            var block = 0;
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i);
                var stripped = line.strip();
                if (fence == null && stripped.startsWith("```")) {
                    fence = stripped;
                    bash = stripped.equals("```bash") && inSection;
                    block++;
                    continue;
                }
                if (fence != null && stripped.equals("```")) {
                    fence = null;
                    continue;
                }
                if (fence == null && stripped.startsWith("#")) {
                    var level = stripped.indexOf(' ');
                    var heading = stripped.substring(level + 1).strip();
                    if (section != null && heading.equals(section)) {
                        inSection = true;
                        sectionLevel = level;
                    } else if (inSection && section != null && level <= sectionLevel) {
                        inSection = false;
                    }
                    continue;
                }
                if (fence == null || !bash) {
                    continue;
                }
                if (pending.isEmpty()) {
                    pendingLine = i + 1;
                }
                var code = withoutComment(stripped);
                if (code.endsWith("\\")) {
                    pending.append(code, 0, code.length() - 1).append(' ');
                    continue;
                }
                pending.append(code);
                for (var part : pending.toString().split("&&")) {
                    var words = words(part);
                    if (!words.isEmpty()) {
                        commands.add(new Command(file.getFileName() + ":" + pendingLine, block, part.strip(), words));
                    }
                }
                pending.setLength(0);
            }
            assertThat(commands).as(this + " has no bash block to check").isNotEmpty();
            return commands;
        }

        @Override
        public String toString() {
            return LAB.relativize(file.toAbsolutePath()) + (section == null ? "" : " (" + section + ")");
        }
    }

    /** One command of a document: where it is written, the number of its block, its text and its words. */
    record Command(String where, int block, String text, List<String> words) {

        AssertionError fails(String why) {
            return new AssertionError(where + ": " + text + "\n  " + why);
        }
    }

    /** A copy of the lab, and what the CDK CLI listed in it. */
    static final class Workspace {

        private final Path root;
        private final Path lab;
        private final Path stash;
        private final Map<String, Listing> listings = new HashMap<>();

        Workspace(Path root) throws IOException {
            this.root = root.resolve("clone");
            this.lab = this.root.resolve(LAB.getFileName());
            this.stash = root.resolve("stash");
            copyTree(LAB, lab);
            Files.createDirectories(stash);
        }

        /**
         * Carries out a document's commands, each block from the course's root folder, failing at the first one
         * that fails.
         */
        void follow(Document document) throws Exception {
            setAside(FUNCTION_JAR);
            setAside(Path.of("node_modules"));
            var cwd = root;
            var block = 0;
            var bootstrapped = false;
            for (var command : document.commands()) {
                if (command.block() != block) {
                    block = command.block();
                    cwd = root;
                }
                var words = command.words();
                var program = words.getFirst();
                if (AWS_VARIABLE.matcher(command.text()).lookingAt()) {
                    program = "aws";
                }
                if (program.equals("cd")) {
                    cwd = cwd.resolve(words.get(1)).normalize();
                    if (!Files.isDirectory(cwd)) {
                        throw command.fails("no such folder: " + root.relativize(cwd));
                    }
                } else if (program.equals("export") || program.equals("aws") || program.equals("curl")) {
                    // Credentials, the AWS CLI and calls to the deployed API need an account: not run.
                } else if (program.endsWith("mvnw")) {
                    maven(command, cwd);
                } else if (program.equals("npm") && words.equals(List.of("npm", "ci"))) {
                    npmCi(command, cwd);
                } else if (program.equals("npx")) {
                    if (cli(cwd) == null) {
                        throw command.fails("npx finds no cdk installed by npm ci in " + root.relativize(cwd)
                                + " or above it: it would offer to download whatever version npm has. Run npm ci in"
                                + " the lab folder first.");
                    }
                    bootstrapped |= cdk(command, cwd, bootstrapped);
                } else {
                    throw command.fails("AccountSetupTest does not know this command: teach it, or leave it out.");
                }
            }
        }

        private void maven(Command command, Path cwd) throws Exception {
            var words = command.words();
            if (!Files.isRegularFile(cwd.resolve(words.getFirst()))) {
                throw command.fails("no Maven Wrapper at " + root.relativize(cwd.resolve(words.getFirst())));
            }
            var execution =
                    words.stream().filter(word -> word.startsWith("exec:java@")).findFirst();
            if (execution.isPresent()) {
                // The preflight and the teardown call AWS: the folder's pom must have the execution.
                var id = execution.get().substring("exec:java@".length());
                var pom = cwd.resolve("pom.xml");
                if (!Files.isRegularFile(pom) || !Files.readString(pom).contains("<id>" + id + "</id>")) {
                    throw command.fails("no exec:java execution " + id + " in " + root.relativize(pom));
                }
            } else if (words.contains("package")) {
                if (!restore(cwd, FUNCTION_JAR)) {
                    var arguments = new ArrayList<>(words);
                    arguments.addAll(List.of("-B", "-q", "-DskipTests", "-Dspotless.check.skip=true"));
                    run(command, cwd, arguments);
                }
                if (cwd.equals(lab) && !Files.isRegularFile(lab.resolve(FUNCTION_JAR))) {
                    throw command.fails("built no " + FUNCTION_JAR);
                }
            } else {
                throw command.fails("AccountSetupTest runs ./mvnw package and checks exec:java@...; not this.");
            }
        }

        private void npmCi(Command command, Path cwd) throws Exception {
            if (!Files.isRegularFile(cwd.resolve("package-lock.json"))) {
                throw command.fails("npm ci needs a package-lock.json in " + root.relativize(cwd));
            }
            if (!restore(cwd, Path.of("node_modules"))) {
                run(command, cwd, List.of("npm", "ci", "--no-audit", "--no-fund"));
            }
        }

        /** Checks or runs a CDK CLI command; true when it was {@code cdk bootstrap}. */
        private boolean cdk(Command command, Path cwd, boolean bootstrapped) throws Exception {
            var words = command.words();
            if (words.size() < 3 || !words.get(1).equals("cdk")) {
                throw command.fails("AccountSetupTest knows npx cdk only.");
            }
            var verb = words.get(2);
            var names = new ArrayList<String>();
            var context = new ArrayList<String>();
            var all = false;
            for (int i = 3; i < words.size(); i++) {
                var word = words.get(i);
                if ((word.equals("-c") || word.equals("--context")) && i + 1 < words.size()) {
                    context.addAll(List.of("-c", words.get(++i)));
                } else if (word.equals("--all")) {
                    all = true;
                } else if (!word.startsWith("-")) {
                    names.add(word);
                }
            }
            switch (verb) {
                case "bootstrap" -> {
                    return true;
                }
                case "ls", "list", "synth", "synthesize" -> listing(command, cwd, context);
                case "deploy", "destroy", "diff" -> {
                    if (all && verb.equals("destroy")) {
                        return false;
                    }
                    var listing = listing(command, cwd, context);
                    var selected = select(command, listing, names, all);
                    if (verb.equals("deploy")) {
                        checkDeployable(command, listing, selected, bootstrapped);
                    }
                }
                default -> throw command.fails("AccountSetupTest does not know cdk " + verb + ".");
            }
            return false;
        }

        private static List<String> select(Command command, Listing listing, List<String> names, boolean all) {
            if (all) {
                return listing.stacks();
            }
            if (names.isEmpty()) {
                if (listing.stacks().size() != 1) {
                    throw command.fails("names no stack, and cdk ls lists " + listing.stacks()
                            + ": the CLI stops and asks which. Name them, or give --all.");
                }
                return listing.stacks();
            }
            for (var name : names) {
                if (!listing.stacks().contains(name)) {
                    throw command.fails(name + " is not a stack of the app: cdk ls lists " + listing.stacks());
                }
            }
            return names;
        }

        /** What the CLI checks before it deploys: the stacks it would deploy (and what they depend on), and the bootstrap. */
        private static void checkDeployable(
                Command command, Listing listing, List<String> selected, boolean bootstrapped) {
            var withDependencies = new LinkedHashSet<String>();
            var next = new ArrayList<>(selected);
            while (!next.isEmpty()) {
                var stack = next.removeFirst();
                if (withDependencies.add(stack)) {
                    next.addAll(listing.dependencies().getOrDefault(stack, List.of()));
                }
            }
            for (var stack : withDependencies) {
                if (!listing.errors().getOrDefault(stack, List.of()).isEmpty()) {
                    throw command.fails("the app refuses to synthesize " + stack + ": "
                            + listing.errors().get(stack));
                }
                if (listing.needsBootstrap().contains(stack) && !bootstrapped) {
                    throw command.fails(stack + " needs the CDK bootstrap (its deploy role and asset bucket), and"
                            + " no npx cdk bootstrap came before.");
                }
            }
        }

        /** {@code cdk ls} with the command's context, once per folder, context and artifact. */
        private Listing listing(Command command, Path cwd, List<String> context) throws Exception {
            var key = cwd + " " + context + " " + Files.isRegularFile(lab.resolve(FUNCTION_JAR));
            var listing = listings.get(key);
            if (listing == null) {
                var arguments = new ArrayList<>(List.of("npx", "cdk", "ls", "--no-notices"));
                arguments.addAll(context);
                var output = run(command, cwd, arguments);
                // Offline, the app says where the way to credentials is written down (CdkApp.accountHint).
                assertThat(output).as("cdk ls without credentials").contains("ACCOUNT.md", "exec:java@preflight");
                listing = Listing.read(cwd.resolve("cdk.out"), output);
                listings.put(key, listing);
            }
            return listing;
        }

        private String run(Command command, Path cwd, List<String> arguments) throws Exception {
            var log = Files.createTempFile(stash, "command", ".log");
            var builder = new ProcessBuilder(arguments)
                    .directory(cwd.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CDK_"));
            env.put("AWS_CONFIG_FILE", stash.resolve("no-aws-config").toString());
            env.put(
                    "AWS_SHARED_CREDENTIALS_FILE",
                    stash.resolve("no-aws-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            var process = builder.start();
            if (!process.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw command.fails(String.join(" ", arguments) + " did not end within " + PATIENCE_MINUTES + " min");
            }
            var output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw command.fails(String.join(" ", arguments) + " in " + root.relativize(cwd) + " exited with "
                        + process.exitValue() + ":\n" + output);
            }
            return output;
        }

        /** The CDK CLI that npm ci installed in the folder or one above it, inside the copy. */
        private Path cli(Path cwd) {
            for (var folder = cwd; folder != null && folder.startsWith(root); folder = folder.getParent()) {
                var cli = folder.resolve("node_modules").resolve(".bin").resolve("cdk");
                if (Files.isExecutable(cli)) {
                    return cli;
                }
            }
            return null;
        }

        /** Moves what a build or npm ci made out of the copy, so the next document starts without it. */
        private void setAside(Path made) throws IOException {
            var there = lab.resolve(made);
            if (Files.exists(there)) {
                var kept = stash.resolve(made);
                Files.createDirectories(kept.getParent());
                Files.move(there, kept, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Brings back what an earlier document's identical command made; false when none did. */
        private boolean restore(Path cwd, Path made) throws IOException {
            var kept = stash.resolve(made);
            if (!cwd.equals(lab) || !Files.exists(kept)) {
                return false;
            }
            Files.move(kept, lab.resolve(made));
            return true;
        }
    }

    /** What {@code cdk ls} listed, and what the cloud assembly it synthesized says about each stack. */
    record Listing(
            List<String> stacks,
            Map<String, List<String>> dependencies,
            Map<String, List<String>> errors,
            Set<String> needsBootstrap) {

        static Listing read(Path assembly, String output) throws IOException {
            var mapper = new ObjectMapper();
            var artifacts =
                    mapper.readTree(assembly.resolve("manifest.json").toFile()).path("artifacts");
            var dependencies = new HashMap<String, List<String>>();
            var errors = new HashMap<String, List<String>>();
            var needsBootstrap = new LinkedHashSet<String>();
            for (var names = artifacts.fieldNames(); names.hasNext(); ) {
                var name = names.next();
                var artifact = artifacts.path(name);
                if (!artifact.path("type").asText().equals("aws:cloudformation:stack")) {
                    continue;
                }
                var stackDependencies = new ArrayList<String>();
                artifact.path("dependencies").forEach(dependency -> {
                    if (artifacts
                            .path(dependency.asText())
                            .path("type")
                            .asText()
                            .equals("aws:cloudformation:stack")) {
                        stackDependencies.add(dependency.asText());
                    }
                });
                dependencies.put(name, stackDependencies);
                var metadata = new ArrayList<JsonNode>();
                metadata.add(artifact.path("metadata"));
                if (artifact.hasNonNull("additionalMetadataFile")) {
                    metadata.add(mapper.readTree(assembly.resolve(
                                    artifact.path("additionalMetadataFile").asText())
                            .toFile()));
                }
                var stackErrors = new ArrayList<String>();
                metadata.forEach(byPath -> byPath.forEach(entries -> entries.forEach(item -> {
                    if (item.path("type").asText().equals("aws:cdk:error")) {
                        stackErrors.add(item.path("data").asText());
                    }
                })));
                errors.put(name, stackErrors);
                if (artifact.path("properties").has("requiresBootstrapStackVersion")) {
                    needsBootstrap.add(name);
                }
            }
            // The stacks as cdk ls prints them (one a line on standard output, mixed here with the app's messages).
            var stacks = output.lines()
                    .map(String::strip)
                    .filter(dependencies::containsKey)
                    .distinct()
                    .toList();
            assertThat(stacks).as("the stacks cdk ls printed").isNotEmpty();
            return new Listing(stacks, dependencies, errors, needsBootstrap);
        }
    }

    private static String withoutComment(String line) {
        var quote = 0;
        for (int i = 0; i < line.length(); i++) {
            var c = line.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    /** A command line's words, quotes removed. */
    private static List<String> words(String command) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        var quote = 0;
        var inWord = false;
        for (var c : command.strip().toCharArray()) {
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
                inWord = true;
            } else if (c == quote) {
                quote = 0;
            } else if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
