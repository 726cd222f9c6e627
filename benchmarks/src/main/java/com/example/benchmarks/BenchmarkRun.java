package com.example.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every benchmark and writes the results table: {@code scripts/benchmark.sh} builds the labs and calls this.
 * Options (all optional): {@code --labs a,b}, {@code --cold-runs N}, {@code --no-aot}, {@code --no-container}, {@code --warm-rounds N},
 * {@code --warm-cycles N} (6 invocations each), {@code --load-labs a,b}, {@code --load-rate N} (new users a
 * second, 5 requests each), {@code --load-seconds N}, {@code --out file}, and {@code --quick} for a short smoke run
 * whose figures mean nothing.
 */
public final class BenchmarkRun {

    private static final List<String> ALL_LABS = List.of(
            "lab-01-baseline",
            "lab-02-logging",
            "lab-03-metrics",
            "lab-04-tracing",
            "lab-05-iac",
            "lab-06-cicd",
            "lab-07-opentelemetry",
            "lab-08-containers");

    private BenchmarkRun() {}

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args);
        var root = Path.of("").toAbsolutePath();
        var work = Files.createDirectories(root.resolve("benchmarks/target/benchmarks"));
        var labs = options.list("labs", ALL_LABS).stream()
                .map(name -> new Lab(name, root.resolve(name)))
                .toList();
        var loadLabs = options.list("load-labs", List.of("lab-01-baseline", "lab-04-tracing")).stream()
                .filter(name -> !name.equals("none"))
                .map(name -> new Lab(name, root.resolve(name)))
                .toList();
        var quick = options.flag("quick");
        var coldRuns = options.number("cold-runs", quick ? 2 : 7);
        var warmRounds = options.number("warm-rounds", quick ? 1 : 4);
        var warmCycles = options.number("warm-cycles", quick ? 50 : 250);
        var warmUpCycles = quick ? 50 : 300;
        var load = new LoadTest.Settings(
                options.number("load-rate", 30), options.number("load-seconds", quick ? 10 : 60), quick ? 5 : 20);
        var fault = quick
                ? new FaultRun.Settings(4, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                : new FaultRun.Settings(4, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15));
        // A smoke run's figures mean nothing: it never overwrites the published results.
        var out = root.resolve(
                options.text("out", quick ? "benchmarks/target/quick.md" : "benchmarks/results/latest.md"));

        var data = Files.createTempDirectory("benchmark-dynamodb");
        try (var dynamoDb = new DynamoDbLocalServer(data);
                var xray = new XRayDaemonSink();
                var otlp = new OtlpSink()) {
            dynamoDb.start();
            labs.forEach(lab -> dynamoDb.createPetsTable(lab.tableName()));
            var environment = environment(dynamoDb, xray, work);
            // lab-07 sends OpenTelemetry spans: to an endpoint that takes them, as the X-Ray labs' go to the sink.
            environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
            var lambdaEnvironment = lambdaEnvironment(environment);
            lambdaEnvironment.put("BENCHMARK_TRACE_SAMPLED", options.text("trace-sampled", "1"));
            var jvm = new LambdaJvm(
                    ProbeJar.write(root.resolve("benchmarks/target/classes"), work.resolve("probes.jar")),
                    work,
                    lambdaEnvironment);

            Progress.say("warm latency of %s", labs);
            var warm = WarmLatency.measure(labs, warmRounds, warmUpCycles, warmCycles, jvm, work);
            Progress.say("cold starts of %s", labs);
            var index = ColdStarts.measure(labs, coldRuns, jvm, lab -> List.of(), ColdStarts.FirstEvent.ROOT);
            var create = ColdStarts.measure(labs, coldRuns, jvm, lab -> List.of(), ColdStarts.FirstEvent.CREATE_PET);
            Map<Lab, ColdStarts.Result> indexWithAot = Map.of();
            Map<Lab, ColdStarts.Result> createWithAot = Map.of();
            if (Runtime.version().feature() >= 25 && !options.flag("no-aot")) {
                Progress.say("cold starts with an AOT cache");
                var aot = ColdStarts.trainAotCaches(labs, jvm, work);
                indexWithAot = ColdStarts.measure(labs, coldRuns, jvm, aot::get, ColdStarts.FirstEvent.ROOT);
                createWithAot = ColdStarts.measure(labs, coldRuns, jvm, aot::get, ColdStarts.FirstEvent.CREATE_PET);
            }
            Progress.say("classes each lab loads for its first answer");
            var classes = ClassLoadBreakdown.measure(labs, jvm, work);
            var container = labs.stream().anyMatch(lab -> lab.name().equals(ContainerStart.LAB))
                            && !options.flag("no-container")
                    ? ContainerStart.measure(root, coldRuns)
                    : Optional.<ContainerStart.Result>empty();
            var loads = new LinkedHashMap<Lab, LoadTest.Result>();
            if (!loadLabs.isEmpty()) {
                LoadTest.warmUpLoadGenerator(loadLabs.get(0), load, environment, work);
            }
            for (var lab : loadLabs) {
                loads.put(lab, LoadTest.run(lab, load, environment, work));
            }
            var faults = new LinkedHashMap<Lab, FaultRun.Result>();
            for (var lab : loadLabs) {
                faults.put(lab, FaultRun.run(lab, fault, dynamoDb, environment, work));
            }

            var command = "scripts/benchmark.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
            var report = Report.render(
                    Machine.current(),
                    command,
                    new Report.Figures(
                            index,
                            create,
                            indexWithAot,
                            createWithAot,
                            classes,
                            container,
                            warm,
                            coldRuns,
                            warmRounds * warmCycles * 6,
                            loads,
                            faults));
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            Progress.say("results written to %s", root.relativize(out));
        }
        // Gatling and DynamoDB Local leave non-daemon threads behind; the run is over.
        System.exit(0);
    }

    /** What every lab process gets: this run's DynamoDB and X-Ray daemon, and credentials that go nowhere. */
    private static Map<String, String> environment(DynamoDbLocalServer dynamoDb, XRayDaemonSink xray, Path work) {
        var environment = new HashMap<String, String>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // Not the user's home: no ~/.aws settings or real credentials can leak into a run.
        environment.put("HOME", work.toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "benchmark");
        environment.put("AWS_SECRET_ACCESS_KEY", "benchmark");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
        environment.put("AWS_XRAY_DAEMON_ADDRESS", xray.address());
        environment.put("POWERTOOLS_SERVICE_NAME", "pets-api");
        return environment;
    }

    /** Plus what Lambda sets for a function, so the labs take their on-Lambda paths (EMF to stdout, X-Ray). */
    private static HashMap<String, String> lambdaEnvironment(Map<String, String> base) {
        var environment = new HashMap<>(base);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "pets-api");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(LambdaJvm.MEMORY_MB));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/pets-api");
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "benchmark");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        return environment;
    }

    /** {@code --name value} pairs and {@code --flag}s. */
    private record Options(Map<String, String> values) {

        /** The options benchmarks/README.md lists: a misspelt one stops the run instead of being ignored. */
        static final Set<String> NAMES = Set.of(
                "cold-runs",
                "labs",
                "load-labs",
                "load-rate",
                "load-seconds",
                "no-aot",
                "no-container",
                "out",
                "quick",
                "trace-sampled",
                "warm-cycles",
                "warm-rounds");

        static Options parse(String[] args) {
            var values = new HashMap<String, String>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("Not an option: " + args[i]);
                }
                var name = args[i].substring(2);
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("Unknown option --" + name + "; the options are --"
                            + String.join(", --", NAMES.stream().sorted().toList()));
                }
                var hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                values.put(name, hasValue ? args[++i] : "true");
            }
            return new Options(values);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(values.getOrDefault(name, "false"));
        }

        int number(String name, int fallback) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
        }

        String text(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        List<String> list(String name, List<String> fallback) {
            return values.containsKey(name) ? Arrays.asList(values.get(name).split(",")) : fallback;
        }
    }
}
