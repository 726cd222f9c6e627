package com.example.pets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads CloudWatch Embedded Metric Format documents back from stdout and checks them against the specification:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * (units are checked against custom-metrics.csv, by {@code MetricBudgetTest}).
 */
public final class EmfDocuments {

    private EmfDocuments() {}

    /** Every EMF document among these lines of output, each checked to be valid. */
    public static List<JsonNode> in(List<String> lines) {
        var documents = lines.stream()
                .flatMap(line -> LambdaJsonLogFormat.object(line).stream())
                .filter(line -> line.has("_aws"))
                .toList();
        documents.forEach(EmfDocuments::assertValid);
        return documents;
    }

    /** The documents that carry a metric with this name. */
    public static List<JsonNode> withMetric(StdoutCapture stdout, String metric) {
        return in(stdout.lines()).stream()
                .filter(doc -> doc.path("_aws").findValuesAsText("Name").contains(metric))
                .toList();
    }

    /** The document's first metric directive: its namespace, metrics and dimension sets. */
    public static JsonNode directive(JsonNode document) {
        return document.path("_aws").path("CloudWatchMetrics").get(0);
    }

    public static void assertValid(JsonNode document) {
        var aws = document.path("_aws");
        var timestamp = aws.path("Timestamp");
        assertThat(timestamp.isIntegralNumber()).as("Timestamp is an integer").isTrue();
        var millis = Instant.ofEpochMilli(timestamp.asLong());
        assertThat(Duration.between(millis, Instant.now()).abs())
                .as("Timestamp is in milliseconds since the epoch")
                .isLessThan(Duration.ofDays(1));

        var directives = aws.path("CloudWatchMetrics");
        assertThat(directives.isArray() && !directives.isEmpty()).isTrue();
        directives.forEach(directive -> {
            assertThat(directive.path("Namespace").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
            var metrics = directive.path("Metrics");
            assertThat(metrics.size()).isBetween(1, 100);
            metrics.forEach(metric -> {
                var name = metric.path("Name").asText();
                assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(1024);
                assertThat(document.path(name).isNumber())
                        .as(name + " has a numeric value")
                        .isTrue();
                if (metric.has("StorageResolution")) {
                    assertThat(metric.path("StorageResolution").asInt()).isIn(1, 60);
                }
            });
            directive.path("Dimensions").forEach(set -> {
                assertThat(set.size()).as("at most 30 dimensions per set").isBetween(1, 30);
                set.forEach(key -> assertThat(document.path(key.asText()).isTextual())
                        .as("dimension " + key.asText() + " is a top-level string member")
                        .isTrue());
            });
        });
    }
}
