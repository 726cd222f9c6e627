package com.example.benchmarks.probe;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, inside a fresh JVM started with Lambda's flags: JVM uptime when the handler has been built (the
 * init phase) and when the first event has been answered. The event creates a pet, so the first request pays for
 * everything a real one does: JSON, validation, the DynamoDB client's first call, logs, metrics and traces.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        var event = Files.readString(Path.of(args[0]));
        var invoker = Invoker.init();
        var ready = ManagementFactory.getRuntimeMXBean().getUptime();
        invoker.invoke(event).expect(201);
        var answered = ManagementFactory.getRuntimeMXBean().getUptime();
        // CPU time of every thread (JIT compilers and GC included): Lambda gives a function a share of one vCPU
        // (about 0.6 at 1024 MB), so on Lambda this weighs more than the elapsed time on a multi-core laptop.
        var cpu =
                ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        // stderr: stdout belongs to the lab's logs.
        System.err.println("COLD_START_MS ready=" + ready + " answered=" + answered + " cpu=" + cpu);
        System.exit(0);
    }
}
