package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingSchedule;
import software.amazon.awscdk.services.applicationautoscaling.Schedule;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The Pets API as a container on ECS Fargate behind an Application Load Balancer: {@code PetsApiContainer}, in the
 * app only with {@code -c container=true} (the image repository), {@code -c imageDigest=sha256:...} or
 * {@code -c container=service} (the service too). The image is the CloudFormation parameter {@code ImageDigest}
 * (default: the {@code imageDigest} context value), so one synthesized template deploys any pushed image. It uses the table and the alert topic of {@code PetsApi}; the Lambda path does not change.
 *
 * <p>What keeps it cheap: public subnets only and no NAT gateway (the task has a public IP to pull its images and
 * reach AWS APIs), one ARM64 task of 0.5 vCPU and 1 GB, at most three, and none after {@code scaleToZeroAt}.
 */
public class ContainerStack extends Stack {

    public record Props(ContainerConfig container, String owner, ITable table, ITopic alertTopic) {}

    static final String STACK_NAME = CdkApp.CONTAINER_STACK_NAME;

    static final String REPOSITORY_NAME = "pets-api";

    /** The parameter that names the image, and the output that says which one runs (the workflow's rollback target). */
    static final String IMAGE_DIGEST = "ImageDigest";

    /** 0.5 vCPU and 1 GB: see infra/README.md, "The container on Fargate", for why. */
    static final int TASK_CPU = 512;

    static final int TASK_MEMORY_MIB = 1024;
    static final int APP_MEMORY_MIB = 768;
    static final int COLLECTOR_MEMORY_MIB = 256;
    static final int MIN_TASKS = 1;
    static final int MAX_TASKS = 3;
    static final int CPU_TARGET_PERCENT = 60;

    /** The app's SHUTDOWN_TIMEOUT_SECONDS: requests in flight get this long after SIGTERM. */
    static final int SHUTDOWN_TIMEOUT_SECONDS = 20;

    /** SIGKILL this long after SIGTERM (ECS's default is 30 s): the drain, then 5 s to send the last spans. */
    static final int STOP_TIMEOUT_SECONDS = SHUTDOWN_TIMEOUT_SECONDS + 5;

    /** The load balancer stops sending new requests, then waits this long for those in flight, before SIGTERM. */
    static final int DEREGISTRATION_DELAY_SECONDS = SHUTDOWN_TIMEOUT_SECONDS;

    /**
     * The load balancer closes a keep-alive connection idle this long (its default is 60 s). Jetty closes one idle for
     * 30 s, and the load balancer must close first: a request it sends on a connection Jetty has just closed is a 502.
     */
    static final int LOAD_BALANCER_IDLE_SECONDS = 25;

    /**
     * Pages for the inside of the service (the collector scrapes 127.0.0.1): the load balancer answers them 404. As
     * prefixes, because the app serves {@code /metrics/} as {@code /metrics} (Javalin ignores a trailing slash), and
     * the load balancer compares the path as sent; the app's {@code ContainerServerTest} tries the other spellings.
     */
    static final List<String> INTERNAL_PATHS = List.of("/metrics*", "/ready*");

    static final String HEALTH_CHECK_PATH = "/health";
    static final int PORT = 8080;

    /**
     * Pinned: a collector release, not a moving tag (gallery.ecr.aws/aws-observability/aws-otel-collector; v0.49.0,
     * July 2026, on OpenTelemetry Collector v0.156.0 like the Lambda layer of labs 07-08).
     */
    static final String COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";

    static final String COLLECTOR_CONFIG = "/collector/config.yaml";

    /** The log group the collector's awsemf exporter writes to (named in the collector's configuration). */
    static final String METRICS_LOG_GROUP = "PetsApiContainer-Metrics";

    /** The table operations the app makes: the repository's five, and the readiness probe's DescribeTable. */
    static final List<String> TABLE_ACTIONS = List.of(
            "dynamodb:DeleteItem",
            "dynamodb:DescribeTable",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Scan",
            "dynamodb:UpdateItem");

    /** What the collector's awsxray exporter calls. */
    static final List<String> XRAY_ACTIONS = List.of("xray:PutTelemetryRecords", "xray:PutTraceSegments");

    private final Repository repository;
    private ApplicationLoadBalancedFargateService service;

    public ContainerStack(Construct scope, String id, Props props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .description("Pets API as a container: ECR, ECS Fargate (ARM64) behind an ALB, ADOT collector ("
                                + PetsStack.COURSE + ", " + PetsStack.LAB + ")")
                        .build());
        Tags.of(this).add("course", PetsStack.COURSE);
        Tags.of(this).add("lab", PetsStack.LAB);
        Tags.of(this).add("owner", props.owner());

        repository = Repository.Builder.create(this, "Images")
                .repositoryName(REPOSITORY_NAME)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .imageScanOnPush(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .description("the last 10 images: a rollback needs the one before, not all of them")
                        .maxImageCount(10)
                        .build()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .emptyOnDelete(true)
                .build();
        output("RepositoryUri", "Where the workflow pushes the image", repository.getRepositoryUri());

        if (props.container().service()) {
            service(props, imageDigest(props.container()));
        }
    }

    /**
     * The image the service runs, a parameter so that the workflow synthesizes once, without credentials, and deploys
     * the digest it pushed with {@code --parameters PetsApiContainer:ImageDigest=sha256:...}.
     */
    private CfnParameter imageDigest(ContainerConfig container) {
        var parameter = CfnParameter.Builder.create(this, IMAGE_DIGEST)
                .type("String")
                .description("The image of the pets-api repository the service runs: its digest, never a tag")
                .allowedPattern(ContainerConfig.DIGEST_PATTERN)
                .constraintDescription("an image digest: sha256: and 64 hex digits");
        container.imageDigest().ifPresent(parameter::defaultValue);
        return parameter.build();
    }

    private void service(Props props, CfnParameter imageDigest) {
        var digest = imageDigest.getValueAsString();
        var vpc = Vpc.Builder.create(this, "Network")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
                // Nothing here uses the VPC's default security group (the load balancer and the tasks have their
                // own). Restricting it takes a custom resource: a Lambda function whose log group, made by Lambda and
                // never expiring, would outlive the stack and fail the teardown's check for leftovers.
                .restrictDefaultSecurityGroup(false)
                .build();
        var cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                // Said, not left out: a cluster without the setting follows the account's default, which may be on.
                .containerInsightsV2(ContainerInsights.DISABLED)
                .build();

        var appLogs = LogGroup.Builder.create(this, "AppLogs")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        var collectorLogs = LogGroup.Builder.create(this, "CollectorLogs")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        var metricsLogs = LogGroup.Builder.create(this, "MetricsLogs")
                .logGroupName(METRICS_LOG_GROUP)
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        var taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("The Pets API container: its table, and the collector's traces and metrics")
                .build();
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(TABLE_ACTIONS)
                .resources(List.of(props.table().getTableArn()))
                .build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(XRAY_ACTIONS)
                .resources(List.of("*"))
                .build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(metricsLogs.getLogGroupArn()))
                .build());

        var task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(TASK_CPU)
                .memoryLimitMiB(TASK_MEMORY_MIB)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .taskRole(taskRole)
                .build();
        var collector = task.addContainer(
                "collector",
                ContainerDefinitionOptions.builder()
                        .containerName("collector")
                        .image(ContainerImage.fromRegistry(COLLECTOR_IMAGE))
                        .memoryLimitMiB(COLLECTOR_MEMORY_MIB)
                        .essential(false)
                        .environment(Map.of("AOT_CONFIG_CONTENT", collectorConfig()))
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(collectorLogs)
                                .streamPrefix("collector")
                                .build()))
                        .build());
        // By digest: repositoryUriForDigest joins REPOSITORY@DIGEST for a parameter too (fromEcrRepository would
        // take a parameter for a tag). The execution role gets the same pull rights fromEcrRepository grants.
        repository.grantPull(task.obtainExecutionRole());
        var app = task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .containerName("pets-api")
                        .image(ContainerImage.fromRegistry(repository.repositoryUriForDigest(digest)))
                        .memoryLimitMiB(APP_MEMORY_MIB)
                        .essential(true)
                        .stopTimeout(Duration.seconds(STOP_TIMEOUT_SECONDS))
                        .portMappings(List.of(
                                PortMapping.builder().containerPort(PORT).build()))
                        .environment(Map.of(
                                "TABLE_NAME",
                                props.table().getTableName(),
                                "PORT",
                                Integer.toString(PORT),
                                "SHUTDOWN_TIMEOUT_SECONDS",
                                Integer.toString(SHUTDOWN_TIMEOUT_SECONDS),
                                "POWERTOOLS_SERVICE_NAME",
                                PetsApiFacts.SERVICE_NAME,
                                "POWERTOOLS_METRICS_NAMESPACE",
                                PetsApiFacts.METRICS_NAMESPACE,
                                "ENVIRONMENT",
                                "container",
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://127.0.0.1:4318"))
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(appLogs)
                                .streamPrefix("pets-api")
                                .build()))
                        .build());
        app.addContainerDependencies(ContainerDependency.builder()
                .container(collector)
                .condition(ContainerDependencyCondition.START)
                .build());

        service = ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(MIN_TASKS)
                .assignPublicIp(true)
                .taskSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .publicLoadBalancer(true)
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .healthCheckGracePeriod(Duration.seconds(60))
                .idleTimeout(Duration.seconds(LOAD_BALANCER_IDLE_SECONDS))
                .build();
        // Runtime and traffic figures, and a DynamoDB call per anonymous /ready, are nobody's business outside. The
        // body is the API's problem shape; a fixed response can only be application/json.
        service.getListener()
                .addAction(
                        "InternalPaths",
                        AddApplicationActionProps.builder()
                                .priority(1)
                                .conditions(List.of(ListenerCondition.pathPatterns(INTERNAL_PATHS)))
                                .action(ListenerAction.fixedResponse(
                                        404,
                                        FixedResponseOptions.builder()
                                                .contentType("application/json")
                                                .messageBody("{\"type\":\"about:blank\",\"title\":\"Not Found\","
                                                        + "\"status\":404,\"detail\":\"This page is for the inside"
                                                        + " of the service only.\"}")
                                                .build()))
                                .build());
        service.getTargetGroup()
                .configureHealthCheck(HealthCheck.builder()
                        .path(HEALTH_CHECK_PATH)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(10))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build());
        service.getTargetGroup()
                .setAttribute("deregistration_delay.timeout_seconds", Integer.toString(DEREGISTRATION_DELAY_SECONDS));

        var scaling = service.getService()
                .autoScaleTaskCount(EnableScalingProps.builder()
                        .minCapacity(MIN_TASKS)
                        .maxCapacity(MAX_TASKS)
                        .build());
        scaling.scaleOnCpuUtilization(
                "Cpu",
                CpuUtilizationScalingProps.builder()
                        .targetUtilizationPercent(CPU_TARGET_PERCENT)
                        .scaleOutCooldown(Duration.seconds(60))
                        .scaleInCooldown(Duration.minutes(5))
                        .build());
        props.container()
                .scaleToZeroAt()
                .ifPresent(expression -> scaling.scaleOnSchedule(
                        "ScaleToZero",
                        ScalingSchedule.builder()
                                .schedule(Schedule.expression(expression))
                                .timeZone(TimeZone.of(props.container().scaleToZeroTimeZone()))
                                .minCapacity(0)
                                .maxCapacity(0)
                                .build()));

        new ContainerMonitoring(this, "Monitoring", new ContainerMonitoring.Props(service, props.alertTopic()));

        output(
                "ServiceUrl",
                "The load balancer's URL: the API and /health",
                "http://" + service.getLoadBalancer().getLoadBalancerDnsName());
        // Its logical id is the parameter's (outputs are a separate section); the construct needs another id.
        CfnOutput.Builder.create(this, IMAGE_DIGEST + "Output")
                .description("The image the service runs; the workflow rolls back to it")
                .value(digest)
                .build()
                .overrideLogicalId(IMAGE_DIGEST);
        output("AppLogGroup", "The container's JSON logs (Logs Insights)", appLogs.getLogGroupName());
        suppressFindings(taskRole);
    }

    private static String collectorConfig() {
        try (InputStream in = ContainerStack.class.getResourceAsStream(COLLECTOR_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException(COLLECTOR_CONFIG + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void suppressFindings(Role taskRole) {
        NagSuppressions.addStackSuppressions(
                this,
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-VPC7")
                                .reason("No VPC flow logs: the VPC holds the load balancer and the tasks only, and"
                                        + " flow logs would be billed as log ingestion for every packet's record")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-ELB2")
                                .reason("No ALB access logs: the app logs every request as JSON, and access logs need"
                                        + " an S3 bucket that a teardown would have to empty")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-ECS4")
                                .reason("No Container Insights: its metrics are billed like custom metrics; the"
                                        + " service's CPU and memory come from AWS/ECS and the dashboard at no charge")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-ECS2")
                                .reason("The environment holds no secret: table name, port, timeouts, service name and"
                                        + " the collector's configuration")
                                .build()),
                true);
        // These two only where their reasons hold: stack-wide, the first would also hide a task port open to anyone.
        // The task role needs the second and holds the table grant too: ContainerGuardrailsTest keeps that one named.
        NagSuppressions.addResourceSuppressions(
                service.getLoadBalancer(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-EC23")
                        .reason("The load balancer serves a public API on port 80 to anyone, as the REST API of"
                                + " PetsApi does; the tasks accept traffic from the load balancer only")
                        .build()),
                true);
        NagSuppressions.addResourceSuppressions(
                List.of(taskRole, service.getTaskDefinition().obtainExecutionRole()),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("X-Ray's PutTraceSegments and PutTelemetryRecords and ECR's"
                                + " GetAuthorizationToken take no resource ARN: they apply to '*' only")
                        .appliesTo(List.of("Resource::*"))
                        .build()),
                true);
    }

    private void output(String id, String description, String value) {
        CfnOutput.Builder.create(this, id).description(description).value(value).build();
    }

    public Repository repository() {
        return repository;
    }

    /** Empty without {@code imageDigest} or {@code container=service}. */
    public java.util.Optional<ApplicationLoadBalancedFargateService> service() {
        return java.util.Optional.ofNullable(service);
    }
}
