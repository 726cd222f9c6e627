package com.example.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm latency: in one JVM per lab and round, a warm-up and then thousands of invocations of the handler mixing
 * the API's routes, each timed around {@code handleRequest}. Rounds alternate between labs for the same reason cold
 * starts do. DynamoDB Local answers the calls, so the figures include a real DynamoDB round trip on this machine.
 */
final class WarmLatency {

    /** Latencies in nanoseconds, over every measured invocation of every round. */
    record Result(Stats nanos) {}

    private WarmLatency() {}

    static Map<Lab, Result> measure(
            List<Lab> labs, int rounds, int warmUpCycles, int measuredCycles, LambdaJvm jvm, Path work)
            throws IOException, InterruptedException {
        var samples = new LinkedHashMap<Lab, List<Long>>();
        for (int round = 1; round <= rounds; round++) {
            for (var lab : labs) {
                var timings = work.resolve(lab.name() + "-warm-" + round + ".txt");
                jvm.run(
                        lab,
                        "WarmLatencyProbe",
                        lab.tableName(),
                        List.of(
                                lab.events().toString(),
                                Integer.toString(warmUpCycles),
                                Integer.toString(measuredCycles),
                                timings.toString()),
                        List.of());
                var nanos = samples.computeIfAbsent(lab, any -> new ArrayList<>());
                for (var line : Files.readAllLines(timings)) {
                    nanos.add(Long.parseLong(line.substring(line.indexOf(' ') + 1)));
                }
            }
            Progress.say("warm latency: round %d of %d done", round, rounds);
        }
        var results = new LinkedHashMap<Lab, Result>();
        labs.forEach(lab -> results.put(lab, new Result(Stats.of(samples.get(lab)))));
        return results;
    }
}
