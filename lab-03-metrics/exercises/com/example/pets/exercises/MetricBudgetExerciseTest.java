package com.example.pets.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.observability.metrics.CustomMetric;
import com.example.pets.observability.metrics.MetricRoutes;
import com.example.pets.observability.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exercises 2 and 3 of lab-03 (SOLUTIONS.md), applied to a copy of {@link CustomMetric#ALL}: what the budget test
 * would say about each change.
 */
class MetricBudgetExerciseTest {

    private static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

    private static int total(List<CustomMetric> metrics) {
        return metrics.stream().mapToInt(CustomMetric::series).sum();
    }

    @Test
    void status_class_as_a_dimension_of_request_count_makes_33_custom_metrics_over_the_budget() {
        var changed = new ArrayList<CustomMetric>();
        for (CustomMetric metric : CustomMetric.ALL) {
            changed.add(
                    metric.name().equals(Metrics.REQUEST_COUNT)
                            ? new CustomMetric(
                                    metric.name(),
                                    metric.unit(),
                                    List.of("service", "environment", "route", "status_class"),
                                    MetricRoutes.ALL.size() * STATUS_CLASSES.size())
                            : metric);
        }

        assertThat(MetricRoutes.ALL.size() * STATUS_CLASSES.size()).isEqualTo(30);
        assertThat(total(changed)).isEqualTo(33).isGreaterThan(CustomMetric.FREE_TIER_BUDGET);
    }

    @Test
    void deleted_pets_spends_the_tenth_metric_and_an_eleventh_is_over_the_budget() {
        var withDeletedPets = new ArrayList<>(CustomMetric.ALL);
        withDeletedPets.add(new CustomMetric("DeletedPets", "Count", List.of("service", "environment"), 1));

        assertThat(total(withDeletedPets)).isEqualTo(CustomMetric.FREE_TIER_BUDGET);

        withDeletedPets.add(new CustomMetric("UpdatedPets", "Count", List.of("service", "environment"), 1));
        assertThat(total(withDeletedPets)).isGreaterThan(CustomMetric.FREE_TIER_BUDGET);
    }
}
