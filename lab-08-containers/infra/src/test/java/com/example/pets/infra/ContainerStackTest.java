package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedContainer.resources;
import static com.example.pets.infra.SynthesizedContainer.template;
import static com.example.pets.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The PetsApiContainer stack's template: what keeps it cheap, safe to deploy, and observable. */
class ContainerStackTest {

    @Test
    void the_network_has_public_subnets_only_and_no_nat_gateway() {
        template().resourceCountIs("AWS::EC2::NatGateway", 0);
        template().resourceCountIs("AWS::EC2::EIP", 0);
        assertThat(resources("AWS::EC2::Subnet"))
                .hasSize(2)
                .allSatisfy((id, subnet) -> assertThat(properties(subnet)).containsEntry("MapPublicIpOnLaunch", true));
        template()
                .hasResourceProperties(
                        "AWS::ECS::Service",
                        Map.of(
                                "LaunchType",
                                "FARGATE",
                                "NetworkConfiguration",
                                Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "ENABLED")))));
    }

    @Test
    void container_insights_is_off_whatever_the_accounts_default() {
        // Its metrics are billed like custom metrics; a cluster that does not say follows the account's setting.
        template()
                .hasResourceProperties(
                        "AWS::ECS::Cluster",
                        Map.of("ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "disabled"))));
    }

    @Test
    void one_arm64_task_of_half_a_vcpu_and_one_gigabyte() {
        template()
                .hasResourceProperties(
                        "AWS::ECS::TaskDefinition",
                        Map.of(
                                "Cpu",
                                "512",
                                "Memory",
                                "1024",
                                "RequiresCompatibilities",
                                List.of("FARGATE"),
                                "RuntimePlatform",
                                Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX")));
        template().hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 1));
    }

    @Test
    void the_image_is_the_repositorys_by_the_digest_the_image_digest_parameter_names() {
        assertThat(appContainer().get("Image").toString()).contains("{Ref=Images2D38C313}, @, {Ref=ImageDigest}");
        template()
                .hasParameter(
                        "ImageDigest",
                        Map.of(
                                "Type",
                                "String",
                                "AllowedPattern",
                                "sha256:[0-9a-f]{64}",
                                "Default",
                                SynthesizedContainer.DIGEST));
        template()
                .hasResourceProperties(
                        "AWS::ECR::Repository",
                        Map.of(
                                "RepositoryName",
                                "pets-api",
                                "ImageTagMutability",
                                "IMMUTABLE",
                                "EmptyOnDelete",
                                true,
                                "LifecyclePolicy",
                                Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*\"countNumber\":10.*"))));
        template().hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void cpu_target_tracking_scales_between_one_and_three_tasks() {
        template()
                .hasResourceProperties(
                        "AWS::ApplicationAutoScaling::ScalableTarget",
                        Map.of("MinCapacity", 1, "MaxCapacity", 3, "ScalableDimension", "ecs:service:DesiredCount"));
        template()
                .hasResourceProperties(
                        "AWS::ApplicationAutoScaling::ScalingPolicy",
                        Map.of(
                                "PolicyType",
                                "TargetTrackingScaling",
                                "TargetTrackingScalingPolicyConfiguration",
                                Match.objectLike(Map.of(
                                        "TargetValue",
                                        60,
                                        "PredefinedMetricSpecification",
                                        Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
    }

    @Test
    void the_service_scales_to_zero_every_evening_by_default() {
        template()
                .hasResourceProperties(
                        "AWS::ApplicationAutoScaling::ScalableTarget",
                        Map.of(
                                "ScheduledActions",
                                List.of(Map.of(
                                        "ScheduledActionName",
                                        Match.stringLikeRegexp(".*ScaleToZero.*"),
                                        "Schedule",
                                        "cron(0 20 * * ? *)",
                                        "Timezone",
                                        "UTC",
                                        "ScalableTargetAction",
                                        Map.of("MinCapacity", 0, "MaxCapacity", 0)))));
    }

    @Test
    void the_evening_is_the_learners_when_they_name_their_time_zone() {
        var config = ContainerConfig.fromContext(Map.of(
                ContainerConfig.IMAGE_DIGEST_KEY,
                SynthesizedContainer.DIGEST,
                ContainerConfig.TIME_ZONE_KEY,
                "America/Los_Angeles")::get);
        var app = SynthesizedStack.newApp();
        var api = CdkApp.define(
                app, SynthesizedStack.CONFIG, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics());
        Template.fromStack(CdkApp.defineContainer(app, api, config))
                .hasResourceProperties(
                        "AWS::ApplicationAutoScaling::ScalableTarget",
                        Map.of(
                                "ScheduledActions",
                                List.of(Map.of("Schedule", "cron(0 20 * * ? *)", "Timezone", "America/Los_Angeles"))));
        for (var notIana : List.of("Pacific Time", "SystemV/PST8")) {
            assertThatThrownBy(() -> ContainerConfig.fromContext(Map.of(ContainerConfig.TIME_ZONE_KEY, notIana)::get))
                    .hasMessageContaining("must be a time zone's IANA name");
        }
    }

    @Test
    void a_failed_deployment_rolls_back() {
        template()
                .hasResourceProperties(
                        "AWS::ECS::Service",
                        Map.of(
                                "DeploymentConfiguration",
                                Match.objectLike(Map.of(
                                        "DeploymentCircuitBreaker",
                                        Map.of("Enable", true, "Rollback", true),
                                        "MinimumHealthyPercent",
                                        100))));
    }

    @Test
    void the_load_balancer_checks_health_and_drains_within_the_apps_shutdown_timeout() {
        template()
                .hasResourceProperties(
                        "AWS::ElasticLoadBalancingV2::TargetGroup",
                        Map.of(
                                "HealthCheckPath",
                                "/health",
                                "Matcher",
                                Map.of("HttpCode", "200"),
                                "TargetGroupAttributes",
                                Match.arrayWith(List.of(
                                        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "20")))));
        template()
                .hasResourceProperties(
                        "AWS::ECS::Service",
                        Map.of("LoadBalancers", List.of(Match.objectLike(Map.of("ContainerPort", 8080)))));
        var app = appContainer();
        assertThat(app).containsEntry("StopTimeout", 25);
        assertThat(environment(app)).containsEntry("SHUTDOWN_TIMEOUT_SECONDS", "20");
        // SIGKILL comes after the drain and before ECS's default 30 s would have.
        assertThat(ContainerStack.STOP_TIMEOUT_SECONDS)
                .isGreaterThan(ContainerStack.SHUTDOWN_TIMEOUT_SECONDS)
                .isLessThan(30);
    }

    @Test
    void the_memory_alarm_fires_before_the_app_containers_limit_stops_it() {
        var alarms = resources("AWS::CloudWatch::Alarm").values().stream()
                .map(SynthesizedStack::properties)
                .filter(alarm -> "MemoryUtilization".equals(alarm.get("MetricName")))
                .toList();
        assertThat(alarms)
                .singleElement()
                .satisfies(alarm -> assertThat(((Number) alarm.get("Threshold")).doubleValue())
                        .isEqualTo(ContainerMonitoring.MEMORY_ALARM_PERCENT)
                        // ECS's figure is of the whole task; the app container is killed at its own share of it.
                        .isLessThan(100.0 * ContainerStack.APP_MEMORY_MIB / ContainerStack.TASK_MEMORY_MIB));
    }

    @Test
    void the_load_balancer_closes_idle_connections_before_jetty_does() {
        template()
                .hasResourceProperties(
                        "AWS::ElasticLoadBalancingV2::LoadBalancer",
                        Map.of(
                                "LoadBalancerAttributes",
                                Match.arrayWith(
                                        List.of(Map.of("Key", "idle_timeout.timeout_seconds", "Value", "25")))));
        assertThat(ContainerStack.LOAD_BALANCER_IDLE_SECONDS).isLessThan(30); // Jetty's idle timeout
    }

    @Test
    void the_load_balancer_answers_the_internal_pages_404_with_a_problem_and_forwards_the_rest() {
        var rules = resources("AWS::ElasticLoadBalancingV2::ListenerRule");
        assertThat(rules.values()).singleElement().satisfies(rule -> {
            var properties = properties(rule);
            // Prefixes: /metrics/ is the same page to the app.
            assertThat(properties.get("Conditions").toString()).contains("/metrics*", "/ready*");
            assertThat(properties.get("Actions").toString())
                    .contains("fixed-response", "StatusCode=404", "\"status\":404", "\"title\":\"Not Found\"");
        });
    }

    @Test
    void the_app_gets_its_table_port_and_the_collectors_endpoint() {
        assertThat(environment(appContainer()))
                .containsKeys("TABLE_NAME")
                .containsEntry("PORT", "8080")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "pets-api")
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
    }

    @Test
    void the_collector_runs_beside_the_app_with_the_shipped_configuration() throws Exception {
        var collector = container("collector");
        assertThat(collector)
                .containsEntry("Image", ContainerStack.COLLECTOR_IMAGE)
                .containsEntry("Essential", false);
        assertThat(environment(collector))
                .containsEntry(
                        "AOT_CONFIG_CONTENT", Files.readString(Path.of("src/main/resources/collector/config.yaml")));
        assertThat(appContainer().get("DependsOn"))
                .isEqualTo(List.of(Map.of("ContainerName", "collector", "Condition", "START")));
    }

    @Test
    void the_task_role_may_use_the_table_and_send_telemetry_and_nothing_else() {
        assertThat(actionsOf(roleId("TaskRole")))
                .containsExactlyInAnyOrder(
                        "dynamodb:DeleteItem",
                        "dynamodb:DescribeTable",
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:Scan",
                        "dynamodb:UpdateItem",
                        "xray:PutTelemetryRecords",
                        "xray:PutTraceSegments",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents");
    }

    @Test
    void the_execution_role_may_pull_the_image_and_write_logs_and_nothing_else() {
        assertThat(new TreeSet<>(actionsOf(roleId("TaskExecutionRole"))))
                .containsExactly(
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetAuthorizationToken",
                        "ecr:GetDownloadUrlForLayer",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents");
    }

    @Test
    void no_policy_of_the_stack_grants_a_wildcard_action() {
        resources("AWS::IAM::Policy")
                .values()
                .forEach(policy -> assertThat(actions(policy))
                        .allSatisfy(action -> assertThat(action).doesNotContain("*")));
    }

    @Test
    void every_log_group_keeps_two_weeks() {
        assertThat(resources("AWS::Logs::LogGroup")).hasSize(3);
        template().allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
        template()
                .hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", ContainerStack.METRICS_LOG_GROUP));
        assertThat(appContainer().get("LogConfiguration").toString()).contains("awslogs");
        // No Lambda function either, such as the custom resource that restricts the VPC's default security group:
        // Lambda would make its log group itself, never expiring, and it would outlive `cdk destroy`.
        assertThat(resources("AWS::Lambda::Function")).isEmpty();
    }

    @Test
    void the_alarms_of_both_stacks_read_13_alarm_metrics_3_beyond_the_ten_free_ones() {
        // CloudWatch's free tier and price count alarm metrics: an alarm on metric math counts each metric it reads.
        var alarmMetrics = alarmMetrics(resources("AWS::CloudWatch::Alarm"))
                + alarmMetrics(SynthesizedContainer.apiTemplate().findResources("AWS::CloudWatch::Alarm"));
        // Target tracking creates a high and a low alarm per policy, outside the template, one metric each.
        var targetTracking =
                2 * resources("AWS::ApplicationAutoScaling::ScalingPolicy").size();
        assertThat(resources("AWS::CloudWatch::Alarm")).hasSize(4);
        assertThat(alarmMetrics + targetTracking).as("COSTS.md counts 13").isEqualTo(13);
        template().allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", Match.anyValue()));
        template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    private static long alarmMetrics(Map<String, Map<String, Object>> alarms) {
        return alarms.values().stream()
                .mapToLong(alarm -> {
                    var queries = (List<?>) properties(alarm).get("Metrics");
                    return queries == null
                            ? 1
                            : queries.stream()
                                    .filter(query -> ((Map<?, ?>) query).containsKey("MetricStat"))
                                    .count();
                })
                .sum();
    }

    @Test
    void the_stack_passes_the_aws_solutions_checks() {
        var annotations = Annotations.fromStack(SynthesizedContainer.stack());
        var finding = Match.stringLikeRegexp("AwsSolutions-.*");
        assertThat(annotations.findError("*", finding)).isEmpty();
        assertThat(annotations.findWarning("*", finding)).isEmpty();
    }

    @Test
    void the_outputs_name_the_url_the_image_and_the_repository() {
        assertThat(template().findOutputs("*").keySet())
                .contains("ServiceUrl", "ImageDigest", "RepositoryUri", "AppLogGroup");
        template().hasOutput("ImageDigest", Map.of("Value", Map.of("Ref", "ImageDigest")));
    }

    /** What the deploy workflow synthesizes without credentials, before it has pushed the image. */
    @Test
    void with_container_service_the_stack_holds_the_service_and_a_digest_parameter_the_deploy_must_give() {
        var app = SynthesizedStack.newApp();
        app.getNode().setContext(ContainerConfig.CONTAINER_KEY, "service");
        var api = CdkApp.define(
                app, SynthesizedStack.CONFIG, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics());
        var stack = CdkApp.assembleContainer(app, api).orElseThrow();
        var service = Template.fromStack(stack);

        service.resourceCountIs("AWS::ECS::Service", 1);
        assertThat(service.findParameters("ImageDigest", Map.of()).get("ImageDigest"))
                .containsEntry("AllowedPattern", "sha256:[0-9a-f]{64}")
                .doesNotContainKey("Default");
        service.hasOutput("ImageDigest", Map.of("Value", Map.of("Ref", "ImageDigest")));
        assertThat(ContainerConfig.fromContext(Map.of(ContainerConfig.CONTAINER_KEY, "service")::get))
                .isEqualTo(new ContainerConfig(
                        true, true, Optional.empty(), Optional.of(ContainerConfig.DEFAULT_SCALE_TO_ZERO_AT), "UTC"));
        assertThat(ContainerConfig.fromContext(
                                Map.of(ContainerConfig.IMAGE_DIGEST_KEY, SynthesizedContainer.DIGEST)::get)
                        .service())
                .isTrue();
        assertThatThrownBy(() -> ContainerConfig.fromContext(Map.of(ContainerConfig.CONTAINER_KEY, "yes")::get))
                .hasMessageContaining("must be true, false or service");
    }

    @Test
    void without_a_digest_the_stack_holds_the_repository_only_and_without_context_there_is_no_stack() {
        var app = SynthesizedStack.newApp();
        var api = CdkApp.define(
                app, SynthesizedStack.CONFIG, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics());
        var repositoryOnly = Template.fromStack(CdkApp.defineContainer(
                app, api, new ContainerConfig(true, false, Optional.empty(), Optional.empty(), "UTC")));
        repositoryOnly.resourceCountIs("AWS::ECR::Repository", 1);
        repositoryOnly.resourceCountIs("AWS::ECS::Service", 0);
        repositoryOnly.resourceCountIs("AWS::EC2::VPC", 0);
        assertThat(repositoryOnly.findParameters("ImageDigest", Map.of())).isEmpty();

        var plain = new App();
        assertThat(ContainerConfig.fromContext(key -> plain.getNode().tryGetContext(key)))
                .isEqualTo(new ContainerConfig(
                        false, false, Optional.empty(), Optional.of(ContainerConfig.DEFAULT_SCALE_TO_ZERO_AT), "UTC"));
    }

    static Map<String, Object> container(String name) {
        var definitions = (List<?>) properties(resources("AWS::ECS::TaskDefinition")
                        .values()
                        .iterator()
                        .next())
                .get("ContainerDefinitions");
        @SuppressWarnings("unchecked")
        var found = definitions.stream()
                .map(definition -> (Map<String, Object>) definition)
                .filter(definition -> name.equals(definition.get("Name")))
                .findFirst()
                .orElseThrow();
        return found;
    }

    static Map<String, Object> appContainer() {
        return container("pets-api");
    }

    static Map<String, String> environment(Map<String, Object> container) {
        var variables = new java.util.HashMap<String, String>();
        ((List<?>) container.get("Environment"))
                .forEach(variable -> variables.put(
                        (String) ((Map<?, ?>) variable).get("Name"),
                        String.valueOf(((Map<?, ?>) variable).get("Value"))));
        return variables;
    }

    private static String roleId(String prefix) {
        return resources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.matches("(Task|Service)?" + prefix + "[0-9A-F]{8}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no role " + prefix + " in "
                        + resources("AWS::IAM::Role").keySet()));
    }

    /** Every action the policies attached to the role allow. */
    private static List<String> actionsOf(String roleId) {
        var actions = new ArrayList<String>();
        resources("AWS::IAM::Policy").values().stream()
                .filter(policy -> properties(policy).get("Roles").toString().contains(roleId))
                .forEach(policy -> actions.addAll(actions(policy)));
        return actions;
    }

    private static List<String> actions(Map<String, Object> policy) {
        var document = (Map<?, ?>) properties(policy).get("PolicyDocument");
        var actions = new ArrayList<String>();
        ((List<?>) document.get("Statement")).forEach(statement -> {
            var action = ((Map<?, ?>) statement).get("Action");
            if (action instanceof Collection<?> many) {
                many.forEach(one -> actions.add(one.toString()));
            } else {
                actions.add(action.toString());
            }
        });
        return actions;
    }
}
