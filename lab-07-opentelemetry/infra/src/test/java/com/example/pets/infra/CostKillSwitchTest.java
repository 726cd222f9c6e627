package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.properties;
import static com.example.pets.infra.SynthesizedStack.resources;
import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The cost kill switch in the synthesized stack: what triggers it (the day's requests, the month's actual spend),
 * what its function may do (PATCH this one stage, e-mail the alert topic, write its log group), and that {@code -c
 * costKillSwitch=off} leaves none of it. CostKillSwitchFunctionTest runs the function itself.
 */
class CostKillSwitchTest {

    @Test
    void more_than_the_daily_limit_of_requests_in_24_hours_triggers_it_and_emails_the_learner() {
        template()
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.ofEntries(
                                Map.entry("Namespace", "AWS/ApiGateway"),
                                Map.entry("MetricName", "Count"),
                                Map.entry(
                                        "Dimensions",
                                        List.of(
                                                Map.of("Name", "ApiName", "Value", "pets-api"),
                                                Map.of("Name", "Stage", "Value", Map.of("Ref", stageId())))),
                                Map.entry("Statistic", "Sum"),
                                // One period of a day on the default sliding window: the last 24 hours.
                                Map.entry("Period", 86_400),
                                Map.entry("EvaluationPeriods", 1),
                                Map.entry("Threshold", DeployConfig.DEFAULT_DAILY_REQUEST_LIMIT),
                                Map.entry("ComparisonOperator", "GreaterThanThreshold"),
                                Map.entry("TreatMissingData", "notBreaching"),
                                Map.entry(
                                        "AlarmActions",
                                        List.of(Map.of("Ref", triggerId()), Map.of("Ref", alertTopicId()))),
                                // Stopped stays stopped: no OK action switches the API back on.
                                Map.entry("OKActions", Match.absent()),
                                Map.entry(
                                        "AlarmName",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(Map.of("Ref", "AWS::StackName"), "-DailyRequests"))))));
    }

    @Test
    void the_alarms_stay_inside_the_ten_free_ones() {
        template().resourceCountIs("AWS::CloudWatch::Alarm", Monitoring.ALARM_NAMES.size() + 1);
    }

    @Test
    void a_budget_of_its_own_triggers_it_at_100_percent_of_the_actual_spend() {
        var budgets = resources("AWS::Budgets::Budget");
        assertThat(budgets).hasSize(1);
        assertThat(properties(budgets.values().iterator().next()))
                .containsEntry(
                        "Budget",
                        Map.of(
                                "BudgetName",
                                Map.of(
                                        "Fn::Join",
                                        List.of(
                                                "-",
                                                List.of(
                                                        Map.of("Ref", "AWS::StackName"),
                                                        Map.of("Ref", "AWS::Region"),
                                                        "kill-switch-" + CostGuard.addressTag("alerts@example.com")))),
                                "BudgetType",
                                "COST",
                                "TimeUnit",
                                "MONTHLY",
                                "BudgetLimit",
                                Map.of("Amount", 5, "Unit", "USD"),
                                // Credits left out, as in the account's budget: they would hide the spending.
                                "CostTypes",
                                Map.of("IncludeCredit", false)))
                .containsEntry(
                        "NotificationsWithSubscribers",
                        List.of(Map.of(
                                "Notification",
                                Map.of(
                                        "NotificationType", "ACTUAL",
                                        "ComparisonOperator", "GREATER_THAN",
                                        "Threshold", 100,
                                        "ThresholdType", "PERCENTAGE"),
                                "Subscribers",
                                List.of(
                                        Map.of("SubscriptionType", "SNS", "Address", Map.of("Ref", triggerId())),
                                        Map.of("SubscriptionType", "EMAIL", "Address", "alerts@example.com")))));
        // AWS Budgets checks that it may publish when it creates the notification.
        template()
                .hasResource("AWS::Budgets::Budget", Map.of("DependsOn", Match.arrayWith(List.of(triggerPolicyId()))));
    }

    @Test
    void budgets_of_this_account_may_publish_to_the_trigger_topic() {
        // https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
        assertThat(triggerPolicyStatements())
                .contains(Map.of(
                        "Sid",
                        "AllowThisAccountsBudgetsToPublish",
                        "Effect",
                        "Allow",
                        "Principal",
                        Map.of("Service", "budgets.amazonaws.com"),
                        "Action",
                        "sns:Publish",
                        "Resource",
                        Map.of("Ref", triggerId()),
                        "Condition",
                        Map.of(
                                "StringEquals",
                                Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                                "ArnLike",
                                Map.of(
                                        "aws:SourceArn",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(
                                                                "arn:",
                                                                Map.of("Ref", "AWS::Partition"),
                                                                ":budgets::",
                                                                Map.of("Ref", "AWS::AccountId"),
                                                                ":*")))))));
    }

    @Test
    void the_trigger_topic_invokes_the_function() {
        var function = Map.of("Fn::GetAtt", List.of(functionId(), "Arn"));
        template()
                .hasResourceProperties(
                        "AWS::SNS::Subscription",
                        Map.of("Protocol", "lambda", "Endpoint", function, "TopicArn", Map.of("Ref", triggerId())));
        template()
                .hasResourceProperties(
                        "AWS::Lambda::Permission",
                        Map.of(
                                "Action",
                                "lambda:InvokeFunction",
                                "FunctionName",
                                function,
                                "Principal",
                                "sns.amazonaws.com",
                                "SourceArn",
                                Map.of("Ref", triggerId())));
    }

    @Test
    void the_function_may_patch_this_stage_email_the_alert_topic_and_write_its_logs_and_nothing_else() {
        var roleId = ((List<?>) ((Map<?, ?>) functionProperties().get("Role")).get("Fn::GetAtt"))
                .get(0)
                .toString();
        var role = properties(resources("AWS::IAM::Role").get(roleId));

        assertThat(role).doesNotContainKey("ManagedPolicyArns");
        var statements = ((List<?>) role.get("Policies"))
                .stream()
                        .flatMap(policy -> ((List<?>)
                                        ((Map<?, ?>) ((Map<?, ?>) policy).get("PolicyDocument")).get("Statement"))
                                .stream())
                        .map(Object.class::cast)
                        .toList();
        var stageArn = Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                "arn:",
                                Map.of("Ref", "AWS::Partition"),
                                ":apigateway:",
                                Map.of("Ref", "AWS::Region"),
                                "::/restapis/",
                                Map.of("Ref", restApiId()),
                                "/stages/",
                                Map.of("Ref", stageId()))));
        assertThat(statements)
                .containsExactlyInAnyOrder(
                        Map.of("Effect", "Allow", "Action", "apigateway:PATCH", "Resource", stageArn),
                        Map.of("Effect", "Allow", "Action", "sns:Publish", "Resource", Map.of("Ref", alertTopicId())),
                        Map.of(
                                "Effect",
                                "Allow",
                                "Action",
                                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource",
                                Map.of("Fn::GetAtt", List.of(functionLogGroupId(), "Arn"))));
        // Nothing else grants the role anything.
        assertThat(resources("AWS::IAM::Policy").values())
                .allSatisfy(policy ->
                        assertThat(properties(policy).get("Roles").toString()).doesNotContain(roleId));
    }

    @Test
    void the_function_is_the_source_file_on_node_with_the_stage_and_topic_it_needs() {
        assertThat(functionProperties())
                .containsEntry("Runtime", "nodejs24.x")
                .containsEntry("Handler", "index.handler")
                .containsEntry(
                        "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref", functionLogGroupId())))
                .containsEntry(
                        "Environment",
                        Map.of(
                                "Variables",
                                Map.of(
                                        "REST_API_ID",
                                        Map.of("Ref", restApiId()),
                                        "STAGE_NAME",
                                        Map.of("Ref", stageId()),
                                        "ALERT_TOPIC_ARN",
                                        Map.of("Ref", alertTopicId()),
                                        "RATE_LIMIT",
                                        "2",
                                        "BURST_LIMIT",
                                        "10",
                                        "ALARM_NAME",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(Map.of("Ref", "AWS::StackName"), "-DailyRequests"))))));
        template().hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void the_asset_is_the_one_source_file() throws IOException {
        try (Stream<Path> files = Files.list(CostKillSwitch.SOURCE)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("index.mjs");
        }
    }

    @Test
    void the_daily_limit_comes_from_the_context() {
        var config = DeployConfig.fromContext(
                Map.<String, Object>of("alertEmail", "alerts@example.com", "dailyRequestLimit", "2500")::get);

        Template.fromStack(SynthesizedStack.synthesize(config))
                .hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Count", "Threshold", 2500));
    }

    @Test
    void switching_it_off_leaves_none_of_it() {
        var config = DeployConfig.fromContext(
                Map.<String, Object>of("alertEmail", "alerts@example.com", "costKillSwitch", "off")::get);

        var stack = SynthesizedStack.synthesize(config);
        var off = Template.fromStack(stack);

        assertThat(stack.costKillSwitch()).isEmpty();
        off.resourceCountIs("AWS::Budgets::Budget", 0);
        off.resourceCountIs("AWS::SNS::Topic", 1);
        off.resourceCountIs("AWS::Lambda::Function", 1);
        off.resourcePropertiesCountIs("AWS::Lambda::Permission", Map.of("Principal", "sns.amazonaws.com"), 0);
        off.resourceCountIs("AWS::CloudWatch::Alarm", Monitoring.ALARM_NAMES.size());
        assertThat(off.toJSON().toString())
                .doesNotContain("apigateway:PATCH")
                .doesNotContain("DailyRequests")
                .doesNotContain("budgets.amazonaws.com");
    }

    private static Map<String, Object> functionProperties() {
        return properties(resources("AWS::Lambda::Function").get(functionId()));
    }

    private static String functionId() {
        return onlyId("AWS::Lambda::Function", Map.of("Runtime", "nodejs24.x"));
    }

    private static String functionLogGroupId() {
        return ((Map<?, ?>) ((Map<?, ?>) functionProperties().get("LoggingConfig")).get("LogGroup"))
                .get("Ref")
                .toString();
    }

    private static String triggerId() {
        return onlyId("AWS::SNS::Topic", Map.of("DisplayName", "Pets API cost kill switch"));
    }

    private static String alertTopicId() {
        return PetsStackTest.alertTopicId();
    }

    private static String triggerPolicyId() {
        var found = template()
                .findResources(
                        "AWS::SNS::TopicPolicy",
                        Map.of("Properties", Map.of("Topics", List.of(Map.of("Ref", triggerId())))));
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> triggerPolicyStatements() {
        var policy = properties(resources("AWS::SNS::TopicPolicy").get(triggerPolicyId()));
        return (List<Object>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement");
    }

    private static String stageId() {
        return onlyId("AWS::ApiGateway::Stage", Map.of());
    }

    private static String restApiId() {
        return onlyId("AWS::ApiGateway::RestApi", Map.of());
    }

    private static String onlyId(String type, Map<String, Object> properties) {
        var found = template().findResources(type, Map.of("Properties", Match.objectLike(properties)));
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }
}
