package com.example.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * lab-08's container, started as an orchestrator starts it, beside the Lambda figures: its own script
 * ({@code lab-08-containers/scripts/container-start.sh}) times {@code podman run} to the first 200 from
 * {@code GET /pets} and reads the memory once idle. It needs Podman and the image {@code ./mvnw verify} builds for
 * lab-08's tests; without them the report says so and how to get the figure.
 */
final class ContainerStart {

    static final String LAB = "lab-08-containers";
    static final String SCRIPT = LAB + "/scripts/container-start.sh";

    private static final Pattern ROW = Pattern.compile("^\\| \\d+ \\| (\\d+) \\| ([^|]+) \\|$");

    /** Start to first answer in milliseconds, and the memory the script read for each run. */
    record Result(Stats startMs, List<String> memory) {}

    private ContainerStart() {}

    static Optional<Result> measure(Path root, int runs) throws IOException, InterruptedException {
        if (!Files.exists(root.resolve(LAB + "/target/container/pets-api-test.tar")) || !onPath("podman")) {
            Progress.say("container start skipped: needs podman and lab-08's test image (./mvnw -pl %s verify)", LAB);
            return Optional.empty();
        }
        var process = new ProcessBuilder("bash", SCRIPT, Integer.toString(runs))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(SCRIPT + " failed:\n" + output);
        }
        var starts = new ArrayList<Long>();
        var memory = new ArrayList<String>();
        for (var line : output.lines().toList()) {
            var matcher = ROW.matcher(line.strip());
            if (matcher.matches()) {
                starts.add(Long.parseLong(matcher.group(1)));
                memory.add(matcher.group(2).strip());
            }
        }
        if (starts.isEmpty()) {
            throw new IllegalStateException("No timing from " + SCRIPT + ":\n" + output);
        }
        return Optional.of(new Result(Stats.of(starts), memory));
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
