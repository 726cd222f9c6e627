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
 * Cold starts: each run is a fresh JVM that builds the lab's handler and answers one create-pet event. Labs take
 * turns run by run, so a burst of background load on the machine spreads over all of them instead of one, and each
 * run starts with the next lab ({@link Turns}).
 */
final class ColdStarts {

    private static final Pattern LINE = Pattern.compile("COLD_START_MS ready=(\\d+) answered=(\\d+) cpu=(\\d+)");

    record Result(Stats readyMs, Stats answeredMs, Stats cpuMs) {}

    private ColdStarts() {}

    static Map<Lab, Result> measure(List<Lab> labs, int runs, LambdaJvm jvm, Function<Lab, List<String>> extraFlags)
            throws IOException, InterruptedException {
        var ready = new LinkedHashMap<Lab, List<Long>>();
        var answered = new LinkedHashMap<Lab, List<Long>>();
        var cpu = new LinkedHashMap<Lab, List<Long>>();
        for (int run = 1; run <= runs; run++) {
            for (var lab : Turns.rotated(labs, run - 1)) {
                var report =
                        jvm.run(lab, "ColdStartProbe", lab.tableName(), List.of(event(lab)), extraFlags.apply(lab));
                var matcher = LINE.matcher(report);
                if (!matcher.find()) {
                    throw new IllegalStateException("No timing from the cold start of " + lab + ":\n" + report);
                }
                ready.computeIfAbsent(lab, any -> new ArrayList<>()).add(Long.parseLong(matcher.group(1)));
                answered.computeIfAbsent(lab, any -> new ArrayList<>()).add(Long.parseLong(matcher.group(2)));
                cpu.computeIfAbsent(lab, any -> new ArrayList<>()).add(Long.parseLong(matcher.group(3)));
            }
            Progress.say("cold starts: run %d of %d done", run, runs);
        }
        var results = new LinkedHashMap<Lab, Result>();
        labs.forEach(lab -> results.put(
                lab, new Result(Stats.of(ready.get(lab)), Stats.of(answered.get(lab)), Stats.of(cpu.get(lab)))));
        return results;
    }

    /**
     * Trains an AOT cache (JDK 25, JEP 483/514/515) for each lab with one cold start, so later runs can start with the
     * lab's classes already loaded and linked, and its hot methods profiled. Returns the flag that uses it.
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
                    List.of(event(lab)),
                    List.of("-XX:AOTCacheOutput=" + cache));
            if (!Files.exists(cache)) {
                throw new IllegalStateException("The JVM wrote no AOT cache for " + lab);
            }
            flags.put(lab, List.of("-XX:AOTCache=" + cache));
        }
        return flags;
    }

    private static String event(Lab lab) {
        return lab.events().resolve("create-pet.json").toString();
    }
}
