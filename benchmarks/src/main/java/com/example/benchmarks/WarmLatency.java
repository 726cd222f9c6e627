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
 * starts do, and each round starts with the next lab ({@link Turns}). DynamoDB Local answers the calls, so the figures include a real DynamoDB round trip on this machine.
 */
final class WarmLatency {

    /**
     * Latencies in nanoseconds over every measured invocation of every round, and the median latency of each round
     * on its own (in round order).
     */
    record Result(Stats nanos, List<Long> roundMedians) {

        /**
         * The median, round by round, of this lab's p50 minus the baseline's p50 in the same round. Pairing rounds
         * cancels slow drifts of the machine and of DynamoDB Local that pooling every sample would keep.
         */
        long p50OverheadOver(Result baseline) {
            var differences = new ArrayList<Long>();
            for (int round = 0; round < roundMedians.size(); round++) {
                differences.add(
                        roundMedians.get(round) - baseline.roundMedians().get(round));
            }
            return Stats.of(differences).median();
        }
    }

    private WarmLatency() {}

    static Map<Lab, Result> measure(
            List<Lab> labs, int rounds, int warmUpCycles, int measuredCycles, LambdaJvm jvm, Path work)
            throws IOException, InterruptedException {
        var samples = new LinkedHashMap<Lab, List<Long>>();
        var roundMedians = new LinkedHashMap<Lab, List<Long>>();
        for (int round = 1; round <= rounds; round++) {
            for (var lab : Turns.rotated(labs, round - 1)) {
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
                var latencies = Files.readAllLines(timings).stream()
                        .map(line -> Long.parseLong(line.substring(line.indexOf(' ') + 1)))
                        .toList();
                samples.computeIfAbsent(lab, any -> new ArrayList<>()).addAll(latencies);
                roundMedians
                        .computeIfAbsent(lab, any -> new ArrayList<>())
                        .add(Stats.of(latencies).median());
            }
            Progress.say("warm latency: round %d of %d done", round, rounds);
        }
        var results = new LinkedHashMap<Lab, Result>();
        labs.forEach(lab -> results.put(lab, new Result(Stats.of(samples.get(lab)), roundMedians.get(lab))));
        return results;
    }
}
