package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ADOT collector's configuration (src/main/resources/collector/config.yaml), read as the collector reads it: traces
 * to X-Ray, and a fixed number of custom metrics to CloudWatch, whatever the traffic.
 */
class CollectorConfigTest {

    private static JsonNode config;

    @BeforeAll
    static void read() throws Exception {
        config = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("src/main/resources/collector/config.yaml").toFile());
    }

    @Test
    void traces_go_from_the_apps_otlp_endpoint_to_x_ray() {
        var traces = config.path("service").path("pipelines").path("traces");
        assertThat(texts(traces.path("receivers"))).containsExactly("otlp");
        assertThat(texts(traces.path("exporters"))).containsExactly("awsxray");
        // The endpoint the task definition gives the app (OTEL_EXPORTER_OTLP_ENDPOINT).
        assertThat(config.path("receivers")
                        .path("otlp")
                        .path("protocols")
                        .path("http")
                        .path("endpoint")
                        .asText())
                .isEqualTo("127.0.0.1:4318");
    }

    @Test
    void metrics_are_scraped_from_the_apps_metrics_page() {
        var job = config.path("receivers")
                .path("prometheus")
                .path("config")
                .path("scrape_configs")
                .get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(texts(job.path("static_configs").get(0).path("targets")))
                .containsExactly("127.0.0.1:" + ContainerStack.PORT);
        var metrics = config.path("service").path("pipelines").path("metrics");
        assertThat(texts(metrics.path("processors"))).startsWith("filter/metrics");
        assertThat(texts(metrics.path("exporters"))).containsExactly("awsemf");
    }

    @Test
    void exactly_three_metrics_named_in_full_reach_cloudwatch_without_dimensions() {
        var filter =
                config.path("processors").path("filter/metrics").path("metrics").path("include");
        assertThat(filter.path("match_type").asText()).isEqualTo("strict");
        var names = texts(filter.path("metric_names"));
        assertThat(names).containsExactlyElementsOf(ContainerMonitoring.COLLECTOR_METRICS);

        var emf = config.path("exporters").path("awsemf");
        assertThat(emf.path("namespace").asText()).isEqualTo(ContainerMonitoring.COLLECTOR_NAMESPACE);
        assertThat(emf.path("log_group_name").asText()).isEqualTo(ContainerStack.METRICS_LOG_GROUP);
        assertThat(emf.path("dimension_rollup_option").asText()).isEqualTo("NoDimensionRollup");
        var selectors = new ArrayList<String>();
        emf.path("metric_declarations").forEach(declaration -> {
            // One dimension set, the empty one: one series per metric, however many tasks, routes or statuses.
            assertThat(declaration.path("dimensions").toString()).isEqualTo("[[]]");
            assertThat(declaration.has("label_matchers")).isFalse();
            selectors.addAll(texts(declaration.path("metric_name_selectors")));
        });
        // Selectors are regular expressions to the exporter: each one anchored, a name and nothing else.
        assertThat(selectors).allSatisfy(selector -> assertThat(selector).matches("\\^[a-z_]+\\$"));
        assertThat(selectors.stream().map(selector -> selector.substring(1, selector.length() - 1)))
                .containsExactlyElementsOf(names);
    }

    @Test
    void with_the_lambda_stacks_metrics_two_are_beyond_the_ten_free_ones() {
        var lambda = SynthesizedStack.customMetrics().stream()
                .mapToInt(CustomMetric::series)
                .sum();
        assertThat(lambda).isEqualTo(9);
        // COSTS.md: 2 x 0.30 USD a month, prorated by the hour, while the container stack runs.
        assertThat(lambda + ContainerMonitoring.COLLECTOR_METRICS.size()).isEqualTo(12);
        assertThat(config.toString()).doesNotContain("*");
    }

    private static List<String> texts(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
