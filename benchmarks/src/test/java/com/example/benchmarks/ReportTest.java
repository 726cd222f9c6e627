package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final Machine MACHINE = new Machine("Test CPU", 2, 8, "Linux", "Temurin 25");

    @TempDir
    Path root;

    private Lab baseline;
    private Lab tracing;

    @BeforeEach
    void labs() throws IOException {
        baseline = lab("lab-01-baseline", 1_000_000);
        tracing = lab("lab-04-tracing", 2_097_152);
    }

    @Test
    void compares_each_lab_with_lab_01_and_judges_the_targets() {
        var report = render(Map.of(baseline, 1000L, tracing, 1300L), Map.of(baseline, 2.0, tracing, 2.3));

        assertThat(report)
                .contains(
                        "| lab-04-tracing | 2.0 MiB | 650 ms | 1300 ms (1200-1400) | 1.30 | 1800 ms (1700-1900) | 1.20 |"
                                + " 2700 ms | 2.30 ms |")
                .contains("| +0.30 ms |")
                // Ratios are against the first lab measured, which the header names.
                .contains("| First response, `GET /` | x lab-01-baseline |")
                .contains("| lab-04-tracing | 1300 ms | +300 ms | 1300 | +300 | +0 ms |")
                .contains("lab-04-tracing within 1.2x of lab-01-baseline: **missed** (1.30x)")
                .contains("no lesson adding more than 60 ms: **missed** (largest: lab-04-tracing, +300 ms)")
                .contains("lab-04-tracing warm p50 overhead under 0.5 ms: **met** (+0.30 ms)")
                .contains("| lab-04-tracing | 1300 ms | 600 ms (500-700) | 1.20 | 1800 ms | 1100 ms (1000-1200) | 39% |"
                        + " 1.10 |");
    }

    @Test
    void a_lab_within_both_targets_is_reported_as_meeting_them() {
        var report = render(Map.of(baseline, 1000L, tracing, 1050L), Map.of(baseline, 2.0, tracing, 2.6));

        assertThat(report)
                .contains("lab-04-tracing within 1.2x of lab-01-baseline: **met** (1.05x)")
                .contains("no lesson adding more than 60 ms: **met** (largest: lab-04-tracing, +50 ms)")
                .contains("warm p50 overhead under 0.5 ms: **missed** (+0.60 ms)");
    }

    @Test
    void the_class_table_counts_each_library_for_each_lab() {
        var report = render(Map.of(baseline, 1000L, tracing, 1300L), Map.of(baseline, 2.0, tracing, 2.3));

        assertThat(report)
                .contains("| Library | lab-01 | lab-04 |")
                .contains("| JDK | 900 | 950 |")
                .contains("| X-Ray SDK |  | 120 |")
                .contains("| **all** | **900** | **1070** |");
    }

    @Test
    void the_fault_run_table_shows_every_status_and_what_was_lost() {
        var statuses = new TreeMap<>(Map.of(201, 3, 503, 40, -1, 1));
        var down = new FaultRun.Phase("down", 44, statuses, 1, Stats.of(List.of(1_000_000L, 31_000_000_000L)));
        var fault = new FaultRun.Result(
                new FaultRun.Settings(4, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15)),
                List.of(down),
                Duration.ofMillis(85),
                1,
                2,
                0,
                120);

        var report = Report.render(
                MACHINE,
                "scripts/benchmark.sh",
                new Report.Figures(
                        cold(Map.of(baseline, 1000L), 0),
                        cold(Map.of(baseline, 1000L), 500),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Optional.empty(),
                        warm(Map.of(baseline, 2.0)),
                        7,
                        3000,
                        Map.of(),
                        Map.of(baseline, fault)));

        assertThat(report)
                .contains("| lab-01-baseline | down | 44 | hung: 1, 201: 3, 503: 40 | 1.00 ms | 31000.00 ms |")
                .contains("| lab-01-baseline | 85 ms | 1 | 120 | 2 | 0 |");
    }

    private String render(Map<Lab, Long> coldMedians, Map<Lab, Double> warmMedians) {
        var load = new LoadTest.Result(
                new LoadTest.Settings(30, 60, 20), new GatlingReport(9000, 9000, 0, 150, 7, 17, 28, 51));
        var aot = Map.of(baseline, 500L, tracing, 600L);
        return Report.render(
                MACHINE,
                "scripts/benchmark.sh",
                new Report.Figures(
                        cold(coldMedians, 0),
                        cold(coldMedians, 500),
                        cold(aot, 0),
                        cold(aot, 500),
                        classes(),
                        Optional.empty(),
                        warm(warmMedians),
                        7,
                        3000,
                        Map.of(tracing, load),
                        Map.of()));
    }

    /** Cold starts answering at the given medians plus {@code extraMs}; as many classes as milliseconds. */
    private Map<Lab, ColdStarts.Result> cold(Map<Lab, Long> medians, long extraMs) {
        var results = new LinkedHashMap<Lab, ColdStarts.Result>();
        for (var lab : List.of(baseline, tracing)) {
            if (medians.containsKey(lab)) {
                var median = medians.get(lab) + extraMs;
                results.put(
                        lab,
                        new ColdStarts.Result(
                                Stats.of(List.of(median / 2 - 50, median / 2, median / 2 + 50)),
                                Stats.of(List.of(median - 100, median, median + 100)),
                                Stats.of(List.of(median * 3 / 2)),
                                Stats.of(List.of(median)),
                                Stats.of(List.of(20L))));
            }
        }
        return results;
    }

    private Map<Lab, Map<String, Integer>> classes() {
        var classes = new LinkedHashMap<Lab, Map<String, Integer>>();
        classes.put(baseline, Map.of("JDK", 900));
        classes.put(tracing, Map.of("JDK", 950, "X-Ray SDK", 120));
        return classes;
    }

    private Map<Lab, WarmLatency.Result> warm(Map<Lab, Double> mediansMs) {
        var results = new LinkedHashMap<Lab, WarmLatency.Result>();
        mediansMs.forEach((lab, ms) -> {
            var nanos = Math.round(ms * 1_000_000);
            results.put(lab, new WarmLatency.Result(Stats.of(List.of(nanos - 1000, nanos, nanos * 3)), List.of(nanos)));
        });
        return results;
    }

    private Lab lab(String name, int jarBytes) throws IOException {
        var dir = Files.createDirectories(root.resolve(name).resolve("target"));
        Files.write(dir.resolve("function.jar"), new byte[jarBytes]);
        return new Lab(name, root.resolve(name));
    }
}
