package com.example.pets.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code cdk synth}, {@code cdk deploy} and {@code cdk destroy} run this (see cdk.json),
 * from the infra folder, so the paths below are relative to it.
 */
public final class CdkApp {

    static final String STACK_NAME = "PetsApi";

    static final String PIPELINE_STACK_NAME = "PetsApiPipeline";

    /** The githubEnvironment value for a repository without environments (private, on GitHub Free). */
    static final String NO_ENVIRONMENT = "none";

    /** Account-wide things, deployed before the API and kept when it is destroyed: the budget, the logging role. */
    static final String ACCOUNT_STACK_NAME = "PetsApiAccount";

    /** What the teardown deletes, in this order: the API first, the budget last. */
    static final List<String> STACKS_IN_DELETION_ORDER = List.of(STACK_NAME, PIPELINE_STACK_NAME, ACCOUNT_STACK_NAME);

    /** Built by the lab's own Maven project: {@code ./mvnw package} in lab-07-opentelemetry. */
    static final Path FUNCTION_JAR = Path.of("..", "target", "function.jar");

    static final Path CUSTOM_METRICS_CSV = Path.of("..", "custom-metrics.csv");

    /** Stands in for a configuration that could not be read; its stack carries a synth error. */
    private static final DeployConfig UNUSABLE_CONFIG =
            new DeployConfig("missing@example.invalid", "missing", 1, OptionalInt.empty(), false, false);

    private CdkApp() {}

    public static void main(String[] args) {
        // The CDK CLI passes the region of the profile (or AWS_REGION) as CDK_DEFAULT_REGION. Where the stacks
        // cannot go, stop before building anything, with what is missing there and where to go instead.
        var regionProblem = regionProblem(System.getenv("CDK_DEFAULT_REGION"));
        if (regionProblem.isPresent()) {
            System.err.println(regionProblem.get());
            System.exit(1);
        }
        // Without credentials the CLI passes no account: synth and ls still work, bootstrap and deploy then stop
        // with CDK's "Unable to resolve AWS account". Say where the way to credentials is written down.
        accountHint(System.getenv("CDK_DEFAULT_ACCOUNT")).ifPresent(System.err::println);
        var app = App.Builder.create()
                // The CLI says where to write; without it (a plain `mvn exec:java`) CDK would pick a temp dir.
                .outdir(System.getenv("CDK_OUTDIR") == null ? "cdk.out" : null)
                // No AWS::CDK::Metadata resource reporting library usage to AWS.
                .analyticsReporting(false)
                .build();
        assemble(app, FUNCTION_JAR, CUSTOM_METRICS_CSV);
        assemblePipeline(app);
        app.synth();
    }

    /**
     * Reads the context and the artifact. What is missing becomes an error on the stack rather than an
     * exception: errors stop {@code cdk synth}, {@code diff} and {@code deploy} with the message below,
     * while {@code cdk destroy}, which needs neither the e-mail address nor the artifact, still works.
     */
    static PetsStack assemble(App app, Path functionJar, Path customMetricsCsv) {
        var problems = new ArrayList<String>();

        DeployConfig config;
        try {
            config = DeployConfig.fromContext(key -> app.getNode().tryGetContext(key));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            config = UNUSABLE_CONFIG;
        }

        Code code;
        if (Files.isRegularFile(functionJar)) {
            code = Code.fromAsset(functionJar.toString());
        } else {
            problems.add("No Lambda artifact at " + functionJar.toAbsolutePath().normalize()
                    + ": build it first, in lab-07-opentelemetry: ./mvnw package");
            code = Code.fromCfnParameters();
        }

        var stack = define(app, config, code, CustomMetric.read(customMetricsCsv));
        var account = app.getNode().findChild(ACCOUNT_STACK_NAME);
        problems.forEach(problem -> {
            Annotations.of(stack).addError(problem);
            Annotations.of(account).addError(problem);
        });
        return stack;
    }

    /** What to do when the CLI found no AWS account (CDK_DEFAULT_ACCOUNT unset); empty when it found one. */
    static Optional<String> accountHint(String account) {
        return account == null || account.isBlank()
                ? Optional.of("No AWS account: the CDK CLI found no credentials. cdk synth and cdk ls work without"
                        + " them; cdk bootstrap and cdk deploy need them. Sign in as the course's lab-05-iac/ACCOUNT.md"
                        + " shows, then check the account with ../mvnw -q compile exec:java@preflight.")
                : Optional.empty();
    }

    /** Why the stacks cannot be deployed to this region; empty when they can, or when no region is known. */
    static Optional<String> regionProblem(String region) {
        return region == null || region.isBlank() ? Optional.empty() : Regions.problem(region.strip());
    }

    /** The one place that builds the stack and its checks; the tests call it too. */
    static PetsStack define(App app, DeployConfig config, Code functionCode, List<CustomMetric> customMetrics) {
        var account = new AccountStack(app, ACCOUNT_STACK_NAME, new AccountStack.Props(config));
        var stack = new PetsStack(
                app,
                STACK_NAME,
                PetsStack.Props.builder()
                        .config(config)
                        .functionCode(functionCode)
                        .customMetrics(customMetrics)
                        .build());
        // Budget and logging role first: `cdk deploy PetsApi` deploys the account stack before the API.
        stack.addStackDependency(
                account, "the budget watches before the API costs anything; the API logs with its role");
        // cdk-nag's AwsSolutions rules run on every synth; a finding is a synth error unless a suppression
        // next to the resource explains why it does not apply.
        Aspects.of(app)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /**
     * The pipeline's stack, when {@code -c githubRepository=owner/name} asks for it. It is deployed once, from a
     * laptop: {@code cdk deploy PetsApiPipeline -c githubRepository=owner/name}. Without that context the app
     * holds the API stack only, which is all the workflows deploy. Optional context: {@code githubEnvironment}
     * (the deploy job's GitHub environment, {@code production}; {@code none} for a private repository on GitHub
     * Free, which trusts pushes to {@code main} instead), {@code githubRepositoryIds} ({@code OWNER_ID/REPO_ID}:
     * the roles then also trust the immutable subjects that newer repositories' tokens carry; {@code ../mvnw -q
     * compile exec:java@github-subject -Dexec.args=owner/name} prints them) and {@code githubOidcProviderArn} (an
     * OIDC provider for GitHub that the account already has).
     */
    static Optional<PipelineStack> assemblePipeline(App app) {
        var repository = text(app, "githubRepository");
        if (repository == null) {
            return Optional.empty();
        }
        var access = GithubDeployRole.Props.builder()
                .repository(repository)
                .repositoryIds(text(app, "githubRepositoryIds"))
                .existingProviderArn(text(app, "githubOidcProviderArn"));
        // `-c githubEnvironment=none`: a private repository on GitHub Free, which has no environments. The deploy
        // role then trusts pushes to main (repo:OWNER/NAME:ref:refs/heads/main), and the workflow's deploy job runs
        // without an environment (repository variable DEPLOY_ENVIRONMENT=none), so its token carries that subject.
        var environment = text(app, "githubEnvironment");
        if (environment != null) {
            access.environment(environment.equals(NO_ENVIRONMENT) ? null : environment);
        }
        try {
            var pipeline = definePipeline(app, access.build());
            if (text(app, "githubRepositoryIds") == null) {
                Annotations.of(pipeline)
                        .addWarningV2(
                                "pets:githubRepositoryIds",
                                "No githubRepositoryIds: the roles trust repo:" + repository + ":... only. A"
                                        + " repository created since 2026-07-15 (or renamed, transferred or opted in"
                                        + " since) sends repo:OWNER@OWNER_ID/NAME@REPO_ID:..., and every job would"
                                        + " be refused; ../mvnw -q compile exec:java@github-subject -Dexec.args="
                                        + repository + " prints the ids.");
            }
            return Optional.of(pipeline);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot build the " + PIPELINE_STACK_NAME + " stack: " + e.getMessage(), e);
        }
    }

    /** The pipeline's stack; the cdk-nag checks that {@link #define} adds to the app cover it too. */
    static PipelineStack definePipeline(App app, GithubDeployRole.Props deployAccess) {
        return new PipelineStack(app, PIPELINE_STACK_NAME, new PipelineStack.Props(deployAccess));
    }

    private static String text(App app, String key) {
        var value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank()
                ? null
                : value.toString().strip();
    }
}
