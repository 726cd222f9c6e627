package com.example.pets.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * The rows of the dashboard, top to bottom: what the client sees (API Gateway), what the function
 * does (Lambda), what the application counts itself (the custom metrics). The free tier covers 50
 * metrics per dashboard; this one graphs about 20.
 */
final class DashboardWidgets {

    /** One-minute points: a few test requests show up right away. */
    private static final Duration GRAPH_PERIOD = Duration.minutes(1);

    private DashboardWidgets() {}

    static IWidget intro() {
        return TextWidget.Builder.create()
                .markdown("## Pets API, stage `" + PetsApiFacts.ENVIRONMENT + "`\n"
                        + "Requests and latency as API Gateway sees them, then the function, then the metrics"
                        + " the application emits itself (namespace `" + PetsApiFacts.METRICS_NAMESPACE + "`)."
                        + " Saved Logs Insights queries are under `" + SavedQueries.FOLDER + "/`.")
                .width(24)
                .height(2)
                .build();
    }

    static List<IWidget> apiRow(Stage stage) {
        return List.of(
                graph("API requests", List.of(stage.metricCount(options(Stats.SUM, GRAPH_PERIOD)))),
                graph(
                        "API errors",
                        List.of(
                                stage.metricClientError(options(Stats.SUM, GRAPH_PERIOD)),
                                stage.metricServerError(options(Stats.SUM, GRAPH_PERIOD)))),
                graph(
                        "API latency (ms)",
                        List.of(
                                stage.metricLatency(options(Stats.p(50), GRAPH_PERIOD)),
                                stage.metricLatency(options(Stats.p(99), GRAPH_PERIOD)),
                                stage.metricIntegrationLatency(options(Stats.p(99), GRAPH_PERIOD)))));
    }

    static List<IWidget> functionRow(IFunction function) {
        return List.of(
                graph(
                        "Function invocations, errors, throttles",
                        List.of(
                                function.metricInvocations(options(Stats.SUM, GRAPH_PERIOD)),
                                function.metricErrors(options(Stats.SUM, GRAPH_PERIOD)),
                                function.metricThrottles(options(Stats.SUM, GRAPH_PERIOD)))),
                graph(
                        "Function duration (ms)",
                        List.of(
                                function.metricDuration(options(Stats.p(50), GRAPH_PERIOD)),
                                function.metricDuration(options(Stats.p(99), GRAPH_PERIOD)))),
                // Compare with the reserved concurrency: at the cap, Lambda throttles.
                graph(
                        "Function concurrency",
                        List.of(function.metric("ConcurrentExecutions", options(Stats.MAXIMUM, GRAPH_PERIOD)))));
    }

    /** One graph per line of custom-metrics.csv, one line per series that the CSV line allows. */
    static List<IWidget> customMetricsRow(List<CustomMetric> customMetrics, IFunction function) {
        var values = Map.of(
                "service", List.of(PetsApiFacts.SERVICE_NAME),
                "environment", List.of(PetsApiFacts.ENVIRONMENT),
                "function_name", List.of(function.getFunctionName()),
                "route", PetsApiFacts.METRIC_ROUTES);
        var width = customMetrics.isEmpty() ? 24 : Math.max(6, 24 / customMetrics.size());
        return customMetrics.stream()
                .map(metric -> (IWidget) GraphWidget.Builder.create()
                        .title(metric.name() + " by " + String.join(", ", metric.dimensions()))
                        .left(series(metric, values))
                        .width(width)
                        .height(6)
                        .build())
                .toList();
    }

    /** Every combination of the known values of the metric's dimensions. */
    static List<IMetric> series(CustomMetric metric, Map<String, List<String>> values) {
        List<Map<String, String>> combinations = List.of(Map.of());
        for (var dimension : metric.dimensions()) {
            var choices = values.get(dimension);
            if (choices == null) {
                throw new IllegalArgumentException("custom-metrics.csv lists " + metric.name() + " with the dimension '"
                        + dimension + "', but the dashboard knows no values for it. Known: "
                        + values.keySet());
            }
            var next = new ArrayList<Map<String, String>>();
            for (var combination : combinations) {
                for (var choice : choices) {
                    var extended = new LinkedHashMap<>(combination);
                    extended.put(dimension, choice);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        var varying = metric.dimensions().stream()
                .filter(dimension -> values.get(dimension).size() > 1)
                .toList();
        return combinations.stream()
                .map(dimensions -> (IMetric) Metric.Builder.create()
                        .namespace(PetsApiFacts.METRICS_NAMESPACE)
                        .metricName(metric.name())
                        .dimensionsMap(dimensions)
                        .statistic(Stats.SUM)
                        .period(GRAPH_PERIOD)
                        .label(varying.isEmpty() ? metric.name() : label(dimensions, varying))
                        .build())
                .toList();
    }

    private static String label(Map<String, String> dimensions, List<String> varying) {
        return String.join(" ", varying.stream().map(dimensions::get).toList());
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(8)
                .height(6)
                .build();
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }
}
