package com.example.pets.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.EmfDocuments;
import com.example.pets.support.FunctionRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Custom metrics cost money: CloudWatch bills each distinct metric name and set of dimension values as one metric,
 * and the free tier has 10. custom-metrics.csv declares every metric the app can emit with the number of value
 * combinations (series) each can take, and lab-05 reads it; this keeps it, the app and the budget in agreement.
 */
class MetricBudgetTest {

    /** The CloudWatch always-free tier: 10 custom metrics. */
    static final int FREE_TIER_BUDGET = 10;

    @Test
    void the_declared_metrics_fit_in_the_free_tier_with_one_request_count_per_route() throws IOException {
        var series = declared().stream().mapToInt(row -> Integer.parseInt(row.split(",")[3]));

        assertThat(series.sum()).isLessThanOrEqualTo(FREE_TIER_BUDGET);
        assertThat(declared()).contains("RequestCount,Count,service;environment;route," + MetricRoutes.ALL.size());
    }

    @Test
    void a_run_through_every_route_emits_every_declared_metric_no_other_and_one_cold_start() throws IOException {
        var observability = new Observability(ObservabilitySettings.from(Map.of("ENVIRONMENT", "prod")));
        var run = FunctionRun.linesOf(repository -> PetsApp.create(repository, Clock.systemUTC(), observability));
        var documents = EmfDocuments.in(run);

        // One execution environment: one cold start, however many invocations.
        assertThat(documents)
                .filteredOn(document -> document.has(Metrics.COLD_START))
                .hasSize(1);
        var emitted = new HashSet<String>();
        for (var document : documents) {
            for (var directive : document.at("/_aws/CloudWatchMetrics")) {
                for (var dimensionSet : directive.path("Dimensions")) {
                    var dimensions = new ArrayList<String>();
                    dimensionSet.forEach(name -> dimensions.add(name.asText()));
                    for (var metric : directive.path("Metrics")) {
                        var unit = metric.path("Unit").asText();
                        emitted.add(metric.path("Name").asText() + "," + unit + "," + String.join(";", dimensions));
                    }
                }
            }
        }

        var declaredWithoutSeries = declared().stream().map(row -> row.substring(0, row.lastIndexOf(',')));
        assertThat(emitted).containsExactlyInAnyOrderElementsOf(declaredWithoutSeries.toList());
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /pets/{id}, GET /pets/{id}",
        "PATCH, /pets/{id}, PATCH /pets/{id}",
        "GET, /pets/6f1c5e0a-7b2d-4c8e-9f3a-1b2c3d4e5f60, other",
        "GET, /fail, other",
        "GET, unmatched, other",
        "PUT, /pets, other",
        "GET, /wp-login.php, other"
    })
    void the_route_dimension_is_a_fixed_set_never_a_raw_path(String method, String template, String expected) {
        assertThat(MetricRoutes.of(method, template)).isEqualTo(expected).isIn(MetricRoutes.ALL);
    }

    /** The rows of custom-metrics.csv under its header: metric,unit,dimensions (separated by ;),series. */
    static List<String> declared() throws IOException {
        var rows = Files.readAllLines(Path.of("custom-metrics.csv"));
        return rows.subList(1, rows.size()).stream()
                .filter(row -> !row.isBlank())
                .toList();
    }
}
