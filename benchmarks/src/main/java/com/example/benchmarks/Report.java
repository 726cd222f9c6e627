package com.example.benchmarks;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a run's figures as Markdown: the tables, the machine, and the command that reproduces them. */
final class Report {

    /** Targets for lab-04 (all observability) against lab-01 (none). */
    static final double COLD_START_RATIO_TARGET = 1.25;

    static final double WARM_P50_OVERHEAD_TARGET_MS = 0.5;

    private final StringBuilder out = new StringBuilder();

    static String render(
            Machine machine,
            String command,
            Map<Lab, ColdStarts.Result> coldStarts,
            Map<Lab, ColdStarts.Result> coldStartsWithAot,
            Map<Lab, WarmLatency.Result> warm,
            int coldRuns,
            int warmInvocations,
            Map<Lab, LoadTest.Result> loads,
            Map<Lab, FaultRun.Result> faults) {
        var report = new Report();
        report.header(machine, command);
        report.perLab(coldStarts, warm, coldRuns, warmInvocations);
        report.aot(coldStarts, coldStartsWithAot);
        report.load(loads);
        report.faults(faults);
        return report.out.toString();
    }

    private void header(Machine machine, String command) {
        line("# Benchmark results");
        line();
        line("Measured " + LocalDate.now() + " on " + machine.cpu() + ", " + machine.cores() + " cores, "
                + machine.memoryGb() + " GB, " + machine.os() + ", " + machine.java() + ".");
        line("Reproduce with `" + command
                + "` from the repository root; how the figures are taken and what they mean:");
        line("[BENCHMARKS.md](../../BENCHMARKS.md). Compare figures only with figures from the same machine and run.");
        line();
    }

    private void perLab(
            Map<Lab, ColdStarts.Result> coldStarts,
            Map<Lab, WarmLatency.Result> warm,
            int coldRuns,
            int warmInvocations) {
        line("## Lambda handler, per lab");
        line();
        line("Cold start: a fresh JVM with Lambda's flags builds the handler (ready) and answers a create-pet event"
                + " (first response): JVM uptime, median of " + coldRuns + " runs (min-max), and the CPU time all the"
                + " JVM's threads spent by then. Warm: " + warmInvocations + " invocations per lab mixing create, get,"
                + " list, update, a missing pet and delete, after a warm-up, DynamoDB Local answering; the p50"
                + " overhead is the median, round by round, of the difference to lab-01's p50 in the same round."
                + " Ratios and overheads are against lab-01 in this same run.");
        line();
        line("| Lab | `function.jar` | Ready | First response | x lab-01 | CPU time | x lab-01 | Warm p50 | Warm p99 |"
                + " p50 overhead |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baseline = coldStarts.keySet().iterator().next();
        var baseCold = coldStarts.get(baseline).answeredMs().median();
        var baseCpu = coldStarts.get(baseline).cpuMs().median();
        var baseWarm = warm.get(baseline);
        for (var lab : coldStarts.keySet()) {
            var cold = coldStarts.get(lab);
            var latency = warm.get(lab).nanos();
            line("| " + lab + " | " + megabytes(lab.artifactBytes()) + " | "
                    + cold.readyMs().median() + " ms | "
                    + spread(cold.answeredMs()) + " | "
                    + ratio(cold.answeredMs().median(), baseCold) + " | "
                    + cold.cpuMs().median() + " ms | " + ratio(cold.cpuMs().median(), baseCpu) + " | "
                    + millis(latency.median()) + " | " + millis(latency.percentile(99)) + " | "
                    + signedMillis(warm.get(lab).p50OverheadOver(baseWarm)) + " |");
        }
        line();
        coldStarts.keySet().stream()
                .filter(lab -> lab.name().startsWith("lab-04"))
                .findFirst()
                .ifPresent(lab -> {
                    var coldRatio = (double) coldStarts.get(lab).answeredMs().median() / baseCold;
                    var overheadMs = warm.get(lab).p50OverheadOver(baseWarm) / 1_000_000.0;
                    line("Targets for " + lab + ": cold start within " + COLD_START_RATIO_TARGET + "x of lab-01: "
                            + verdict(coldRatio <= COLD_START_RATIO_TARGET) + " (" + format("%.2fx", coldRatio)
                            + "); warm p50 overhead under " + WARM_P50_OVERHEAD_TARGET_MS + " ms: "
                            + verdict(overheadMs < WARM_P50_OVERHEAD_TARGET_MS) + " ("
                            + format("%+.2f ms", overheadMs) + ").");
                    line();
                });
    }

    private void aot(Map<Lab, ColdStarts.Result> plain, Map<Lab, ColdStarts.Result> withAot) {
        if (withAot.isEmpty()) {
            return;
        }
        line("## Cold start with an AOT cache (JDK 25)");
        line();
        line("The same cold start, the JVM started with `-XX:AOTCache` holding the classes one earlier cold start"
                + " loaded, linked and profiled (JEP 483, 514, 515). It shows how much of each lab's cold start is"
                + " class loading, the part SnapStart's snapshot removes on Lambda.");
        line();
        line("| Lab | Cold start | With AOT cache | Saved | x lab-01, with AOT cache |");
        line("|---|---:|---:|---:|---:|");
        var baseline =
                withAot.get(withAot.keySet().iterator().next()).answeredMs().median();
        withAot.forEach((lab, aot) -> {
            var before = plain.get(lab).answeredMs().median();
            var after = aot.answeredMs().median();
            line("| " + lab + " | " + before + " ms | " + spread(aot.answeredMs()) + " | "
                    + format("%.0f%%", 100.0 * (before - after) / before) + " | " + ratio(after, baseline) + " |");
        });
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
        return format("%.1f MB", bytes / 1024.0 / 1024.0);
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
