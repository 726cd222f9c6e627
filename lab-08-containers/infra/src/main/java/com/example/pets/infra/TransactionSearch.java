package com.example.pets.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.xray.CfnTransactionSearchConfig;
import software.constructs.Construct;

/**
 * CloudWatch Transaction Search for the account and region, with {@code -c transactionSearch=true}: X-Ray then stores
 * every span it receives (PutTraceSegments, as the collector sends them, or its OTLP endpoint) as a structured log
 * event in the {@code aws/spans} log group, where Transaction Search queries them, and indexes a percentage of them as
 * trace summaries for the X-Ray trace views. 1% is indexed at no charge; the spans themselves are billed as CloudWatch
 * span ingestion (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Enable-TransactionSearch.html,
 * https://aws.amazon.com/cloudwatch/pricing/).
 *
 * <p>The two resources AWS documents for CloudFormation
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search-Cloudformation.html):
 * a CloudWatch Logs resource policy that lets X-Ray write to {@code aws/spans} and {@code /aws/application-signals/data}
 * in this account, and the {@code AWS::XRay::TransactionSearchConfig} that switches the destination. The same page
 * says Transaction Search must be off before CloudFormation enables it: the preflight checks that, and the teardown
 * switches the destination back to X-Ray when this construct had switched it.
 *
 * <p>Neither resource is a log group: X-Ray makes {@code aws/spans} (and {@code /aws/application-signals/data}) when
 * the destination becomes CloudWatch Logs (the permissions the Enable-TransactionSearch page lists include
 * {@code logs:CreateLogGroup} on both), so deleting the stack leaves them and the spans in them. The teardown deletes
 * those made after the account stack.
 */
final class TransactionSearch extends Construct {

    /** The free share of spans indexed as trace summaries. */
    static final int INDEXING_PERCENTAGE = 1;

    /** The log groups X-Ray makes and writes to once the destination is CloudWatch Logs. */
    static final List<String> LOG_GROUPS = List.of("aws/spans", "/aws/application-signals/data");

    private final ResourcePolicy logsAccess;
    private final CfnTransactionSearchConfig config;

    TransactionSearch(Construct scope, String id) {
        super(scope, id);
        var stack = Stack.of(this);
        var partition = stack.getPartition();
        var region = stack.getRegion();
        var account = stack.getAccount();

        logsAccess = ResourcePolicy.Builder.create(this, "LogsAccess")
                // One policy name per account and region: the stack name keeps it apart from policies made elsewhere.
                .resourcePolicyName(stack.getStackName() + "-TransactionSearch")
                .policyStatements(List.of(PolicyStatement.Builder.create()
                        .sid("TransactionSearchXRayAccess")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new ServicePrincipal("xray.amazonaws.com")))
                        .actions(List.of("logs:PutLogEvents"))
                        .resources(LOG_GROUPS.stream()
                                .map(group -> "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:"
                                        + group + ":*")
                                .toList())
                        // Only X-Ray acting for this account may write there (the confused-deputy guard of the docs).
                        .conditions(Map.of(
                                "ArnLike",
                                Map.of("aws:SourceArn", "arn:" + partition + ":xray:" + region + ":" + account + ":*"),
                                "StringEquals",
                                Map.of("aws:SourceAccount", account)))
                        .build()))
                .build();

        config = CfnTransactionSearchConfig.Builder.create(this, "Config")
                .indexingPercentage(INDEXING_PERCENTAGE)
                .build();
        // X-Ray must be allowed to write the spans before they are sent there.
        config.getNode().addDependency(logsAccess);
    }

    ResourcePolicy logsAccess() {
        return logsAccess;
    }

    CfnTransactionSearchConfig config() {
        return config;
    }
}
