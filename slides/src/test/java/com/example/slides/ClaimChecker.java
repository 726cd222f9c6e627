package com.example.slides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks what a Markdown file (a README, a SOLUTIONS.md, a deck) states about the repository, beyond its code blocks:
 *
 * <ul>
 *   <li><b>links</b> to other files of the repository exist, and a {@code #heading} names a heading of the target;
 *   <li><b>paths in backticks</b> whose first folder exists in the repository (or in the lab's source folders)
 *       exist as a whole;
 *   <li><b>counts</b>: {@code <!-- count: PATH REGEX -->N} says that REGEX matches N lines of PATH, and a
 *       {@code Tests run: N ... in NameTest} line that NameTest has N test methods; a count quoted next to a test's
 *       name without a count marker is refused, since nothing would check it;
 *   <li><b>the function's environment</b>: after {@code <!-- function-environment: PATH -->}, the variables in
 *       backticks in the next paragraph are exactly the keys of the {@code .environment(Map.of(...))} in PATH;
 *   <li><b>AWS's free tier</b>: no 12-month free offer is promised. Accounts made before 2025-07-15 had them for 12
 *       months after sign-up, so the last ended on 2026-07-15; newer accounts get credits instead.
 * </ul>
 *
 * Each problem is one line, {@code file:line: what is wrong}.
 */
final class ClaimChecker {

    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern PATH_LIKE = Pattern.compile("[A-Za-z0-9_.*-]+(/[A-Za-z0-9_.*-]+)+/?");
    private static final Pattern COUNT = Pattern.compile("<!-- count: (\\S+) (.+?) -->\\s*([\\d,]+)");
    private static final Pattern TESTS_RUN = Pattern.compile("Tests run: (\\d+)\\s.*\\bin (\\w+Test)\\b");
    private static final Pattern UNCHECKED_COUNT = Pattern.compile(
            "\\b\\d[\\d,]*\\s+(kinds|cases|tests|requests|checks|scenarios|inputs|events|categories)\\b");
    private static final Pattern TEST_NAME = Pattern.compile("\\b[A-Z]\\w*Test\\b");
    private static final Pattern ENVIRONMENT = Pattern.compile("<!-- function-environment: (\\S+) -->");
    private static final Pattern ENV_VAR = Pattern.compile("`([A-Z][A-Z0-9_]+)(=[^`]*)?`");
    private static final Pattern MAP_KEY = Pattern.compile("^\\s*\"([A-Z][A-Z0-9_]+)\",\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"");
    private static final Pattern ENDED_FREE_TIER = Pattern.compile("\\$0 \\([^)]*\\b12 months\\)"
            + "|12 (free )?months (free )?on older accounts|(free tier|applies) (for|only to) older accounts"
            + "|keeps? the 12-month free tier");
    private static final Pattern TEST_METHOD = Pattern.compile("(?m)^\\s*@(Test|ParameterizedTest|TestFactory)\\b");

    private final Path root;

    ClaimChecker(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every Markdown file of the repository that learners read: not build output, not test fixtures. */
    static List<Path> markdownFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".md"))
                    .filter(file -> {
                        String relative = root.relativize(file).toString().replace('\\', '/');
                        return !relative.matches("(.*/)?(target|node_modules|\\.git|cdk\\.out|fixtures)/.*");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> check(Path file) {
        List<String> lines = read(file);
        var problems = new ArrayList<String>();
        String name =
                root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = name + ":" + (i + 1) + ": ";
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            }
            Matcher testsRun = TESTS_RUN.matcher(line);
            if (testsRun.find()) {
                checkTestsRun(file, testsRun, where, problems);
            }
            if (inCode) {
                continue;
            }
            Matcher counts = COUNT.matcher(line);
            boolean counted = false;
            while (counts.find()) {
                counted = true;
                checkCount(counts, where, problems);
            }
            if (!counted && TEST_NAME.matcher(line).find()) {
                Matcher unchecked = UNCHECKED_COUNT.matcher(line);
                if (unchecked.find()) {
                    problems.add(where + "`" + unchecked.group() + "` is a count next to a test's name that nothing"
                            + " checks: put <!-- count: PATH REGEX --> right before the number");
                }
            }
            if (ENDED_FREE_TIER.matcher(line).find()) {
                problems.add(where + "promises a 12-month free offer: accounts made before 2025-07-15 had them for"
                        + " 12 months after sign-up, so the last ended on 2026-07-15 (newer accounts get credits)");
            }
            Matcher links = LINK.matcher(withoutCodeSpans(line));
            while (links.find()) {
                checkLink(file, links.group(1), where, problems);
            }
            Matcher ticks = BACKTICKED.matcher(line);
            while (ticks.find()) {
                checkPath(file, ticks.group(1), where, problems);
            }
            Matcher environment = ENVIRONMENT.matcher(line);
            if (environment.find()) {
                checkEnvironment(environment.group(1), lines, i + 1, where, problems);
            }
        }
        return problems;
    }

    private void checkCount(Matcher count, String where, List<String> problems) {
        Path source = root.resolve(count.group(1)).normalize();
        if (!source.startsWith(root) || !Files.isRegularFile(source)) {
            problems.add(where + "count of " + count.group(1) + ", which does not exist");
            return;
        }
        long actual = Pattern.compile(count.group(2), Pattern.MULTILINE)
                .matcher(String.join("\n", read(source)))
                .results()
                .count();
        long claimed = Long.parseLong(count.group(3).replace(",", ""));
        if (actual != claimed) {
            problems.add(where + "says " + claimed + " but " + count.group(1) + " has " + actual + " matches of `"
                    + count.group(2) + "`");
        }
    }

    private void checkTestsRun(Path file, Matcher testsRun, String where, List<String> problems) {
        String test = testsRun.group(2) + ".java";
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(labOf(file).orElse(root))) {
            candidates = files.filter(path -> path.getFileName().toString().equals(test))
                    .filter(path -> !root.relativize(path).toString().matches("(.*/)?target/.*"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (candidates.size() != 1) {
            problems.add(where + "Tests run of " + test + ": found " + candidates.size() + " files of that name");
            return;
        }
        long actual = TEST_METHOD
                .matcher(String.join("\n", read(candidates.get(0))))
                .results()
                .count();
        long claimed = Long.parseLong(testsRun.group(1));
        if (actual != claimed) {
            problems.add(where + "says Tests run: " + claimed + " in " + testsRun.group(2) + ", which has " + actual
                    + " test methods");
        }
    }

    private void checkLink(Path file, String target, String where, List<String> problems) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("<")) {
            return; // https:, mailto:, ...
        }
        String pathPart = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        if (pathPart.startsWith("diagrams/") && pathPart.endsWith(".svg")) {
            return; // rendered by the build; DeckLayoutTest checks the .puml source
        }
        Path resolved =
                pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
        if (!resolved.startsWith(root)) {
            problems.add(where + "link to " + target + " leaves the repository");
            return;
        }
        if (!Files.exists(resolved)) {
            problems.add(where + "link to " + target + ": " + root.relativize(resolved) + " does not exist");
            return;
        }
        if (anchor != null
                && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(anchor)) {
            problems.add(where + "link to " + target + ": " + root.relativize(resolved) + " has no heading #" + anchor);
        }
    }

    private void checkPath(Path file, String token, String where, List<String> problems) {
        if (!PATH_LIKE.matcher(token).matches() || token.contains("..") || token.contains("0N")) {
            return;
        }
        if (token.matches("(.*/)?(target|node_modules|cdk\\.out)(/.*)?")) {
            return; // build output: exists only after a build
        }
        String first = token.substring(0, token.indexOf('/'));
        boolean looksLikeOurs = false;
        for (Path base : bases(file)) {
            if (!first.contains("*") && Files.exists(base.resolve(first))) {
                looksLikeOurs = true;
                if (exists(base, token)) {
                    return;
                }
            }
        }
        if (looksLikeOurs) {
            problems.add(where + "`" + token + "` names a path that does not exist");
        }
    }

    private void checkEnvironment(String source, List<String> lines, int from, String where, List<String> problems) {
        Path stack = root.resolve(source).normalize();
        if (!Files.isRegularFile(stack)) {
            problems.add(where + "function-environment of " + source + ", which does not exist");
            return;
        }
        Set<String> listed = new TreeSet<>();
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            ENV_VAR.matcher(lines.get(i)).results().forEach(match -> listed.add(match.group(1)));
        }
        // Map.of(k, v, k, v, ...): every other entry is a key.
        Set<String> keys = new TreeSet<>();
        var inOrder = new ArrayList<String>();
        boolean inMap = false;
        for (String line : read(stack)) {
            if (line.contains(".environment(Map.of(")) {
                inMap = true;
                continue;
            }
            if (inMap) {
                String stripped = line.strip();
                if (!stripped.startsWith("//") && !stripped.isEmpty()) {
                    inOrder.add(stripped);
                }
                if (line.contains("))")) {
                    break;
                }
            }
        }
        for (int k = 0; k < inOrder.size(); k += 2) {
            Matcher key = MAP_KEY.matcher(inOrder.get(k));
            if (key.matches()) {
                keys.add(key.group(1));
            }
        }
        if (!listed.equals(keys)) {
            var missing = new TreeSet<>(keys);
            missing.removeAll(listed);
            var extra = new TreeSet<>(listed);
            extra.removeAll(keys);
            problems.add(where + "the function's environment differs from " + source + ": not listed " + missing
                    + ", listed but not deployed " + extra);
        }
    }

    /** Where a path in backticks may start: the file's folder, the repository, and its lab's source folders. */
    private List<Path> bases(Path file) {
        var bases = new LinkedHashSet<Path>();
        bases.add(file.getParent());
        bases.add(root);
        labOf(file).ifPresent(lab -> {
            bases.add(lab);
            for (String folder : List.of(
                    "src/main/java/com/example/pets",
                    "src/test/java/com/example/pets",
                    "src/local/java/com/example/pets",
                    "src/guard/java/com/example/pets",
                    "src/main/resources",
                    "infra/src/main/java/com/example/pets/infra",
                    "infra/src/test/java/com/example/pets/infra")) {
                if (Files.isDirectory(lab.resolve(folder))) {
                    bases.add(lab.resolve(folder));
                }
            }
        });
        return List.copyOf(bases);
    }

    /** The lab a file belongs to: the lab folder it is in, or the lab a deck is named after. */
    private java.util.Optional<Path> labOf(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        String first = relative.getName(0).toString();
        if (first.startsWith("lab-0") && relative.getNameCount() > 1) {
            return java.util.Optional.of(root.resolve(first));
        }
        String base = file.getFileName().toString().replaceFirst("\\.md$", "");
        if (base.startsWith("lab-0") && Files.isDirectory(root.resolve(base))) {
            return java.util.Optional.of(root.resolve(base));
        }
        return java.util.Optional.empty();
    }

    private static boolean exists(Path base, String token) {
        String path = token.endsWith("/") ? token.substring(0, token.length() - 1) : token;
        if (path.contains("*")) {
            var matcher = FileSystems.getDefault().getPathMatcher("glob:{" + path + "," + path + ".java}");
            try (Stream<Path> files = Files.walk(base, path.split("/").length)) {
                return files.anyMatch(candidate -> matcher.matches(base.relativize(candidate)));
            } catch (IOException e) {
                return false;
            }
        }
        return Files.exists(base.resolve(path)) || Files.exists(base.resolve(path + ".java"));
    }

    /** GitHub's anchors for the headings of a Markdown file (and explicit {@code <a id>} anchors). */
    static Set<String> anchors(Path markdown) {
        var anchors = new LinkedHashSet<String>();
        var seen = new java.util.HashMap<String, Integer>();
        boolean inCode = false;
        for (String line : read(markdown)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            }
            if (inCode) {
                continue;
            }
            if (line.matches("#{1,6} .*")) {
                String slug = slug(line.replaceFirst("#{1,6} ", ""));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            HTML_ANCHOR.matcher(line).results().forEach(match -> anchors.add(match.group(1)));
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static String withoutCodeSpans(String line) {
        return line.replaceAll("`[^`]*`", "``");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
