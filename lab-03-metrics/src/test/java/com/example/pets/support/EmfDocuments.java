package com.example.pets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads CloudWatch Embedded Metric Format documents back from stdout and checks them against the specification:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class EmfDocuments {

    /** The units the specification allows. */
    private static final Set<String> UNITS =
            Set.of(("Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes"
                            + " Terabytes Bits Kilobits Megabits Gigabits Terabits Percent Count Bytes/Second Kilobytes/Second"
                            + " Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second Megabits/Second"
                            + " Gigabits/Second Terabits/Second Count/Second None")
                    .split(" "));

    private EmfDocuments() {}

    /** Every EMF document on stdout, each checked to be valid. */
    public static List<JsonNode> in(StdoutCapture stdout) {
        var documents = new ArrayList<JsonNode>();
        for (var line : stdout.jsonLines()) {
            if (line.has("_aws")) {
                assertValid(line);
                documents.add(line);
            }
        }
        return documents;
    }

    /** The documents that carry a metric with this name. */
    public static List<JsonNode> withMetric(StdoutCapture stdout, String metric) {
        return in(stdout).stream()
                .filter(doc -> metricNames(doc).contains(metric))
                .toList();
    }

    /** The document's first metric directive: its namespace, metrics and dimension sets. */
    public static JsonNode directive(JsonNode document) {
        return document.path("_aws").path("CloudWatchMetrics").get(0);
    }

    public static List<String> metricNames(JsonNode document) {
        var names = new ArrayList<String>();
        document.path("_aws").path("CloudWatchMetrics").forEach(directive -> directive
                .path("Metrics")
                .forEach(metric -> names.add(metric.path("Name").asText())));
        return names;
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
                assertThat(metric.path("Unit").asText())
                        .as(name + " has a unit")
                        .isIn(UNITS);
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
