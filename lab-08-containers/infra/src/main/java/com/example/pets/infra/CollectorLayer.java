package com.example.pets.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/**
 * The AWS Distro for OpenTelemetry (ADOT) collector, as the Lambda layer AWS publishes from account 901920570463 in
 * each region. It runs as a Lambda extension next to the function; its default configuration receives OTLP on
 * {@code localhost:4317} (gRPC) and {@code localhost:4318} (HTTP) and sends traces to X-Ray with the {@code awsxray}
 * exporter (PutTraceSegments), which needs no more than the permissions Lambda's active tracing grants. The app's
 * exporter already sends to {@code 127.0.0.1:4318}, so the app needs no change.
 *
 * <ul>
 *   <li>Default configuration: https://github.com/aws-observability/aws-otel-lambda/blob/main/adot/collector/config.yaml
 *   <li>Layer name and ARN format ({@code arn:aws:lambda:<region>:901920570463:layer:aws-otel-collector-<amd64|arm64>
 *       -ver-0-156-0:1}, ADOT Collector for Lambda v0.49.0 on OpenTelemetry Collector v0.156.0, released 2026-08-25
 *       to fix 34 CVEs of the releases before it, published as version 1 in all sixteen regions):
 *       https://github.com/aws-observability/aws-otel-lambda/blob/main/CHANGELOG.md and the layer ARNs of that
 *       release in the repository's dotnet/sample-apps/aws-sdk/deploy/wrapper/layer_arm64.tf (pull request 1147);
 *       the collector layer is the one https://aws-otel.github.io/docs/getting-started/lambda/lambda-dotnet describes.
 *   <li>Regions: the release workflow publishes to the sixteen regions of {@link #PUBLISHED_REGIONS}
 *       (.github/workflows/release.yml of the same repository); every region the course supports is one of them.
 * </ul>
 *
 * A layer version is immutable, so pinning name and version pins the collector; updating it is a change here (and a
 * new function version, since the layer is part of what CDK hashes for the version).
 */
final class CollectorLayer {

    /** The AWS account that publishes the ADOT Lambda layers. */
    static final String PUBLISHER_ACCOUNT = "901920570463";

    /** The layer name's version part: aws-otel-collector-ARCH-ver-0-156-0 holds ADOT Collector for Lambda v0.49.0. */
    static final String COLLECTOR_VERSION = "0-156-0";

    /** The published version of that layer. */
    static final int LAYER_VERSION = 1;

    /** Where the layer is published (and so where a function can use it): layers are regional. */
    static final List<String> PUBLISHED_REGIONS = List.of(
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "ap-south-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-northeast-1",
            "ca-central-1",
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-north-1",
            "sa-east-1");

    private CollectorLayer() {}

    /** The layer for a function of this architecture, in the region of the stack that holds {@code scope}. */
    static ILayerVersion forFunction(Construct scope, String id, Architecture architecture) {
        var stack = Stack.of(scope);
        return LayerVersion.fromLayerVersionArn(scope, id, arn(stack.getPartition(), stack.getRegion(), architecture));
    }

    /** The layer's ARN; partition and region may be CloudFormation tokens, as in a stack without a fixed region. */
    static String arn(String partition, String region, Architecture architecture) {
        return "arn:" + partition + ":lambda:" + region + ":" + PUBLISHER_ACCOUNT + ":layer:" + name(architecture) + ":"
                + LAYER_VERSION;
    }

    /** ADOT names its builds amd64 and arm64; Lambda calls them x86_64 and arm64. */
    static String name(Architecture architecture) {
        var build = switch (architecture.getName()) {
            case "arm64" -> "arm64";
            case "x86_64" -> "amd64";
            default ->
                throw new IllegalArgumentException("ADOT publishes no collector layer for " + architecture.getName());
        };
        return "aws-otel-collector-" + build + "-ver-" + COLLECTOR_VERSION;
    }
}
