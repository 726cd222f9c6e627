package com.example.pets.observability.metrics;

import java.util.List;

/**
 * The values of the {@code route} dimension. Every distinct value is a separate CloudWatch metric, billed as one,
 * so the set is fixed here: the five Pets operations by name, everything else (docs, {@code /}, {@code /fail},
 * unknown paths) as {@code other}. A raw path never becomes a dimension value: {@code /pets/123} would make one
 * metric per pet.
 */
public final class MetricRoutes {

    public static final String OTHER = "other";

    public static final List<String> ALL =
            List.of("GET /pets", "POST /pets", "GET /pets/{id}", "PATCH /pets/{id}", "DELETE /pets/{id}", OTHER);

    private MetricRoutes() {}

    /** The dimension value for a request, from its method and route template (never its path). */
    public static String of(String method, String routeTemplate) {
        var candidate = method + " " + routeTemplate;
        return ALL.contains(candidate) ? candidate : OTHER;
    }
}
