package com.example.pets.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.observability.metrics.MetricRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exercises 2 and 3 of lab-03 (SOLUTIONS.md), applied to a copy of the rows of {@code custom-metrics.csv}: what the
 * budget test would say about each change.
 */
class MetricBudgetExerciseTest {

    private static final int FREE_TIER_BUDGET = 10;

    private static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

    @Test
    void status_class_as_a_dimension_of_request_count_makes_33_custom_metrics_over_the_budget() throws IOException {
        var changed = new ArrayList<String>();
        for (var row : declared()) {
            changed.add(
                    row.startsWith("RequestCount,")
                            ? "RequestCount,Count,service;environment;route;status_class,"
                                    + MetricRoutes.ALL.size() * STATUS_CLASSES.size()
                            : row);
        }

        assertThat(MetricRoutes.ALL.size() * STATUS_CLASSES.size()).isEqualTo(30);
        assertThat(total(changed)).isEqualTo(33).isGreaterThan(FREE_TIER_BUDGET);
    }

    @Test
    void deleted_pets_spends_the_tenth_metric_and_an_eleventh_is_over_the_budget() throws IOException {
        var rows = new ArrayList<>(declared());
        rows.add("DeletedPets,Count,service;environment,1");

        assertThat(total(rows)).isEqualTo(FREE_TIER_BUDGET);

        rows.add("UpdatedPets,Count,service;environment,1");
        assertThat(total(rows)).isGreaterThan(FREE_TIER_BUDGET);
    }

    /** The rows as the lab ships them, whether or not exercise 3 is done in this copy. */
    private static List<String> declared() throws IOException {
        var rows = Files.readAllLines(Path.of("custom-metrics.csv"));
        return rows.subList(1, rows.size()).stream()
                .filter(row -> !row.isBlank() && !row.startsWith("DeletedPets,"))
                .toList();
    }

    private static int total(List<String> rows) {
        return rows.stream()
                .mapToInt(row -> Integer.parseInt(row.split(",")[3]))
                .sum();
    }
}
