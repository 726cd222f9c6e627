package com.example.pets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalServer;
import com.example.pets.local.apigateway.LocalApiGateway;
import com.example.pets.support.LocalProcess;
import com.example.pets.support.ReadmeSamples;
import com.example.pets.support.ReadmeSamples.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every sample output in this lab's README is what its commands print today: each sample's commands are run as a
 * student runs them (the Maven goals as the JVMs they start, curl as curl) and the output is compared with the
 * sample, volatile values masked ({@link ReadmeSamples}). A change that alters the output fails here until the
 * README shows the new output.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReadmeSamplesTest {

    /** A safety net for output that never comes, not a measure of speed. */
    private static final long PATIENCE_SECONDS = 60;

    private static final Pattern ENV = Pattern.compile("^([A-Z_]+)=(\\S+)\\s+");
    private static final Pattern EVENT = Pattern.compile("-Devent=(\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern PRINTED_PORT = Pattern.compile("http://localhost:(\\d+)");

    @TestFactory
    Stream<DynamicTest> every_sample_output_in_the_readme_is_what_its_commands_print() {
        return ReadmeSamples.in(Path.of("README.md")).stream()
                .map(sample -> dynamicTest(sample.toString(), () -> check(sample)));
    }

    private static void check(Sample sample) throws Exception {
        var processes = new ArrayList<LocalProcess>();
        var outputs = new ArrayList<Supplier<List<String>>>();
        var shared = new HashMap<String, String>();
        try {
            for (var command : sample.commands()) {
                var env = new HashMap<>(shared);
                var rest = command;
                var variable = ENV.matcher(rest);
                while (variable.find()) {
                    env.put(variable.group(1), variable.group(2));
                    rest = rest.substring(variable.end());
                    variable = ENV.matcher(rest);
                }
                if (rest.startsWith("curl ")) {
                    var lines = curl(rest.replace("localhost:7070", "localhost:" + shared.get("PORT"))
                            .replace("localhost:3000", "localhost:" + shared.get("PORT")));
                    outputs.add(() -> lines);
                } else if (rest.contains("exec:java@invoke")) {
                    var event = EVENT.matcher(rest);
                    assertThat(event.find()).as("the event of " + command).isTrue();
                    var invoke = LocalProcess.start(LocalInvoke.class, env, event.group(1));
                    processes.add(invoke);
                    assertThat(invoke.exitCode()).as(command).isZero();
                    outputs.add(invoke::lines);
                } else if (rest.contains("exec:java@api")) {
                    // Port 0: the system picks a free port as it binds, and the curl calls go to the one printed.
                    env.put("PORT", "0");
                    var gateway = LocalProcess.start(LocalApiGateway.class, env);
                    processes.add(gateway);
                    var stageUrl =
                            gateway.awaitLine(line -> PRINTED_PORT.matcher(line).find());
                    shared.put("PORT", portIn(stageUrl));
                    gateway.awaitLine(line -> line.contains("Press Ctrl+C"));
                    outputs.add(gateway::lines);
                } else if (rest.contains("exec:java")) {
                    env.put("PORT", "0");
                    var server = LocalProcess.start(LocalServer.class, env);
                    processes.add(server);
                    var listening =
                            server.awaitLine(line -> LISTENING.matcher(line).find());
                    shared.put("PORT", portIn(listening));
                    outputs.add(server::lines);
                } else {
                    throw new AssertionError("No test runs this command of " + sample + ": " + command);
                }
            }
            awaitSample(sample, outputs);
        } finally {
            for (var process : processes.reversed()) {
                process.close();
            }
        }
    }

    /** Output can trail the last command (an access line, a trace the viewer prints once it is complete). */
    private static void awaitSample(Sample sample, List<Supplier<List<String>>> outputs) throws InterruptedException {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            var output = outputs.stream().flatMap(lines -> lines.get().stream()).toList();
            var mismatch = ReadmeSamples.mismatch(sample, output);
            if (mismatch.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sample + " no longer matches what its commands print. Run them and copy"
                        + " the new output into the README.\n" + mismatch.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<String> curl(String command) throws IOException, InterruptedException {
        var process = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(command + " printed " + output).isZero();
        return output.lines().toList();
    }

    private static String portIn(String line) {
        var port = PRINTED_PORT.matcher(line);
        assertThat(port.find()).as(line).isTrue();
        return port.group(1);
    }
}
