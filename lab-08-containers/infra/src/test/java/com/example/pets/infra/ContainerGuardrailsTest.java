package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedContainer.resources;
import static com.example.pets.infra.SynthesizedContainer.template;
import static com.example.pets.infra.SynthesizedStack.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * What the container stack promises that a one-word change would break unnoticed: each was broken on purpose in a
 * copy (a task port open to the world, a table grant on {@code *}, an alarm that can never fire, a task whose
 * containers ask for more memory than it has) and passed every other test, cdk-nag's checks too, whose suppressions
 * cover the whole stack.
 */
class ContainerGuardrailsTest {

    @Test
    void only_the_load_balancer_reaches_the_tasks_port() {
        // Inline rules belong to the load balancer's group: port 80, from anywhere.
        resources("AWS::EC2::SecurityGroup").values().forEach(group -> {
            var ingress = (List<?>) properties(group).get("SecurityGroupIngress");
            if (ingress != null) {
                ingress.forEach(
                        rule -> assertThat(((Map<?, ?>) rule).get("FromPort")).isEqualTo(80));
            }
        });
        assertThat(resources("AWS::EC2::SecurityGroupIngress").values())
                .singleElement()
                .satisfies(rule -> assertThat(properties(rule))
                        .containsEntry("FromPort", 8080)
                        .containsKey("SourceSecurityGroupId")
                        .doesNotContainKey("CidrIp"));
    }

    @Test
    void the_task_may_reach_its_table_and_metrics_log_group_and_nothing_else_of_either_kind() {
        var statements = resources("AWS::IAM::Policy").values().stream()
                .flatMap(policy ->
                        ((List<?>) ((Map<?, ?>) properties(policy).get("PolicyDocument")).get("Statement")).stream())
                .map(statement -> (Map<?, ?>) statement)
                .toList();

        assertThat(statements)
                .filteredOn(statement -> statement.get("Action").toString().contains("dynamodb:"))
                .isNotEmpty()
                .allSatisfy(statement ->
                        assertThat(statement.get("Resource").toString()).contains("DataTable"));
        assertThat(statements)
                .anySatisfy(statement -> assertThat(statement.get("Action").toString() + statement.get("Resource"))
                        .contains("logs:PutLogEvents", "MetricsLogs"));
        assertThat(statements)
                .filteredOn(statement -> "*".equals(statement.get("Resource")))
                .allSatisfy(statement ->
                        assertThat(statement.get("Action").toString()).doesNotContain("dynamodb", "logs:"));
    }

    @Test
    void each_alarm_fires_on_its_own_threshold_and_stays_quiet_when_scaled_to_zero() {
        // No data (no task, no request) is not an outage: scaled to zero at night, nothing should page.
        template()
                .allResourcesProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                                "EvaluationPeriods", 1,
                                "TreatMissingData", "notBreaching"));
        alarm("FiveXxRatio", 5, "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)");
        alarm("NoHealthyTask", 1, "IF(FILL(requests, 0) > 0 AND FILL(healthy, 0) < 1, 1, 0)");
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "AlarmName", "PetsApiContainer-LatencyP99",
                                "Threshold", 0.5,
                                "ExtendedStatistic", "p99",
                                "MetricName", "TargetResponseTime"));
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of("AlarmName", "PetsApiContainer-Memory", "Statistic", "Maximum"));
    }

    @Test
    void the_containers_fit_in_the_task_and_the_app_runs_as_its_image_user() {
        var task = properties(
                resources("AWS::ECS::TaskDefinition").values().iterator().next());
        var containers = ((List<?>) task.get("ContainerDefinitions"))
                .stream().map(container -> (Map<?, ?>) container).toList();

        assertThat(containers.stream()
                        .mapToInt(container -> ((Number) container.get("Memory")).intValue())
                        .sum())
                .isLessThanOrEqualTo(Integer.parseInt((String) task.get("Memory")));
        // The image's user is not root; a User here would override it.
        assertThat(containers).noneMatch(container -> container.containsKey("User"));
        var app = ContainerStackTest.appContainer();
        assertThat(((Number) app.get("Memory")).intValue()).isEqualTo(768);
        // The table's name (its Ref), not its ARN: the SDK takes either, but the logs and metrics name it.
        assertThat(ContainerStackTest.environment(app).get("TABLE_NAME"))
                .contains("OutputName=PublishOutputRefDataTable");
    }

    @Test
    void everything_carries_the_course_tags_and_leaves_with_the_stack() {
        // Teardown finds what a failed deletion left behind by these tags.
        for (var type : List.of(
                "AWS::ECS::Cluster",
                "AWS::ECS::Service",
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "AWS::EC2::VPC",
                "AWS::Logs::LogGroup",
                "AWS::ECR::Repository")) {
            template()
                    .allResourcesProperties(
                            type,
                            Map.of(
                                    "Tags",
                                    Match.arrayWith(List.of(
                                            Map.of("Key", "course", "Value", PetsStack.COURSE),
                                            Map.of("Key", "lab", "Value", PetsStack.LAB)))));
        }
        template().allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete"));
        template()
                .hasResourceProperties(
                        "AWS::ECR::Repository", Map.of("ImageScanningConfiguration", Map.of("ScanOnPush", true)));
    }

    @Test
    void the_health_check_and_its_grace_period_are_the_ones_the_readme_times() {
        template().hasResourceProperties("AWS::ECS::Service", Map.of("HealthCheckGracePeriodSeconds", 60));
        template()
                .hasResourceProperties(
                        "AWS::ElasticLoadBalancingV2::TargetGroup",
                        Map.of(
                                "HealthCheckIntervalSeconds", 10,
                                "HealthCheckTimeoutSeconds", 5,
                                "HealthyThresholdCount", 2,
                                "UnhealthyThresholdCount", 3));
    }

    @Test
    void scale_to_zero_can_be_switched_off_and_refuses_a_schedule_it_cannot_read() {
        assertThat(ContainerConfig.fromContext(Map.of(ContainerConfig.SCALE_TO_ZERO_KEY, "off")::get)
                        .scaleToZeroAt())
                .isEmpty();
        assertThatThrownBy(() -> ContainerConfig.fromContext(Map.of(ContainerConfig.SCALE_TO_ZERO_KEY, "20:00")::get))
                .hasMessageContaining("must be cron(...), at(...) or off");
    }

    private static void alarm(String name, int threshold, String expression) {
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "AlarmName",
                                "PetsApiContainer-" + name,
                                "Threshold",
                                threshold,
                                "Metrics",
                                Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", expression))))));
    }
}
