package com.example.pets.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.PetsApp;
import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalInvoke;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.observability.Observability;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.support.EmfDocuments;
import com.example.pets.support.StdoutCapture;
import com.example.pets.support.TestDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Custom metrics cost money: each distinct metric name and dimension values is one CloudWatch metric, and the free
 * tier has 10. This keeps what the app can emit, what custom-metrics.csv documents (lab-05 reads it) and the
 * budget in agreement.
 */
class MetricBudgetTest {

    @Test
    void the_custom_metrics_fit_in_the_free_tier() {
        assertThat(CustomMetric.totalSeries()).isLessThanOrEqualTo(CustomMetric.FREE_TIER_BUDGET);
    }

    @Test
    void custom_metrics_csv_documents_exactly_the_metrics_the_app_declares() throws IOException {
        var documented = Files.readAllLines(Path.of("custom-metrics.csv")).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> line.split(","))
                .map(cols -> new CustomMetric(cols[0], cols[1], List.of(cols[2].split(";")), Integer.parseInt(cols[3])))
                .toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(CustomMetric.ALL);
    }

    @Test
    void every_metric_the_app_emits_on_every_route_is_declared_and_within_its_series() throws IOException {
        var repository = TestDynamoDb.newRepository();
        repository.create(LocalInvoke.samplePet());
        var handler = new StreamLambdaHandler(PetsApp.create(
                repository,
                Clock.systemUTC(),
                new Observability(ObservabilitySettings.from(Map.of("ENVIRONMENT", "prod")))));

        List<JsonNode> documents;
        try (var stdout = StdoutCapture.start();
                Stream<Path> events = Files.list(Path.of("events"))) {
            for (var event : events.sorted().toList()) {
                try (var input = Files.newInputStream(event)) {
                    handler.handleRequest(input, new ByteArrayOutputStream(), new LocalLambdaContext());
                }
            }
            documents = EmfDocuments.in(stdout);
        }

        Map<String, Set<String>> seriesByMetric = new HashMap<>();
        for (var document : documents) {
            for (var directive : document.path("_aws").path("CloudWatchMetrics")) {
                for (var dimensionSet : directive.path("Dimensions")) {
                    var keys = new ArrayList<String>();
                    dimensionSet.forEach(key -> keys.add(key.asText()));
                    var values = keys.stream()
                            .map(key -> document.path(key).asText())
                            .toList();
                    for (var metric : directive.path("Metrics")) {
                        var name = metric.path("Name").asText();
                        assertThat(CustomMetric.ALL)
                                .as(name + " by " + keys + " is declared")
                                .anyMatch(declared -> declared.name().equals(name)
                                        && declared.dimensions().equals(keys));
                        seriesByMetric
                                .computeIfAbsent(name, n -> new HashSet<>())
                                .add(values.toString());
                    }
                }
            }
        }
        assertThat(seriesByMetric.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        CustomMetric.ALL.stream().map(CustomMetric::name).toList());
        seriesByMetric.forEach((name, series) -> assertThat(series.size())
                .as(name + " series")
                .isLessThanOrEqualTo(CustomMetric.ALL.stream()
                        .filter(m -> m.name().equals(name))
                        .mapToInt(CustomMetric::series)
                        .sum()));
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
}
