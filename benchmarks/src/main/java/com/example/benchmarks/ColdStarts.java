package com.example.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Cold starts: each run is a fresh JVM that builds the lab's handler and answers one event. Labs take turns run by
 * run, so a burst of background load on the machine spreads over all of them instead of one, and each run starts
 * with the next lab ({@link Turns}).
 */
final class ColdStarts {

    private static final Pattern LINE =
            Pattern.compile("COLD_START_MS ready=(\\d+) answered=(\\d+) cpu=(\\d+) classes=(\\d+) started=(\\d+)");

    /** The first event a fresh JVM answers, from the lab's {@code events/} folder. */
    enum FirstEvent {
        /** The API's index: what the app and its observability layers cost, and nothing else. */
        ROOT("GET /", "get-root.json", 200),
        /** A create-pet request: adds JSON, validation and the DynamoDB client's first call, the same in every lab. */
        CREATE_PET("create-pet", "create-pet.json", 201);

        final String label;
        final String file;
        final int status;

        FirstEvent(String label, String file, int status) {
            this.label = label;
            this.file = file;
            this.status = status;
        }

        List<String> probeArgs(Lab lab) {
            return List.of(lab.events().resolve(file).toString(), Integer.toString(status));
        }
    }

    /**
     * Milliseconds of JVM uptime when the handler was built and when the event was answered, the CPU time of all
     * threads by then, the classes loaded by then, and how long the JVM stayed up after the answer.
     */
    record Result(Stats readyMs, Stats answeredMs, Stats cpuMs, Stats classes, Stats afterAnswerMs) {}

    private ColdStarts() {}

    static Map<Lab, Result> measure(
            List<Lab> labs, int runs, LambdaJvm jvm, Function<Lab, List<String>> extraFlags, FirstEvent event)
            throws IOException, InterruptedException {
        var samples = new LinkedHashMap<Lab, List<long[]>>();
        for (int run = 1; run <= runs; run++) {
            for (var lab : Turns.rotated(labs, run - 1)) {
                var report =
                        jvm.run(lab, "ColdStartProbe", lab.tableName(), event.probeArgs(lab), extraFlags.apply(lab));
                var exited = System.currentTimeMillis();
                var matcher = LINE.matcher(report);
                if (!matcher.find()) {
                    throw new IllegalStateException("No timing from the cold start of " + lab + ":\n" + report);
                }
                var answered = Long.parseLong(matcher.group(2));
                var afterAnswer = exited - Long.parseLong(matcher.group(5)) - answered;
                samples.computeIfAbsent(lab, any -> new ArrayList<>()).add(new long[] {
                    Long.parseLong(matcher.group(1)),
                    answered,
                    Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4)),
                    afterAnswer
                });
            }
            Progress.say("cold starts (%s): run %d of %d done", event.label, run, runs);
        }
        var results = new LinkedHashMap<Lab, Result>();
        labs.forEach(lab -> {
            var runsOfLab = samples.get(lab);
            results.put(
                    lab,
                    new Result(
                            column(runsOfLab, 0),
                            column(runsOfLab, 1),
                            column(runsOfLab, 2),
                            column(runsOfLab, 3),
                            column(runsOfLab, 4)));
        });
        return results;
    }

    private static Stats column(List<long[]> runs, int index) {
        return Stats.of(runs.stream().map(run -> run[index]).toList());
    }

    /**
     * Trains an AOT cache (JDK 25, JEP 483/514/515) for each lab with one cold start answering create-pet (which
     * also takes the {@code GET /} path through the app), so later runs can start with the lab's classes already
     * loaded and linked, and its hot methods profiled. Returns the flag that uses it.
     */
    static Map<Lab, List<String>> trainAotCaches(List<Lab> labs, LambdaJvm jvm, Path work)
            throws IOException, InterruptedException {
        var flags = new LinkedHashMap<Lab, List<String>>();
        for (var lab : labs) {
            var cache = work.resolve(lab.name() + ".aot");
            Files.deleteIfExists(cache);
            jvm.run(
                    lab,
                    "ColdStartProbe",
                    lab.tableName(),
                    FirstEvent.CREATE_PET.probeArgs(lab),
                    List.of("-XX:AOTCacheOutput=" + cache));
            if (!Files.exists(cache)) {
                throw new IllegalStateException("The JVM wrote no AOT cache for " + lab);
            }
            flags.put(lab, List.of("-XX:AOTCache=" + cache));
        }
        return flags;
    }
}
