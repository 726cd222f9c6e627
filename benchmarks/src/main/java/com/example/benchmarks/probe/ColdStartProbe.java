package com.example.benchmarks.probe;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, inside a fresh JVM started with Lambda's flags: JVM uptime when the handler has been built (the
 * init phase) and when the first event has been answered. Two events are used: {@code GET /} costs only what the
 * app and its observability layers load and set up; create-pet adds what a real request pays on top (JSON,
 * validation, the DynamoDB client's first call).
 *
 * <p>Arguments: the event file and the status it must get.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        var event = Files.readString(Path.of(args[0]));
        var expected = Integer.parseInt(args[1]);
        var invoker = Invoker.init();
        var runtime = ManagementFactory.getRuntimeMXBean();
        var ready = runtime.getUptime();
        invoker.invoke(event).expect(expected);
        var answered = runtime.getUptime();
        // CPU time of every thread (JIT compilers and GC included): Lambda gives a function a share of one vCPU
        // (about 0.6 at 1024 MB), so on Lambda this weighs more than the elapsed time on a multi-core laptop.
        var cpu =
                ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        var classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        // stderr: stdout belongs to the lab's logs. started: the JVM's start, in epoch milliseconds, so the caller can
        // tell how long the process lived after the answer.
        System.err.println("COLD_START_MS ready=" + ready + " answered=" + answered + " cpu=" + cpu + " classes="
                + classes + " started=" + runtime.getStartTime());
        System.err.flush();
        // Ends the JVM now: exit runs the shutdown hooks the lab registered, so the time from the answer to the exit
        // shows work a lab leaves for the end. Without it the JVM would wait about 5 s for Javalin's "you created a
        // Javalin instance but never started it" reminder, a non-daemon thread (on Lambda the runtime never exits).
        System.exit(0);
    }
}
