package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CloudWatch Transaction Search: off unless {@code -c transactionSearch=true}, then in the account stack. */
class TransactionSearchTest {

    private static PetsStack withFlag;

    private static synchronized PetsStack withFlag() {
        if (withFlag == null) {
            withFlag = SynthesizedStack.synthesize(DeployConfig.fromContext(Map.<String, Object>of(
                    "alertEmail", "alerts@example.com", "owner", "learner", "transactionSearch", "true")::get));
        }
        return withFlag;
    }

    private static Stack accountStack(PetsStack api) {
        return (Stack) api.getNode().getScope().getNode().findChild(CdkApp.ACCOUNT_STACK_NAME);
    }

    @Test
    void by_default_no_stack_touches_the_account_wide_setting() {
        assertThat(SynthesizedStack.CONFIG.transactionSearch()).isFalse();
        for (var template :
                List.of(SynthesizedStack.template(), Template.fromStack(accountStack(SynthesizedStack.stack())))) {
            template.resourceCountIs("AWS::XRay::TransactionSearchConfig", 0);
            template.resourceCountIs("AWS::Logs::ResourcePolicy", 0);
            assertThat(template.findOutputs(AccountStack.TRANSACTION_SEARCH_OUTPUT))
                    .isEmpty();
        }
    }

    @Test
    void with_the_flag_the_account_stack_holds_both_documented_resources_and_says_so() {
        var account = Template.fromStack(accountStack(withFlag()));

        account.resourceCountIs("AWS::XRay::TransactionSearchConfig", 1);
        account.hasResourceProperties("AWS::XRay::TransactionSearchConfig", Map.of("IndexingPercentage", 1));
        account.resourceCountIs("AWS::Logs::ResourcePolicy", 1);
        var policyId = account.findResources("AWS::Logs::ResourcePolicy")
                .keySet()
                .iterator()
                .next();
        // X-Ray may only write spans once the policy lets it.
        account.hasResource(
                "AWS::XRay::TransactionSearchConfig", Map.of("DependsOn", Match.arrayWith(List.of(policyId))));
        assertThat(account.findOutputs(AccountStack.TRANSACTION_SEARCH_OUTPUT)).hasSize(1);

        // Not in the API stack: `cdk destroy PetsApi` leaves the account's setting alone.
        var api = Template.fromStack(withFlag());
        api.resourceCountIs("AWS::XRay::TransactionSearchConfig", 0);
        api.resourceCountIs("AWS::Logs::ResourcePolicy", 0);
    }

    @Test
    void the_logs_policy_lets_only_xray_for_this_account_write_to_the_span_log_groups() throws Exception {
        var account = Template.fromStack(accountStack(withFlag()));
        var policy = account.findResources("AWS::Logs::ResourcePolicy")
                .values()
                .iterator()
                .next();
        var properties = (Map<?, ?>) policy.get("Properties");
        var document =
                new ObjectMapper().readValue(CollectorLayerTest.render(properties.get("PolicyDocument")), Map.class);

        // The policy of
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search-Cloudformation.html
        assertThat(document)
                .isEqualTo(Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of(
                                "Sid",
                                "TransactionSearchXRayAccess",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("Service", "xray.amazonaws.com"),
                                "Action",
                                "logs:PutLogEvents",
                                "Resource",
                                List.of(
                                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:aws/spans:*",
                                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                                                + "/aws/application-signals/data:*"),
                                "Condition",
                                Map.of(
                                        "ArnLike",
                                        Map.of(
                                                "aws:SourceArn",
                                                "arn:${AWS::Partition}:xray:${AWS::Region}:${AWS::AccountId}:*"),
                                        "StringEquals",
                                        Map.of("aws:SourceAccount", "${AWS::AccountId}"))))));
        assertThat(properties.get("PolicyName")).isEqualTo("PetsApiAccount-TransactionSearch");
    }

    @Test
    void transaction_search_grants_no_role_anything() {
        var without = Template.fromStack(accountStack(SynthesizedStack.stack()));
        var with = Template.fromStack(accountStack(withFlag()));

        for (var type : List.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            assertThat(with.findResources(type)).as(type).isEqualTo(without.findResources(type));
        }
        // And the function's permissions do not change either.
        assertThat(Template.fromStack(withFlag()).findResources("AWS::IAM::Policy"))
                .isEqualTo(SynthesizedStack.template().findResources("AWS::IAM::Policy"));
    }

    @Test
    void with_the_flag_both_stacks_still_pass_the_aws_solutions_checks() {
        var finding = Match.stringLikeRegexp("AwsSolutions-.*");
        for (var stack : List.of(withFlag(), accountStack(withFlag()))) {
            var annotations = Annotations.fromStack(stack);
            assertThat(annotations.findError("*", finding)).isEmpty();
            assertThat(annotations.findWarning("*", finding)).isEmpty();
        }
    }
}
