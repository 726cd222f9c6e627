package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.properties;
import static com.example.pets.infra.SynthesizedStack.resources;
import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The always-free limits this stack has to stay inside, per account and region: 10 custom metrics, 10 alarm
 * metrics (one per alarm here), 3 dashboards, 25 provisioned read and write capacity units, and no NAT gateway
 * (billed by the hour whether used or not). Logs are free up to 5 GB, so every log group must expire its logs.
 */
class FreeTierTest {

    @Test
    void the_custom_metrics_fit_in_the_ten_free_ones() {
        var series = SynthesizedStack.customMetrics().stream()
                .mapToInt(CustomMetric::series)
                .sum();
        assertThat(series).isPositive().isLessThanOrEqualTo(10);
    }

    @Test
    void the_alarms_read_at_most_the_ten_free_alarm_metrics() {
        // CloudWatch bills an alarm per metric it reads: one over metric math of two metrics counts twice.
        var alarmMetrics = resources("AWS::CloudWatch::Alarm").values().stream()
                .mapToLong(alarm -> properties(alarm).get("Metrics") instanceof List<?> metrics
                        ? metrics.stream()
                                .filter(metric -> ((Map<?, ?>) metric).containsKey("MetricStat"))
                                .count()
                        : 1)
                .sum();
        assertThat(alarmMetrics).isBetween(1L, 10L);
    }

    @Test
    void the_dashboards_fit_in_the_three_free_ones() {
        assertThat(resources("AWS::CloudWatch::Dashboard")).hasSizeBetween(1, 3);
    }

    @Test
    void every_log_group_expires_its_logs() {
        // One per function (the API's, the cost kill switch's) and the API's access log.
        assertThat(resources("AWS::Logs::LogGroup"))
                .hasSize(resources("AWS::Lambda::Function").size() + 1);
        template().allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", Match.anyValue()));
        // Lambda's implicit /aws/lambda/<name> group never expires and survives `cdk destroy`.
        template()
                .allResourcesProperties(
                        "AWS::Lambda::Function",
                        Map.of("LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue()))));
    }

    @Test
    void the_table_stays_inside_the_free_tier() {
        var tables = resources("AWS::DynamoDB::Table").values();
        assertThat(tables)
                .allSatisfy(table -> assertThat(properties(table))
                        .doesNotContainKey("BillingMode")
                        .doesNotContainKey("GlobalSecondaryIndexes"));
        assertThat(tables.stream()
                        .mapToInt(table -> capacity(table, "ReadCapacityUnits"))
                        .sum())
                .isBetween(1, 25);
        assertThat(tables.stream()
                        .mapToInt(table -> capacity(table, "WriteCapacityUnits"))
                        .sum())
                .isBetween(1, 25);
    }

    @Test
    void there_is_no_vpc_and_so_no_nat_gateway() {
        template().resourceCountIs("AWS::EC2::VPC", 0);
        template().resourceCountIs("AWS::EC2::NatGateway", 0);
        template().allResourcesProperties("AWS::Lambda::Function", Map.of("VpcConfig", Match.absent()));
    }

    private static int capacity(Map<String, Object> table, String key) {
        var throughput = (Map<?, ?>) properties(table).get("ProvisionedThroughput");
        return ((Number) throughput.get(key)).intValue();
    }

    @Test
    void every_log_group_is_deleted_with_the_stack() {
        // A retained log group survives cdk destroy and keeps its stored logs (and their bill).
        template()
                .allResources(
                        "AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
    }

    @Test
    void every_log_group_keeps_its_logs_two_weeks() {
        template().allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }
}
