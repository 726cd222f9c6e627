package com.example.benchmarks.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * Warm latency of a tracing design's minimal handler: after a warm-up, invokes it with the create-pet event and
 * writes how long each invocation took, one number of nanoseconds a line. Arguments: the event file, warm-up
 * invocations, measured invocations, the file to write.
 */
public final class DesignWarmProbe {

    private DesignWarmProbe() {}

    public static void main(String[] args) throws Exception {
        var event = Files.readString(Path.of(args[0]));
        var invoker = Invoker.init();
        var warmUp = Integer.parseInt(args[1]);
        var measured = Integer.parseInt(args[2]);
        for (int i = 0; i < warmUp; i++) {
            invoker.invoke(event).expect(201);
        }
        var timings = new ArrayList<String>(measured);
        for (int i = 0; i < measured; i++) {
            var start = System.nanoTime();
            var response = invoker.invoke(event);
            timings.add(Long.toString(System.nanoTime() - start));
            response.expect(201);
        }
        Files.write(Path.of(args[3]), timings);
        System.exit(0);
    }
}
