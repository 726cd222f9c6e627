package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class AccountStackTest {

    private static Template template() {
        return Template.fromStack(accountStack());
    }

    private static AccountStack accountStack() {
        return (AccountStack)
                SynthesizedStack.stack().getNode().getScope().getNode().findChild(CdkApp.ACCOUNT_STACK_NAME);
    }

    @Test
    void the_api_stack_comes_after_the_account_stack_so_the_budget_is_there_first() {
        assertThat(SynthesizedStack.stack().getDependencies()).containsExactly(accountStack());
        assertThat(accountStack().getDependencies()).isEmpty();
        assertThat(accountStack().getStackName()).isEqualTo("PetsApiAccount");
    }

    @Test
    void the_budget_counts_what_credits_pay_for_and_emails_before_the_money_is_spent() {
        template().resourceCountIs("AWS::Budgets::Budget", 1);
        template()
                .hasResourceProperties(
                        "AWS::Budgets::Budget",
                        Map.of(
                                "Budget",
                                Match.objectLike(Map.of(
                                        "BudgetType",
                                        "COST",
                                        "TimeUnit",
                                        "MONTHLY",
                                        "BudgetLimit",
                                        Map.of("Amount", 5, "Unit", "USD"),
                                        // IncludeCredit defaults to true: credits would hide the spending.
                                        "CostTypes",
                                        Map.of("IncludeCredit", false))),
                                "NotificationsWithSubscribers",
                                Match.arrayWith(List.of(Map.of(
                                        "Notification",
                                        Map.of(
                                                "NotificationType", "FORECASTED",
                                                "ComparisonOperator", "GREATER_THAN",
                                                "Threshold", 100,
                                                "ThresholdType", "PERCENTAGE"),
                                        "Subscribers",
                                        List.of(Map.of(
                                                "SubscriptionType", "EMAIL", "Address", "alerts@example.com")))))));
    }

    @Test
    void the_budget_and_the_role_carry_the_course_tags() {
        var tags = Match.arrayWith(List.of(
                Map.of("Key", "course", "Value", PetsStack.COURSE),
                Map.of("Key", "lab", "Value", PetsStack.LAB),
                Map.of("Key", "owner", "Value", "learner")));
        template().allResourcesProperties("AWS::Budgets::Budget", Map.of("ResourceTags", tags));
        template().allResourcesProperties("AWS::IAM::Role", Map.of("Tags", tags));
    }

    @Test
    void api_gateway_logs_with_a_role_that_stays_when_the_api_is_destroyed() {
        template().resourceCountIs("AWS::ApiGateway::Account", 1);
        template()
                .hasResourceProperties(
                        "AWS::IAM::Role",
                        Map.of(
                                "AssumeRolePolicyDocument",
                                Match.objectLike(Map.of(
                                        "Statement",
                                        List.of(Match.objectLike(
                                                Map.of("Principal", Map.of("Service", "apigateway.amazonaws.com")))))),
                                "ManagedPolicyArns",
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "Fn::Join",
                                                        Match.arrayWith(
                                                                List.of(
                                                                        Match.arrayWith(
                                                                                List.of(
                                                                                        ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")))))))));
        template().resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void the_logging_role_the_account_had_before_is_recorded_for_the_teardown() {
        template()
                .hasParameter(
                        AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER,
                        Map.of("Type", "String", "Default", "", "AllowedPattern", Match.anyValue()));
        var pattern = Pattern.compile(template()
                .findParameters(AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER)
                .get(AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER)
                .get("AllowedPattern")
                .toString());
        assertThat(pattern.matcher("").matches()).isTrue();
        assertThat(pattern.matcher("arn:aws:iam::123456789012:role/team-apigw-logs")
                        .matches())
                .isTrue();
        assertThat(pattern.matcher("team-apigw-logs").matches()).isFalse();
        // Shown by cdk deploy, so the learner sees what the teardown will put back.
        template()
                .hasOutput(
                        "PreviousLoggingRole",
                        Map.of(
                                "Value",
                                Map.of(
                                        "Fn::If",
                                        List.of(
                                                "HadLoggingRole",
                                                Map.of("Ref", AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER),
                                                "none"))));
        // The teardown tells the course's role from any other by its name.
        assertThat(AccountStack.isLoggingRole(
                        "arn:aws:iam::123456789012:role/PetsApiAccount-ApiGatewayLogging1A2B3C4D-5E6F"))
                .isTrue();
        assertThat(AccountStack.isLoggingRole("arn:aws:iam::123456789012:role/team-apigw-logs"))
                .isFalse();
    }

    @Test
    void the_stack_passes_the_aws_solutions_checks() {
        var annotations = Annotations.fromStack(accountStack());
        var finding = Match.stringLikeRegexp("AwsSolutions-.*");
        assertThat(annotations.findError("*", finding)).isEmpty();
        assertThat(annotations.findWarning("*", finding)).isEmpty();
    }

    @Test
    void the_budget_emails_at_80_percent_of_the_actual_spend() {
        // The forecast alert stays silent on a new account: this one is the first to speak.
        template()
                .hasResourceProperties(
                        "AWS::Budgets::Budget",
                        Map.of(
                                "NotificationsWithSubscribers",
                                Match.arrayWith(List.of(Map.of(
                                        "Notification",
                                        Map.of(
                                                "NotificationType", "ACTUAL",
                                                "ComparisonOperator", "GREATER_THAN",
                                                "Threshold", 80,
                                                "ThresholdType", "PERCENTAGE"),
                                        "Subscribers",
                                        List.of(Map.of(
                                                "SubscriptionType", "EMAIL", "Address", "alerts@example.com")))))));
    }

    @Test
    void the_budget_amount_comes_from_the_context() {
        var config = DeployConfig.fromContext(
                Map.<String, Object>of("alertEmail", "alerts@example.com", "monthlyBudgetUsd", "1")::get);
        var app = SynthesizedStack.synthesize(config).getNode().getScope();

        Template.fromStack((AccountStack) app.getNode().findChild(CdkApp.ACCOUNT_STACK_NAME))
                .hasResourceProperties(
                        "AWS::Budgets::Budget",
                        Map.of("Budget", Match.objectLike(Map.of("BudgetLimit", Map.of("Amount", 1, "Unit", "USD")))));
    }
}
