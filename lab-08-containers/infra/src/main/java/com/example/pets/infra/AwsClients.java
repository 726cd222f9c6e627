package com.example.pets.infra;

import java.util.function.Consumer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.freetier.FreeTierClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * The AWS SDK clients of the preflight and teardown commands. In use they take the credentials and the region the
 * AWS CLI would ({@code AWS_PROFILE}, such as the {@code course} profile of lab-05's ACCOUNT.md, and
 * {@code AWS_REGION}); the tests point them at a local stub instead.
 *
 * @param region the region the stacks go to
 * @param setup applied to every client builder before it builds (the tests set the endpoint here)
 */
record AwsClients(Region region, Consumer<AwsClientBuilder<?, ?>> setup) {

    /** The learner's region and credentials, found the way the AWS CLI finds them. */
    static AwsClients fromEnvironment() {
        return new AwsClients(new DefaultAwsRegionProviderChain().getRegion(), builder -> {});
    }

    StsClient sts() {
        return build(StsClient.builder(), region);
    }

    LambdaClient lambda() {
        return build(LambdaClient.builder(), region);
    }

    CloudFormationClient cloudFormation() {
        return build(CloudFormationClient.builder(), region);
    }

    ApiGatewayClient apiGateway() {
        return build(ApiGatewayClient.builder(), region);
    }

    CloudWatchLogsClient logs() {
        return build(CloudWatchLogsClient.builder(), region);
    }

    ResourceGroupsTaggingApiClient tagging() {
        return build(ResourceGroupsTaggingApiClient.builder(), region);
    }

    S3Client s3() {
        return build(S3Client.builder(), region);
    }

    EcrClient ecr() {
        return build(EcrClient.builder(), region);
    }

    /** IAM is global: one endpoint for the partition, whatever the region. */
    IamClient iam() {
        return build(IamClient.builder(), Region.AWS_GLOBAL);
    }

    /** Where X-Ray stores spans is a setting of the account in each region. */
    XRayClient xray() {
        return build(XRayClient.builder(), region);
    }

    /** Budgets is a global service, served from us-east-1 whatever region the stacks use. */
    BudgetsClient budgets() {
        return build(BudgetsClient.builder(), Region.US_EAST_1);
    }

    /** The Free Tier API is global too, served from us-east-1. */
    FreeTierClient freeTier() {
        return build(FreeTierClient.builder(), Region.US_EAST_1);
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(B builder, Region clientRegion) {
        builder.region(clientRegion);
        setup.accept(builder);
        return builder.build();
    }
}
