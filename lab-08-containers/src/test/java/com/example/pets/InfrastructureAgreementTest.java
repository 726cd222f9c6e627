package com.example.pets;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.local.LocalLambdaContext;
import com.example.pets.local.apigateway.RestApiSettings;
import com.example.pets.observability.ObservabilitySettings;
import com.example.pets.observability.metrics.MetricRoutes;
import com.example.pets.observability.tracing.Tracing;
import com.example.pets.storage.DynamoDbClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDK app (infra/) is a separate project that must name this one's handler, namespace and metric routes. It
 * keeps them in PetsApiFacts.java; this reads that file so a rename on either side fails the build.
 */
class InfrastructureAgreementTest {

    private static String facts;

    @BeforeAll
    static void readFacts() throws IOException {
        facts = Files.readString(Path.of("infra/src/main/java/com/example/pets/infra/PetsApiFacts.java"));
    }

    @Test
    void the_function_handler_is_this_apps_entry_point() {
        assertThat(constant("HANDLER")).isEqualTo(StreamLambdaHandler.class.getName() + "::handleRequest");
    }

    @Test
    void service_and_namespace_are_the_apps_defaults() {
        var defaults = ObservabilitySettings.from(Map.of());
        assertThat(constant("SERVICE_NAME")).isEqualTo(defaults.service());
        assertThat(constant("METRICS_NAMESPACE")).isEqualTo(defaults.namespace());
    }

    @Test
    void the_dashboard_graphs_the_route_values_the_app_emits() {
        var list =
                Pattern.compile("METRIC_ROUTES\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(facts);
        assertThat(list.find()).isTrue();
        List<String> routes = Arrays.stream(list.group(1).split(","))
                .map(value -> value.strip().replaceAll("^\"|\"$", ""))
                .toList();
        assertThat(routes).containsExactlyElementsOf(MetricRoutes.ALL);
    }

    @Test
    void dynamodb_gives_up_well_inside_the_function_timeout_the_stack_sets() throws IOException {
        var function = Files.readString(Path.of("infra/src/main/java/com/example/pets/infra/PetsFunction.java"));
        var timeout = Pattern.compile("\\.timeout\\(Duration\\.seconds\\((\\d+)\\)\\)")
                .matcher(function);
        assertThat(timeout.find())
                .as("the function timeout in PetsFunction.java")
                .isTrue();

        var functionTimeout = Duration.ofSeconds(Long.parseLong(timeout.group(1)));
        assertThat(DynamoDbClients.LAMBDA.call().multipliedBy(2)).isLessThanOrEqualTo(functionTimeout);
    }

    @Test
    void on_lambda_the_spans_go_where_the_app_sends_them_on_a_laptop_the_collectors_receiver() {
        assertThat(constant("OTLP_ENDPOINT")).isEqualTo(Tracing.DEFAULT_OTLP_ENDPOINT);
    }

    @Test
    void the_local_api_gateway_serves_the_api_as_the_stack_configures_it() {
        var local = RestApiSettings.PETS_API;
        assertThat(constant("ENVIRONMENT")).as("the stage").isEqualTo(local.stage());
        assertThat(number("MINIMUM_COMPRESSION_SIZE")).isEqualTo(local.minimumCompressionSize());
        assertThat(number("THROTTLING_BURST_LIMIT")).isEqualTo(local.throttlingBurstLimit());
        assertThat(number("THROTTLING_RATE_LIMIT")).isEqualTo(local.throttlingRateLimit());
        var binary = Pattern.compile("BINARY_MEDIA_TYPES\\s*=\\s*List\\.of\\(([^)]*)\\)")
                .matcher(facts);
        assertThat(binary.find()).as("BINARY_MEDIA_TYPES in PetsApiFacts.java").isTrue();
        assertThat(Arrays.stream(binary.group(1).split(","))
                        .map(value -> value.strip().replaceAll("^\"|\"$", ""))
                        .filter(value -> !value.isEmpty())
                        .toList())
                .isEqualTo(local.binaryMediaTypes());
    }

    @Test
    void the_local_lambda_context_has_the_memory_and_timeout_the_stack_gives_the_function() throws IOException {
        var function = Files.readString(Path.of("infra/src/main/java/com/example/pets/infra/PetsFunction.java"));
        var memory = Pattern.compile("\\.memorySize\\((\\d+)\\)").matcher(function);
        var timeout = Pattern.compile("\\.timeout\\(Duration\\.seconds\\((\\d+)\\)\\)")
                .matcher(function);
        assertThat(memory.find() && timeout.find())
                .as("memory size and timeout in PetsFunction.java")
                .isTrue();

        assertThat(Integer.parseInt(memory.group(1))).isEqualTo(LocalLambdaContext.MEMORY_MB);
        assertThat(Duration.ofSeconds(Long.parseLong(timeout.group(1)))).isEqualTo(LocalLambdaContext.TIMEOUT);
    }

    private static int number(String name) {
        var matcher = Pattern.compile(name + "\\s*=\\s*(\\d+);").matcher(facts);
        assertThat(matcher.find()).as(name + " in PetsApiFacts.java").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String constant(String name) {
        var matcher = Pattern.compile(name + "\\s*=\\s*\"([^\"]*)\"").matcher(facts);
        assertThat(matcher.find()).as(name + " in PetsApiFacts.java").isTrue();
        return matcher.group(1);
    }
}
