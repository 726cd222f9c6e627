package com.example.pets.observability.metrics;

import java.util.List;

/**
 * One metric name with one dimension set, as the app emits it. CloudWatch bills each distinct combination of name
 * and dimension values as one custom metric, so {@code series} (how many value combinations can occur) is its cost.
 */
public record CustomMetric(String name, String unit, List<String> dimensions, int series) {

    /** Every custom metric the app can create; {@code custom-metrics.csv} documents the same list. */
    public static final List<CustomMetric> ALL = List.of(
            new CustomMetric(Metrics.COLD_START, "Count", List.of("service", "function_name"), 1),
            new CustomMetric(Metrics.CREATED_PETS, "Count", List.of("service", "environment"), 1),
            new CustomMetric(Metrics.UNHANDLED_EXCEPTIONS, "Count", List.of("service", "environment"), 1),
            new CustomMetric(
                    Metrics.REQUEST_COUNT,
                    "Count",
                    List.of("service", "environment", "route"),
                    MetricRoutes.ALL.size()));

    /** The CloudWatch always-free tier: 10 custom metrics. */
    public static final int FREE_TIER_BUDGET = 10;

    public static int totalSeries() {
        return ALL.stream().mapToInt(CustomMetric::series).sum();
    }
}
