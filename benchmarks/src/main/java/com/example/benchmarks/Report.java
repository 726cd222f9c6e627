package com.example.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes a run's figures as Markdown: the tables, the machine, and the command that reproduces them. */
final class Report {

    /** Targets on the {@code GET /} cold start, against lab-01 in the same run. */
    static final Map<String, Double> INDEX_RATIO_TARGETS = Map.of("lab-04-tracing", 1.20, "lab-07-opentelemetry", 1.25);

    /** No lesson may add more than this to the {@code GET /} cold start of the lab before it. */
    static final long LESSON_ADDS_AT_MOST_MS = 60;

    static final double WARM_P50_OVERHEAD_TARGET_MS = 0.5;

    /** Everything one run measured. */
    record Figures(
            Map<Lab, ColdStarts.Result> index,
            Map<Lab, ColdStarts.Result> create,
            Map<Lab, ColdStarts.Result> indexWithAot,
            Map<Lab, ColdStarts.Result> createWithAot,
            Map<Lab, Map<String, Integer>> classes,
            Optional<ContainerStart.Result> container,
            Map<Lab, WarmLatency.Result> warm,
            int coldRuns,
            int warmInvocations,
            Map<Lab, LoadTest.Result> loads,
            Map<Lab, FaultRun.Result> faults) {}

    private final StringBuilder out = new StringBuilder();

    static String render(Machine machine, String command, Figures figures) {
        var report = new Report();
        report.header(machine, command);
        report.perLab(figures);
        report.lessons(figures);
        report.classes(figures.classes());
        report.aot(figures);
        report.container(figures);
        report.load(figures.loads());
        report.faults(figures.faults());
        return report.out.toString();
    }

    private void header(Machine machine, String command) {
        line("# Benchmark results");
        line();
        // scripts/benchmark.sh passes the commit measured, with "-dirty" when the working tree had changes.
        var commit = System.getProperty("benchmark.commit");
        line("Measured " + LocalDate.now() + (commit == null ? "" : ", the code of commit " + commit) + ", on "
                + machine.cpu() + ", " + machine.cores() + " cores, " + machine.memoryGb() + " GB, " + machine.os()
                + ", " + machine.java() + ".");
        line("Reproduce with `" + command
                + "` from the repository root; how the figures are taken and what they mean:");
        line("[BENCHMARKS.md](../../BENCHMARKS.md). Compare figures only with figures from the same machine and run.");
        line();
    }

    private void perLab(Figures figures) {
        var index = figures.index();
        var create = figures.create();
        line("## Lambda handler, per lab");
        line();
        line(
                "Cold start: a fresh JVM with Lambda's flags builds the handler (ready) and answers its first event: `GET /`"
                        + " (what the app and its observability layers cost) or create-pet (plus JSON, validation and the"
                        + " DynamoDB client's first call, the same in every lab). JVM uptime, median of "
                        + figures.coldRuns()
                        + " runs (min-max), and the CPU time all the JVM's threads spent by the create-pet answer. Warm: "
                        + figures.warmInvocations()
                        + " invocations per lab mixing create, get, list, update, a missing pet and"
                        + " delete, after a warm-up, DynamoDB Local answering; the p50 overhead is the median, round by round,"
                        + " of the difference to the first lab's p50 in the same round. Ratios and overheads are against the"
                        + " first lab in this same run.");
        line();
        var baseline = index.keySet().iterator().next();
        line("| Lab | `function.jar` | Ready | First response, `GET /` | x " + baseline
                + " | First response, create-pet | x " + baseline
                + " | CPU time | Warm p50 | Warm p99 | p50 overhead |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baseIndex = index.get(baseline).answeredMs().median();
        var baseCreate = create.get(baseline).answeredMs().median();
        var baseWarm = figures.warm().get(baseline);
        for (var lab : index.keySet()) {
            var latency = figures.warm().get(lab).nanos();
            line("| " + lab + " | " + megabytes(lab.artifactBytes()) + " | "
                    + index.get(lab).readyMs().median() + " ms | "
                    + spread(index.get(lab).answeredMs()) + " | "
                    + ratio(index.get(lab).answeredMs().median(), baseIndex) + " | "
                    + spread(create.get(lab).answeredMs()) + " | "
                    + ratio(create.get(lab).answeredMs().median(), baseCreate) + " | "
                    + create.get(lab).cpuMs().median() + " ms | "
                    + millis(latency.median()) + " | " + millis(latency.percentile(99)) + " | "
                    + signedMillis(figures.warm().get(lab).p50OverheadOver(baseWarm)) + " |");
        }
        line();
    }

    private void lessons(Figures figures) {
        var index = figures.index();
        line("## What each lesson adds at start-up");
        line();
        line("The `GET /` cold start of each lab against the lab before it in this run: the time and the classes its"
                + " lesson adds to the first answer, and how much longer than the first lab's `System.exit` took after"
                + " that answer (the lab's shutdown hooks and the JVM's own exit).");
        line();
        line("| Lab | First response, `GET /` | Added by the lesson | Classes loaded | Added classes | Exit, over the"
                + " first lab's |");
        line("|---|---:|---:|---:|---:|---:|");
        // The probe's clock starts a few milliseconds after the JVM's recorded start, the same in every lab: only the
        // difference to the first lab's exit means something.
        var firstExit = index.values().iterator().next().afterAnswerMs().median();
        Lab previous = null;
        Lab largest = null;
        long largestAdded = Long.MIN_VALUE;
        for (var lab : index.keySet()) {
            var result = index.get(lab);
            var added = "";
            var addedClasses = "";
            if (previous != null) {
                var addedMs = result.answeredMs().median()
                        - index.get(previous).answeredMs().median();
                added = format("%+d ms", addedMs);
                addedClasses = format(
                        "%+d",
                        result.classes().median()
                                - index.get(previous).classes().median());
                if (addedMs > largestAdded) {
                    largestAdded = addedMs;
                    largest = lab;
                }
            }
            line("| " + lab + " | " + result.answeredMs().median() + " ms | " + added + " | "
                    + result.classes().median() + " | " + addedClasses + " | "
                    + format("%+d ms", result.afterAnswerMs().median() - firstExit) + " |");
            previous = lab;
        }
        line();
        var baseline = index.keySet().iterator().next();
        var verdicts = new ArrayList<String>();
        INDEX_RATIO_TARGETS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(target -> index.keySet().stream()
                        .filter(lab -> lab.name().equals(target.getKey()))
                        .findFirst()
                        .ifPresent(lab -> {
                            var ratio = (double) index.get(lab).answeredMs().median()
                                    / index.get(baseline).answeredMs().median();
                            verdicts.add(lab + " within " + target.getValue() + "x of " + baseline + ": "
                                    + verdict(ratio <= target.getValue()) + " (" + format("%.2fx", ratio) + ")");
                        }));
        if (largest != null) {
            verdicts.add("no lesson adding more than " + LESSON_ADDS_AT_MOST_MS + " ms: "
                    + verdict(largestAdded <= LESSON_ADDS_AT_MOST_MS) + " (largest: " + largest + ", "
                    + format("%+d ms", largestAdded) + ")");
        }
        index.keySet().stream()
                .filter(lab -> lab.name().startsWith("lab-04"))
                .findFirst()
                .ifPresent(lab -> {
                    var overheadMs = figures.warm()
                                    .get(lab)
                                    .p50OverheadOver(figures.warm().get(baseline))
                            / 1_000_000.0;
                    verdicts.add(lab + " warm p50 overhead under " + WARM_P50_OVERHEAD_TARGET_MS + " ms: "
                            + verdict(overheadMs < WARM_P50_OVERHEAD_TARGET_MS) + " ("
                            + format("%+.2f ms", overheadMs) + ")");
                });
        if (!verdicts.isEmpty()) {
            line("Targets, on the `GET /` figure: " + String.join("; ", verdicts) + ".");
            line();
        }
    }

    private void classes(Map<Lab, Map<String, Integer>> classes) {
        if (classes.isEmpty()) {
            return;
        }
        line("## Classes loaded for the first answer to `GET /`, by library");
        line();
        line("One more `GET /` cold start per lab with `-Xlog:class+load`, each class counted in the library its"
                + " package belongs to (`ClassLoadBreakdown`). Most of a Java cold start is loading and linking"
                + " classes: the AOT cache below removes most of it.");
        line();
        var labs = List.copyOf(classes.keySet());
        line("| Library | " + labs.stream().map(Report::shortName).collect(Collectors.joining(" | ")) + " |");
        line("|---|" + "---:|".repeat(labs.size()));
        var libraries = classes.values().stream()
                .flatMap(counts -> counts.keySet().stream())
                .distinct()
                .sorted(Comparator.comparing((String library) -> -classes.values().stream()
                                .mapToInt(counts -> counts.getOrDefault(library, 0))
                                .max()
                                .orElse(0))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        for (var library : libraries) {
            line("| " + library + " | "
                    + labs.stream()
                            .map(lab -> {
                                var count = classes.get(lab).getOrDefault(library, 0);
                                return count == 0 ? "" : Integer.toString(count);
                            })
                            .collect(Collectors.joining(" | "))
                    + " |");
        }
        line("| **all** | "
                + labs.stream()
                        .map(lab -> "**"
                                + classes.get(lab).values().stream()
                                        .mapToInt(Integer::intValue)
                                        .sum()
                                + "**")
                        .collect(Collectors.joining(" | "))
                + " |");
        line();
    }

    private void aot(Figures figures) {
        var withAot = figures.indexWithAot();
        if (withAot.isEmpty()) {
            return;
        }
        line("## Cold start with an AOT cache (JDK 25)");
        line();
        line("The same cold starts, the JVM started with `-XX:AOTCache` holding the classes one earlier create-pet cold"
                + " start loaded, linked and profiled (JEP 483, 514, 515). It shows how much of each lab's cold start is"
                + " class loading, the part SnapStart's snapshot removes on Lambda.");
        line();
        var baseline = withAot.keySet().iterator().next();
        line("| Lab | `GET /` | With AOT cache | x " + baseline
                + ", with AOT cache | Create-pet | With AOT cache | Saved |" + " x " + baseline + ", with AOT cache |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        var baseIndex = withAot.get(baseline).answeredMs().median();
        var baseCreate = figures.createWithAot().get(baseline).answeredMs().median();
        for (var lab : withAot.keySet()) {
            var before = figures.create().get(lab).answeredMs().median();
            var after = figures.createWithAot().get(lab).answeredMs();
            line("| " + lab + " | " + figures.index().get(lab).answeredMs().median() + " ms | "
                    + spread(withAot.get(lab).answeredMs()) + " | "
                    + ratio(withAot.get(lab).answeredMs().median(), baseIndex) + " | " + before + " ms | "
                    + spread(after) + " | " + format("%.0f%%", 100.0 * (before - after.median()) / before) + " | "
                    + ratio(after.median(), baseCreate) + " |");
        }
        line();
    }

    private void container(Figures figures) {
        var lab08 = figures.create().keySet().stream()
                .filter(lab -> lab.name().equals(ContainerStart.LAB))
                .findFirst();
        if (lab08.isEmpty()) {
            return;
        }
        line("## lab-08: the Lambda handler beside the container");
        line();
        if (figures.container().isEmpty()) {
            line("The container was not started in this run: it needs Podman and the image `./mvnw -pl "
                    + ContainerStart.LAB + " verify` builds for the tests. `" + ContainerStart.SCRIPT
                    + "` measures it on its own.");
            line();
            return;
        }
        var container = figures.container().get();
        line("The same code started two ways. Lambda: JVM uptime to the first create-pet answer, in-process, Lambda's"
                + " flags. Container: `podman run` of the test image to the first 200 from `GET /pets` over HTTP"
                + " (`" + ContainerStart.SCRIPT + "`), which adds creating the container, Jetty's start and the JVM's"
                + " default compiler, once per task rather than once per execution environment.");
        line();
        line("| | Start to first answer | Memory |");
        line("|---|---:|---|");
        line("| Lambda handler | " + spread(figures.create().get(lab08.get()).answeredMs())
                + " | the function's setting, billed per invocation |");
        line("| Container | " + spread(container.startMs()) + " | " + String.join(", ", container.memory())
                + " resident, 10 s after the first answer |");
        line();
    }

    private void load(Map<Lab, LoadTest.Result> loads) {
        if (loads.isEmpty()) {
            return;
        }
        line("## Load test of the local server (Gatling)");
        line();
        var settings = loads.values().iterator().next().settings();
        line("Each virtual user creates a pet, reads it, lists, renames it with `If-Match` and deletes it; "
                + format("%.0f", settings.usersPerSecond()) + " new users a second ("
                + format("%.0f", settings.requestsPerSecond()) + " requests/s) for " + settings.seconds()
                + " s after a " + settings.warmUpSeconds()
                + " s warm-up, against 127.0.0.1 with DynamoDB Local. Times in ms; errors are responses other than"
                + " the status the step expects, and timeouts.");
        line();
        line("| Lab | Requests | Throughput (req/s) | p50 | p95 | p99 | Max | Errors |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        loads.forEach((lab, result) -> {
            var r = result.report();
            line("| " + lab + " | " + r.requests() + " | " + format("%.1f", r.throughput()) + " | " + r.p50Ms() + " | "
                    + r.p95Ms() + " | " + r.p99Ms() + " | " + r.maxMs() + " | " + r.ko() + " |");
        });
        line();
    }

    private void faults(Map<Lab, FaultRun.Result> faults) {
        if (faults.isEmpty()) {
            return;
        }
        line("## Fault run: DynamoDB stopped mid-run and restarted");
        line();
        var settings = faults.values().iterator().next().settings();
        line(settings.clients() + " clients loop create, get, rename, delete against the local server; DynamoDB Local"
                + " is stopped after " + settings.before().toSeconds() + " s, restarted "
                + settings.down().toSeconds()
                + " s later, and traffic goes on for " + settings.after().toSeconds() + " s. A request counts as hung"
                + " after " + FaultRun.HANG.toSeconds() + " s (the server's DynamoDB call timeout is "
                + FaultRun.CALL_TIMEOUT.toSeconds() + " s). Times in ms.");
        line();
        line("| Lab | Phase | Requests | Statuses | p50 | p99 | Max | Hung |");
        line("|---|---|---:|---|---:|---:|---:|---:|");
        faults.forEach((lab, result) -> {
            for (var phase : result.phases()) {
                line("| " + lab + " | " + phase.name() + " | " + phase.requests() + " | " + statuses(phase.statuses())
                        + " | " + millis(phase.nanos().median()) + " | "
                        + millis(phase.nanos().percentile(99))
                        + " | " + millis(phase.nanos().max()) + " | " + phase.hung() + " |");
            }
        });
        line();
        line("| Lab | First success after restart | Unexpected answers | Pets checked afterwards | Lost writes |"
                + " Resurrected deletes |");
        line("|---|---:|---:|---:|---:|---:|");
        faults.forEach((lab, result) -> line("| " + lab + " | "
                + (result.recovery() == null ? "never" : result.recovery().toMillis() + " ms") + " | "
                + result.unexpected() + " | " + result.checkedPets() + " | " + result.lostWrites() + " | "
                + result.resurrectedDeletes() + " |"));
        line();
    }

    static String statuses(Map<Integer, Integer> statuses) {
        return statuses.entrySet().stream()
                .map(e -> label(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String label(int status) {
        return switch (status) {
            case -1 -> "hung";
            case -2 -> "no answer";
            default -> Integer.toString(status);
        };
    }

    static String shortName(Lab lab) {
        return lab.name().substring(0, Math.min(6, lab.name().length()));
    }

    static String spread(Stats ms) {
        return ms.median() + " ms (" + ms.min() + "-" + ms.max() + ")";
    }

    static String ratio(long value, long baseline) {
        return format("%.2f", (double) value / baseline);
    }

    static String millis(long nanos) {
        return format("%.2f ms", nanos / 1_000_000.0);
    }

    static String signedMillis(long nanos) {
        return format("%+.2f ms", nanos / 1_000_000.0);
    }

    static String megabytes(long bytes) {
        return format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
