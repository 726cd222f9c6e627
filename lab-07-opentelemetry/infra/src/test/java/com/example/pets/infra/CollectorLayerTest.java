package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.properties;
import static com.example.pets.infra.SynthesizedStack.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Architecture;

/**
 * The deployed path of the app's spans: the ADOT collector layer next to the function, the OTLP endpoint the app sends
 * to, and the permissions the collector sends to X-Ray with.
 */
class CollectorLayerTest {

    static final String ARM64_LAYER = "aws-otel-collector-arm64-ver-0-156-0";

    @Test
    void the_function_runs_the_collector_layer_of_its_architecture_from_the_stacks_region() {
        var function = properties(petsFunction());

        assertThat(function.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat((List<?>) function.get("Layers"))
                .singleElement()
                .extracting(CollectorLayerTest::render)
                .isEqualTo("arn:${AWS::Partition}:lambda:${AWS::Region}:901920570463:layer:" + ARM64_LAYER + ":1");
    }

    @Test
    void in_a_stack_deployed_to_a_given_region_the_layer_comes_from_that_region() {
        var app = SynthesizedStack.newApp();
        var stack = new Stack(
                app,
                "Pinned",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("ap-southeast-2")
                                .build())
                        .build());
        var table = Table.Builder.create(stack, "Table")
                .partitionKey(Attribute.builder()
                        .name("id")
                        .type(AttributeType.STRING)
                        .build())
                .build();
        new PetsFunction(
                stack,
                "Compute",
                PetsFunction.Props.builder()
                        .code(SynthesizedStack.placeholderCode())
                        .table(table)
                        .build());

        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Map.of(
                                "Layers",
                                List.of("arn:aws:lambda:ap-southeast-2:901920570463:layer:" + ARM64_LAYER + ":1")));
    }

    @Test
    void every_region_the_course_deploys_to_has_the_collector_layer() {
        assertThat(Regions.supported())
                .isNotEmpty()
                .allSatisfy(region -> assertThat(CollectorLayer.PUBLISHED_REGIONS)
                        .as("ADOT publishes its collector layer in %s", region)
                        .contains(region));
        assertThat(CollectorLayer.arn("aws", "eu-west-1", Architecture.ARM_64))
                .isEqualTo("arn:aws:lambda:eu-west-1:901920570463:layer:" + ARM64_LAYER + ":1");
    }

    @Test
    void an_x86_function_would_get_the_amd64_build() {
        assertThat(CollectorLayer.name(Architecture.X86_64)).isEqualTo("aws-otel-collector-amd64-ver-0-156-0");
        assertThat(CollectorLayer.name(Architecture.ARM_64)).isEqualTo(ARM64_LAYER);
    }

    @Test
    void the_app_sends_its_spans_to_the_collectors_otlp_http_receiver() {
        @SuppressWarnings("unchecked")
        var variables =
                (Map<String, Object>) ((Map<?, ?>) properties(petsFunction()).get("Environment")).get("Variables");

        // The collector's default configuration receives OTLP/HTTP on localhost:4318; the app appends /v1/traces.
        assertThat(variables).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
    }

    @Test
    void lambda_active_tracing_stays_on() {
        assertThat(properties(petsFunction()).get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
    }

    @Test
    void the_collector_sends_with_the_permissions_active_tracing_already_grants_and_nothing_broader() {
        var statements = new ArrayList<Map<?, ?>>();
        resources("AWS::IAM::Policy").values().forEach(policy -> statements.addAll(statements(properties(policy))));
        resources("AWS::IAM::Role").values().forEach(role -> {
            var inline = (List<?>) properties(role).getOrDefault("Policies", List.of());
            inline.forEach(policy -> statements.addAll(statements((Map<?, ?>) policy)));
        });
        var actions = statements.stream().flatMap(s -> actions(s).stream()).toList();

        // What CDK adds for Tracing.ACTIVE, and what the awsxray exporter calls: no xray:*, no other X-Ray action.
        assertThat(actions.stream().filter(a -> a.startsWith("xray:")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords");
        assertThat(actions).noneMatch(action -> action.contains("*"));
        // No managed policy (such as AWSXRayDaemonWriteAccess) on any role of the stack.
        assertThat(resources("AWS::IAM::Role").values())
                .allSatisfy(role -> assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
    }

    /** The Pets function; the stack's other function, the cost kill switch, runs no collector. */
    private static Map<String, Object> petsFunction() {
        var found = resources("AWS::Lambda::Function").values().stream()
                .filter(function ->
                        PetsApiFacts.HANDLER.equals(properties(function).get("Handler")))
                .toList();
        assertThat(found).as("the Pets function").hasSize(1);
        return found.get(0);
    }

    private static List<Map<?, ?>> statements(Map<?, ?> policy) {
        @SuppressWarnings("unchecked")
        var statements = (List<Map<?, ?>>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement");
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static List<String> actions(Map<?, ?> statement) {
        var action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    /** A CloudFormation string value as text: Fn::Join flattened, each Ref written as ${Name}. */
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        var map = (Map<?, ?>) value;
        if (map.containsKey("Ref")) {
            return "${" + map.get("Ref") + "}";
        }
        var join = (List<?>) map.get("Fn::Join");
        if (join == null) {
            throw new IllegalArgumentException("Not a string value: " + value);
        }
        return ((List<?>) join.get(1))
                .stream().map(CollectorLayerTest::render).collect(Collectors.joining((String) join.get(0)));
    }
}
