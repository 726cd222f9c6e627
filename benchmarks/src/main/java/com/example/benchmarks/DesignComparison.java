package com.example.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares ways of tracing a Java Lambda function, on one minimal handler (a request span, a repository span, one
 * DynamoDB PutItem) built once per design by {@code benchmarks/tracing-designs}: no tracing, the X-Ray SDK (the
 * labs' design up to lab-06), the OpenTelemetry SDK in the function, and the OpenTelemetry API with the upstream Java
 * agent.
 * ADOT's agent is not among them: the newest on Maven Central (1.32.0) fails to start on JDK 25, and newer
 * releases ship only from GitHub, which this comparison does not download from. {@code benchmarks/tracing-designs.sh} builds the designs and runs this; the table goes to
 * {@code benchmarks/results/tracing-designs.md}. Options: {@code --cold-runs N}, {@code --warm-rounds N},
 * {@code --warm-invocations N}, {@code --out file}.
 */
public final class DesignComparison {

    /** One design: the handler build it runs and the Java agent, if any, the JVM starts with. */
    record Design(String name, String build, String agent, String what) {}

    private static final List<Design> DESIGNS = List.of(
            new Design("none", "none", null, "no tracing"),
            new Design("xray-sdk", "xray-sdk", null, "X-Ray SDK, UDP to the daemon (lab-04..06)"),
            new Design("otel-sdk", "otel-sdk", null, "(a) OTel SDK + X-Ray propagator/IDs + AWS SDK instrumentation"),
            new Design(
                    "otel-agent", "otel-api", "opentelemetry-javaagent.jar", "(c) OTel API + OTel Java agent 2.31.1"));

    private static final String EVENT = "{\"resource\":\"/pets\",\"path\":\"/pets\",\"httpMethod\":\"POST\","
            + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"name\\\":\\\"Rex\\\"}\"}";

    private DesignComparison() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            // DynamoDB Local leaves non-daemon threads behind: end the run either way.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        var coldRuns = Integer.parseInt(options.getOrDefault("cold-runs", "7"));
        var warmRounds = Integer.parseInt(options.getOrDefault("warm-rounds", "3"));
        var warmInvocations = Integer.parseInt(options.getOrDefault("warm-invocations", "1000"));
        var root = Path.of("").toAbsolutePath();
        var builds = root.resolve("benchmarks/tracing-designs/target");
        var work = Files.createDirectories(root.resolve("benchmarks/target/designs"));
        var out = root.resolve(options.getOrDefault("out", "benchmarks/results/tracing-designs.md"));

        var labs = new LinkedHashMap<Design, Lab>();
        for (var design : DESIGNS) {
            var dir = work.resolve(design.name());
            Files.createDirectories(dir.resolve("target"));
            Files.createDirectories(dir.resolve("events"));
            Files.copy(
                    builds.resolve(design.build()).resolve("function.jar"),
                    dir.resolve("target/function.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("events/create-pet.json"), EVENT);
            labs.put(design, new Lab(design.name(), dir));
        }
        Map<Lab, List<String>> agentFlags = new HashMap<>();
        labs.forEach((design, lab) -> agentFlags.put(
                lab,
                design.agent() == null
                        ? List.of()
                        : List.of("-javaagent:" + builds.resolve("agents").resolve(design.agent()))));

        var data = Files.createTempDirectory("designs-dynamodb");
        try (var dynamoDb = new DynamoDbLocalServer(data);
                var xray = new XRayDaemonSink();
                var otlp = new OtlpSink()) {
            dynamoDb.start();
            labs.values().forEach(lab -> dynamoDb.createPetsTable(lab.tableName()));
            var jvm = new LambdaJvm(
                    ProbeJar.write(root.resolve("benchmarks/target/classes"), work.resolve("probes.jar")),
                    work,
                    environment(dynamoDb.endpoint().toString(), xray.address(), otlp.endpoint()));

            Progress.say("exports after one cold start each");
            var exports = new LinkedHashMap<Design, Long>();
            for (var entry : labs.entrySet()) {
                var before = otlp.requests();
                coldStart(jvm, entry.getValue(), agentFlags);
                exports.put(entry.getKey(), otlp.requests() - before);
            }

            Progress.say("cold starts of %d designs", labs.size());
            var cold = ColdStarts.measure(
                    List.copyOf(labs.values()), coldRuns, jvm, agentFlags::get, ColdStarts.FirstEvent.CREATE_PET);

            Progress.say("warm latency");
            var samples = new LinkedHashMap<Lab, List<Long>>();
            var p50ByRound = new LinkedHashMap<Lab, List<Long>>();
            for (int round = 1; round <= warmRounds; round++) {
                for (var lab : Turns.rotated(List.copyOf(labs.values()), round - 1)) {
                    var timings = warm(jvm, lab, agentFlags, warmInvocations, warmInvocations, work);
                    samples.computeIfAbsent(lab, any -> new ArrayList<>()).addAll(timings);
                    p50ByRound
                            .computeIfAbsent(lab, any -> new ArrayList<>())
                            .add(Stats.of(timings).median());
                }
                Progress.say("warm latency: round %d of %d done", round, warmRounds);
            }

            Progress.say("an unreachable OTLP endpoint");
            var unreachableJvm = new LambdaJvm(
                    work.resolve("probes.jar"),
                    work,
                    environment(dynamoDb.endpoint().toString(), xray.address(), "http://127.0.0.1:" + closedPort()));
            var unreachable = new LinkedHashMap<Lab, Stats>();
            for (var lab : labs.values()) {
                unreachable.put(lab, Stats.of(warm(unreachableJvm, lab, agentFlags, 3, 10, work)));
            }

            var none = labs.get(DESIGNS.get(0));
            var xraySdk = labs.get(DESIGNS.get(1));
            var table = new StringBuilder();
            table.append("# Tracing designs\n\n")
                    .append("Machine: ")
                    .append(describe(Machine.current()))
                    .append(". Command: `benchmarks/tracing-designs.sh")
                    .append(args.length == 0 ? "" : " " + String.join(" ", args))
                    .append("`. Cold start: median of ")
                    .append(coldRuns)
                    .append(" fresh JVMs per design with Lambda's flags, designs taking turns. Warm: ")
                    .append(warmRounds)
                    .append(" JVMs per design, ")
                    .append(warmInvocations)
                    .append(" warm-up and ")
                    .append(warmInvocations)
                    .append(" measured invocations each, every one with a sampled trace header.\n\n")
                    .append("| Design | Artifact | Agent | Cold start, first response | x X-Ray SDK | CPU by then |"
                            + " Warm p50 / p99 | p50 overhead vs none | OTLP exports after one cold invocation |"
                            + " Invocation with the endpoint unreachable (p50) |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (var entry : labs.entrySet()) {
                var design = entry.getKey();
                var lab = entry.getValue();
                var result = cold.get(lab);
                var all = Stats.of(samples.get(lab));
                var agentBytes = design.agent() == null
                        ? 0
                        : Files.size(builds.resolve("agents").resolve(design.agent()));
                table.append("| ")
                        .append(design.what())
                        .append(" | ")
                        .append(mb(lab.artifactBytes()))
                        .append(" | ")
                        .append(agentBytes == 0 ? "" : mb(agentBytes))
                        .append(" | ")
                        .append(result.answeredMs().median())
                        .append(" ms | ")
                        .append(String.format(
                                Locale.ROOT,
                                "%.2f",
                                (double) result.answeredMs().median()
                                        / cold.get(xraySdk).answeredMs().median()))
                        .append(" | ")
                        .append(result.cpuMs().median())
                        .append(" ms | ")
                        .append(ms(all.median()))
                        .append(" / ")
                        .append(ms(all.percentile(99)))
                        .append(" ms | ")
                        .append(
                                lab == none
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                "%+.2f",
                                                pairedOverhead(p50ByRound.get(lab), p50ByRound.get(none))
                                                        / 1_000_000.0))
                        .append(lab == none ? "" : " ms")
                        .append(" | ")
                        .append(
                                design.name().equals("none") || design.name().equals("xray-sdk")
                                        ? "(UDP)"
                                        : exports.get(design))
                        .append(" | ")
                        .append(ms(unreachable.get(lab).median()))
                        .append(" ms |\n");
            }
            Files.createDirectories(out.getParent());
            Files.writeString(out, table.toString());
            Progress.say("results written to %s", root.relativize(out));
        }
    }

    private static void coldStart(LambdaJvm jvm, Lab lab, Map<Lab, List<String>> flags)
            throws IOException, InterruptedException {
        jvm.run(
                lab,
                "ColdStartProbe",
                lab.tableName(),
                ColdStarts.FirstEvent.CREATE_PET.probeArgs(lab),
                flags.get(lab));
    }

    private static List<Long> warm(
            LambdaJvm jvm, Lab lab, Map<Lab, List<String>> flags, int warmUp, int measured, Path work)
            throws IOException, InterruptedException {
        var file = work.resolve(lab.name() + "-warm.txt");
        Files.deleteIfExists(file);
        jvm.run(
                lab,
                "DesignWarmProbe",
                lab.tableName(),
                List.of(
                        lab.events().resolve("create-pet.json").toString(),
                        Integer.toString(warmUp),
                        Integer.toString(measured),
                        file.toString()),
                flags.get(lab));
        return Files.readAllLines(file).stream().map(Long::parseLong).toList();
    }

    /** The median, over rounds, of the design's p50 minus the untraced handler's p50 in the same round. */
    private static long pairedOverhead(List<Long> design, List<Long> none) {
        var differences = new ArrayList<Long>();
        for (int i = 0; i < design.size(); i++) {
            differences.add(design.get(i) - none.get(i));
        }
        return Stats.of(differences).median();
    }

    private static Map<String, String> environment(String dynamoDb, String xrayDaemon, String otlpEndpoint) {
        var environment = new HashMap<String, String>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put(
                "HOME", Path.of("benchmarks/target/designs").toAbsolutePath().toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "benchmark");
        environment.put("AWS_SECRET_ACCESS_KEY", "benchmark");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb);
        environment.put("AWS_XRAY_DAEMON_ADDRESS", xrayDaemon);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "pets-api");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(LambdaJvm.MEMORY_MB));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/pets-api");
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "benchmark");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        // What the OpenTelemetry Lambda layers' otel-handler wrapper sets for the agent (opentelemetry-lambda,
        // java/layer-javaagent/scripts/otel-handler), with metrics and logs off: only traces are compared.
        environment.put("OTEL_SERVICE_NAME", "pets-api");
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
        environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        environment.put("OTEL_TRACES_EXPORTER", "otlp");
        environment.put("OTEL_METRICS_EXPORTER", "none");
        environment.put("OTEL_LOGS_EXPORTER", "none");
        environment.put("OTEL_PROPAGATORS", "xray,tracecontext");
        environment.put("OTEL_INSTRUMENTATION_AWS_LAMBDA_FLUSH_TIMEOUT", "10000");
        return environment;
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String describe(Machine machine) {
        return machine.cpu() + ", " + machine.cores() + " cores, " + machine.memoryGb() + " GB, " + machine.java();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
