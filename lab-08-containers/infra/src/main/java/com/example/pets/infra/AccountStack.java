package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * What belongs to the account rather than to one deployment of the API, in a stack of its own that is
 * deployed first and removed last: {@code cdk deploy PetsApi} deploys it before the API (the API stack
 * depends on it), and {@code cdk destroy PetsApi} leaves it in place.
 *
 * <ul>
 *   <li>The monthly budget ({@link CostGuard}): watching before the first resource costs anything, and still
 *       watching after the API is gone.
 *   <li>API Gateway's logging role. API Gateway writes access logs with one role per account and region
 *       ({@code AWS::ApiGateway::Account}); the setting outlives the stack that sets it, so the role lives here,
 *       where destroying and redeploying the API never leaves the setting naming a deleted role.
 *       https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 *       Deleting the stack leaves the setting naming the deleted role
 *       (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-account.html):
 *       the {@value #PREVIOUS_LOGGING_ROLE_PARAMETER} parameter records the role the account had before, which the
 *       preflight names, so that the teardown puts it back (or clears the setting when there was none).
 *   <li>With {@code -c transactionSearch=true}, CloudWatch Transaction Search ({@link TransactionSearch}): where X-Ray
 *       stores spans is a setting of the account and region, like the logging role, so it stays when the API is
 *       destroyed and redeployed. The {@value #TRANSACTION_SEARCH_OUTPUT} output records that this stack switched it
 *       on: the teardown switches it back only then, and the preflight tells it from a setting made elsewhere.
 * </ul>
 */
public class AccountStack extends Stack {

    /** @param config the alert e-mail, owner and monthly budget */
    public record Props(DeployConfig config) {

        public Props {
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * The parameter that records the logging role API Gateway had in this region before this stack set its own; empty
     * when it had none. {@code cdk deploy} keeps a parameter's value on later deploys unless it is given again.
     */
    static final String PREVIOUS_LOGGING_ROLE_PARAMETER = "PreviousLoggingRoleArn";

    /** The construct id of the logging role; CloudFormation names the role {@code PetsApiAccount-ApiGatewayLogging...}. */
    static final String LOGGING_ROLE_ID = "ApiGatewayLogging";

    /** The output that says this stack switched the account and region to Transaction Search. */
    static final String TRANSACTION_SEARCH_OUTPUT = "TransactionSearch";

    private final Role loggingRole;
    private final TransactionSearch transactionSearch;

    public AccountStack(Construct scope, String id, Props props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .description("Pets API account set-up: the monthly budget and API Gateway's logging role ("
                                + PetsStack.COURSE + ", " + PetsStack.LAB + ")")
                        .build());
        Tags.of(this).add("course", PetsStack.COURSE);
        Tags.of(this).add("lab", PetsStack.LAB);
        Tags.of(this).add("owner", props.config().owner());

        new CostGuard(
                this,
                "CostGuard",
                CostGuard.Props.builder()
                        .monthlyBudgetUsd(props.config().monthlyBudgetUsd())
                        .email(props.config().alertEmail())
                        .tags(List.of(
                                new CostGuard.Tag("course", PetsStack.COURSE),
                                new CostGuard.Tag("lab", PetsStack.LAB),
                                new CostGuard.Tag("owner", props.config().owner())))
                        .build());

        var previousRole = CfnParameter.Builder.create(this, PREVIOUS_LOGGING_ROLE_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("^(arn:aws[a-z-]*:iam::[0-9]{12}:role/\\S+)?$")
                .constraintDescription("the ARN of an IAM role, or empty")
                .description("The logging role API Gateway had in this region before this stack set its own (the"
                        + " preflight names it); the teardown puts it back. Empty: it had none.")
                .build();
        var hadRole = CfnCondition.Builder.create(this, "HadLoggingRole")
                .expression(Fn.conditionNot(Fn.conditionEquals(previousRole.getValueAsString(), "")))
                .build();
        CfnOutput.Builder.create(this, "PreviousLoggingRole")
                .description("The logging role the teardown puts back in API Gateway's account setting (none: it"
                        + " clears the setting)")
                .value(Fn.conditionIf(hadRole.getLogicalId(), previousRole.getValueAsString(), "none")
                        .toString())
                .build();

        loggingRole = Role.Builder.create(this, LOGGING_ROLE_ID)
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway writes access logs to CloudWatch Logs with this role (account-wide setting)")
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(loggingRole.getRoleArn())
                .build();
        NagSuppressions.addResourceSuppressions(
                loggingRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .appliesTo(
                                List.of(
                                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"))
                        .reason("AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for the API Gateway"
                                + " logging role; it only allows writing logs.")
                        .build()),
                true);

        if (props.config().transactionSearch()) {
            transactionSearch = new TransactionSearch(this, "SpanDestination");
            CfnOutput.Builder.create(this, TRANSACTION_SEARCH_OUTPUT)
                    .description("Set by this stack: X-Ray stores spans in CloudWatch Logs (aws/spans); the teardown"
                            + " switches the destination back to X-Ray and deletes the span log groups X-Ray made")
                    .value("CloudWatchLogs, " + TransactionSearch.INDEXING_PERCENTAGE + "% indexed")
                    .build();
        } else {
            transactionSearch = null;
        }
    }

    public Role loggingRole() {
        return loggingRole;
    }

    /** Transaction Search, when this deployment switches it on. */
    public Optional<TransactionSearch> transactionSearch() {
        return Optional.ofNullable(transactionSearch);
    }

    /** Whether an ARN names the logging role of this stack, deployed under its usual name. */
    static boolean isLoggingRole(String roleArn) {
        return roleArn != null && roleArn.contains(":role/" + CdkApp.ACCOUNT_STACK_NAME + "-" + LOGGING_ROLE_ID);
    }
}
