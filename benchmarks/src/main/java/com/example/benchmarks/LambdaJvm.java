package com.example.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a probe in a fresh JVM the way Lambda's java runtime starts a function: its JVM flags, its environment
 * variables, and the function's artifact as the classpath, followed by the probes' jar.
 */
final class LambdaJvm {

    /** The memory lab-05 gives the function; Lambda sets the maximum heap to 85% of it. */
    static final int MEMORY_MB = 1024;

    /** The flags the java21 and java25 runtimes start the JVM with (see the runtime's bootstrap script). */
    static final List<String> FLAGS = List.of(
            "-XX:MaxHeapSize=" + MEMORY_MB * 1024 * 85 / 100 + "k",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-Djava.net.preferIPv4Stack=true",
            "-XX:+ErrorFileToStderr");

    private final Path probes;
    private final Path logs;
    private final Map<String, String> environment;

    LambdaJvm(Path probes, Path logs, Map<String, String> environment) {
        this.probes = probes;
        this.logs = logs;
        this.environment = environment;
    }

    /**
     * Runs {@code probe} with the lab's function on the classpath. The function's logs (stdout) go to a file in
     * {@code logs}, as Lambda would ship them; the probe reports on stderr, which this method returns.
     */
    String run(Lab lab, String probe, String tableName, List<String> args, List<String> extraFlags)
            throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Java.executable());
        // An AOT cache replaces the default CDS archive, and the JVM refuses -Xshare next to it.
        var aot = extraFlags.stream().anyMatch(flag -> flag.startsWith("-XX:AOTCache"));
        FLAGS.stream().filter(flag -> !(aot && flag.startsWith("-Xshare"))).forEach(command::add);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(lab.functionJar() + File.pathSeparator + probes);
        command.add("com.example.benchmarks.probe." + probe);
        command.addAll(args);

        var process = new ProcessBuilder(command);
        process.environment().clear();
        process.environment().putAll(environment);
        process.environment().put("TABLE_NAME", tableName);
        process.environment()
                .put("LAMBDA_TASK_ROOT", lab.dir().resolve("target").toString());
        process.redirectOutput(logs.resolve(lab.name() + "-" + probe + ".log").toFile());
        return Java.runToCompletion(process, "the " + probe + " of " + lab);
    }
}
