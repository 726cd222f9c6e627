package com.example.pets.infra;

import static com.example.pets.infra.AwsStub.ACCOUNT;
import static com.example.pets.infra.AwsStub.json;
import static com.example.pets.infra.AwsStub.jsonError;
import static com.example.pets.infra.AwsStub.noSuchStack;
import static com.example.pets.infra.AwsStub.output;
import static com.example.pets.infra.AwsStub.query;
import static com.example.pets.infra.AwsStub.queryError;
import static com.example.pets.infra.AwsStub.stackXml;
import static com.example.pets.infra.AwsStub.target;
import static com.example.pets.infra.AwsStub.xml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/** The preflight command's real SDK calls, answered by a local stub of the AWS APIs. */
class PreflightTest {

    /** What a learner sees on a new free-plan account before bootstrapping; the README shows this output. */
    static final String NEW_ACCOUNT_OUTPUT = """
            Pets API preflight: read-only checks of the account and region you are about to deploy to.

              ok    account      123456789012, signed in as arn:aws:iam::123456789012:user/learner
              ok    region       eu-west-1 (Ireland): CloudFormation budgets, SnapStart and every other service the stacks use are there
              ok    plan         free plan (active), 118.50 USD of credits left until 2027-05-14. Usage beyond the always-free amounts is paid from the credits; the course's budget leaves credits out, so it shows what they pay for.
              ok    concurrency  limit 10, 10 unreserved. The stack reserves none (the default), so it deploys; leave reservedConcurrency unset: at this limit any reservation fails the deploy. The stage throttling (burst 10, rate 2) caps the load.
              todo  bootstrap    CDK is not bootstrapped in eu-west-1: run npx cdk bootstrap (once per account and region; the teardown removes it again with --bootstrap).
              ok    logging role API Gateway has no account logging role yet; PetsApiAccount sets its own.
              todo  budget       the account has no budget: deploy PetsApiAccount first (npx cdk deploy PetsApiAccount -c alertEmail=you@example.com), before the API.

            2 thing(s) to do (todo) before the first deploy, in the order listed.
            """;

    private AwsStub aws;

    @BeforeEach
    void start() {
        aws = new AwsStub();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private void newFreePlanAccount() {
        aws.identity();
        aws.server.stubFor(target("AWSFreeTierService.GetAccountPlanState")
                .willReturn(json("{\"accountId\":\"" + ACCOUNT + "\",\"accountPlanType\":\"FREE\","
                        + "\"accountPlanStatus\":\"ACTIVE\",\"accountPlanRemainingCredits\":{\"amount\":118.5,"
                        + "\"unit\":\"USD\"},\"accountPlanExpirationDate\":\"2027-05-14T00:00:00Z\"}")));
        aws.server.stubFor(get(urlEqualTo("/2016-08-19/account-settings"))
                .willReturn(json("{\"AccountLimit\":{\"TotalCodeSize\":80530636800,\"CodeSizeUnzipped\":262144000,"
                        + "\"CodeSizeZipped\":52428800,\"ConcurrentExecutions\":10,"
                        + "\"UnreservedConcurrentExecutions\":10},\"AccountUsage\":{\"TotalCodeSize\":0,"
                        + "\"FunctionCount\":0}}")));
        aws.server.stubFor(query("DescribeStacks", "StackName=CDKToolkit").willReturn(noSuchStack("CDKToolkit")));
        aws.server.stubFor(get(urlEqualTo("/account"))
                .willReturn(json("{\"throttleSettings\":{\"burstLimit\":5000,\"rateLimit\":10000.0},"
                        + "\"features\":[\"UsagePlans\"],\"apiKeyVersion\":\"4\"}")));
        aws.server.stubFor(target("AWSBudgetServiceGateway.DescribeBudgets").willReturn(json("{\"Budgets\":[]}")));
    }

    private AwsStub.Run preflight() {
        return AwsStub.run(out -> Preflight.run(aws::clients, out));
    }

    @Test
    void a_new_free_plan_account_is_told_to_bootstrap_and_deploy_the_budget_first() {
        newFreePlanAccount();

        var run = preflight();

        assertThat(run.output()).isEqualTo(NEW_ACCOUNT_OUTPUT);
        assertThat(run.exitCode()).isZero();
        // Read-only: nothing but describe and get calls went out.
        aws.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader(
                        "X-Amz-Target",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                "AWSBudgetServiceGateway.DescribeBudgets"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(ACCOUNT)));
        aws.server.verify(getRequestedFor(urlEqualTo("/2016-08-19/account-settings")));
        assertThat(aws.server.getAllServeEvents())
                .allSatisfy(event -> assertThat(event.getRequest().getBodyAsString())
                        .doesNotContainPattern("Action=(Create|Delete|Update)"));
    }

    @Test
    void a_ready_account_gets_no_todo() {
        newFreePlanAccount();
        aws.server.stubFor(query("DescribeStacks", "StackName=CDKToolkit")
                .willReturn(xml(stackXml("CDKToolkit", "UPDATE_COMPLETE", output("BootstrapVersion", "30")))));
        aws.server.stubFor(target("AWSBudgetServiceGateway.DescribeBudgets")
                .willReturn(json("{\"Budgets\":[{\"BudgetName\":\"PetsApiAccount-eu-west-1-monthly\","
                        + "\"BudgetType\":\"COST\",\"TimeUnit\":\"MONTHLY\"}]}")));

        var run = preflight();

        assertThat(run.output())
                .contains("  ok    bootstrap    CDKToolkit, version 30 (UPDATE_COMPLETE)")
                .contains("  ok    budget       PetsApiAccount-eu-west-1-monthly")
                .endsWith("Ready: nothing stands in the way of the first deploy.\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void an_existing_logging_role_is_named_with_the_deploy_parameter_that_gets_it_back_at_the_teardown() {
        newFreePlanAccount();
        aws.server.stubFor(get(urlEqualTo("/account"))
                .willReturn(json("{\"cloudwatchRoleArn\":\"arn:aws:iam::" + ACCOUNT + ":role/team-apigw-logs\"}")));

        var run = preflight();

        assertThat(run.output())
                .contains(
                        "  note  logging role API Gateway already logs with arn:aws:iam::123456789012:role/team-apigw-logs."
                                + " PetsApiAccount replaces it")
                .contains("deploy it with --parameters"
                        + " PetsApiAccount:PreviousLoggingRoleArn=arn:aws:iam::123456789012:role/team-apigw-logs and the"
                        + " teardown puts it back.");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void access_denied_is_one_line_naming_the_call_and_exit_code_1() {
        newFreePlanAccount();
        aws.server.stubFor(get(urlEqualTo("/2016-08-19/account-settings"))
                .willReturn(jsonError(
                        403,
                        "AccessDeniedException",
                        "User is not authorized to perform" + " lambda:GetAccountSettings")));

        var run = preflight();

        assertOneFailure(
                run,
                "  FAIL  concurrency  lambda:GetAccountSettings was denied (AccessDeniedException): the credentials in"
                        + " use may not call it. Sign in as a user with AdministratorAccess (lab-05-iac/ACCOUNT.md)"
                        + " and run again.");
    }

    @Test
    void throttling_is_one_line_that_says_to_wait() {
        newFreePlanAccount();
        aws.server.stubFor(target("AWSBudgetServiceGateway.DescribeBudgets")
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")));

        var run = preflight();

        assertOneFailure(
                run,
                "  FAIL  budget       budgets:ViewBudget was throttled by AWS (ThrottlingException) after the SDK's"
                        + " retries. Wait a minute and run again.");
    }

    @Test
    void expired_credentials_stop_at_the_first_call_with_one_line() {
        aws.server.stubFor(query("GetCallerIdentity")
                .willReturn(queryError(403, "ExpiredToken", "The security token included in the request is expired")));

        var run = preflight();

        assertThat(run.output())
                .endsWith(
                        "  FAIL  account      sts:GetCallerIdentity failed: the credentials have expired (ExpiredToken)."
                                + " Renew them (aws login, or aws sso login with Identity Center) and run again.\n");
        assertNoStackTrace(run);
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void no_credentials_at_all_is_one_line_that_says_how_to_sign_in() {
        var run = AwsStub.run(out -> Preflight.run(
                () -> aws.clients(builder -> builder.credentialsProvider(SystemPropertyCredentialsProvider.create())),
                out));

        assertThat(run.output())
                .endsWith("  FAIL  account      No AWS credentials found for sts:GetCallerIdentity: sign in as"
                        + " lab-05-iac/ACCOUNT.md step 2 shows (aws login), then export AWS_PROFILE with the profile"
                        + " that step sets up (course) and run again.\n");
        assertNoStackTrace(run);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(aws.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_region_without_the_service_is_one_line_naming_the_endpoint() {
        newFreePlanAccount();
        // Where a service is not offered, its regional endpoint does not exist: the name does not resolve.
        var run = AwsStub.run(out -> Preflight.run(
                () -> aws.clients(builder -> {
                    if (builder instanceof LambdaClientBuilder) {
                        builder.endpointOverride(URI.create("https://lambda.eu-west-1.amazonaws.com"));
                    }
                }),
                out));

        assertThat(run.output())
                .contains("  FAIL  concurrency  lambda:GetAccountSettings has no endpoint in eu-west-1"
                        + " (lambda.eu-west-1.amazonaws.com");
        assertOneFailure(run, null);
    }

    @Test
    void an_unsupported_region_fails_and_names_the_nearest_supported_one() {
        assertThat(Preflight.regionFinding("eu-central-2").line())
                .isEqualTo("  FAIL  region       Region eu-central-2 (Zurich) cannot take the Pets API stacks:"
                        + " CloudFormation has no AWS::Budgets::Budget there. The nearest supported region is"
                        + " eu-central-1 (Frankfurt): set AWS_REGION=eu-central-1 (or the region of your AWS profile)"
                        + " and run again.");
    }

    @Test
    void a_dry_run_lists_every_check_with_its_call_and_calls_nothing() {
        newFreePlanAccount();

        var run = AwsStub.run(out -> Preflight.run(aws::clients, List.of("--dry-run"), out));

        assertThat(run.output()).isEqualTo("""
                Pets API preflight, dry run: the checks it would make, each with its read-only call. Nothing is called now.

                  would account      sts:GetCallerIdentity: the account, and who is signed in (not the root user)
                  ok    region       eu-west-1 (Ireland): CloudFormation budgets, SnapStart and every other service the stacks use are there
                  would plan         freetier:GetAccountPlanState: free or paid plan, and the credits left
                  would concurrency  lambda:GetAccountSettings: Lambda's concurrency limit, and what can be reserved
                  would bootstrap    cloudformation:DescribeStacks: the CDKToolkit stack, its status and version (6 or newer)
                  would logging role apigateway:GET /account: API Gateway's logging role in the region
                  would budget       budgets:ViewBudget: the account's budgets (one at least)

                Dry run: nothing was called. Run without --dry-run to make the checks.
                """);
        assertThat(run.exitCode()).isZero();
        assertThat(aws.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void the_dry_run_names_the_calls_the_checks_make() {
        newFreePlanAccount();
        // Each check's call denied in turn: the failure names the call the dry run lists for it.
        aws.server.stubFor(get(urlEqualTo("/2016-08-19/account-settings"))
                .willReturn(jsonError(403, "AccessDeniedException", "denied")));
        aws.server.stubFor(get(urlEqualTo("/account")).willReturn(jsonError(403, "AccessDeniedException", "denied")));

        var run = preflight();

        assertThat(run.output())
                .contains("  FAIL  " + String.format("%-12s ", Preflight.CONCURRENCY.topic())
                        + Preflight.CONCURRENCY.call() + " was denied")
                .contains("  FAIL  " + String.format("%-12s ", Preflight.LOGGING_ROLE.topic())
                        + Preflight.LOGGING_ROLE.call() + " was denied");
    }

    @Test
    void an_unknown_option_is_refused_before_any_call() {
        var run = AwsStub.run(out -> Preflight.run(aws::clients, List.of("--fix"), out));

        assertThat(run.output())
                .isEqualTo("Unknown option --fix: the only option is --dry-run (list the checks, call nothing).\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(aws.server.getAllServeEvents()).isEmpty();
    }

    private static void assertOneFailure(AwsStub.Run run, String line) {
        var failures = run.output().lines().filter(l -> l.startsWith("  FAIL")).toList();
        assertThat(failures).hasSize(1);
        if (line != null) {
            assertThat(failures.get(0)).isEqualTo(line);
        }
        assertNoStackTrace(run);
        assertThat(run.output())
                .endsWith("1 problem(s) (FAIL) stop a deploy here; fix them and run the preflight again.\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    private static void assertNoStackTrace(AwsStub.Run run) {
        assertThat(run.output()).doesNotContain("\tat ", "Exception:", "Caused by");
    }

    @Test
    void signing_in_as_the_root_user_is_a_todo() {
        newFreePlanAccount();
        aws.server.stubFor(query("GetCallerIdentity")
                .willReturn(xml("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT
                        + ":root</Arn><UserId>" + ACCOUNT + "</UserId><Account>" + ACCOUNT
                        + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")));

        assertThat(preflight().output())
                .contains("  todo  account      123456789012, signed in as arn:aws:iam::123456789012:root. That is the"
                        + " root user");
    }

    @Test
    void a_bootstrap_too_old_or_rolled_back_is_a_todo() {
        newFreePlanAccount();
        aws.server.stubFor(query("DescribeStacks", "StackName=CDKToolkit")
                .willReturn(xml(stackXml("CDKToolkit", "UPDATE_COMPLETE", output("BootstrapVersion", "5")))));
        assertThat(preflight().output())
                .contains("  todo  bootstrap    version 5 is too old for this CDK CLI: run npx cdk bootstrap again.");

        aws.server.stubFor(query("DescribeStacks", "StackName=CDKToolkit")
                .willReturn(xml(stackXml("CDKToolkit", "UPDATE_ROLLBACK_COMPLETE", output("BootstrapVersion", "30")))));
        assertThat(preflight().output())
                .contains("  todo  bootstrap    the CDKToolkit stack is UPDATE_ROLLBACK_COMPLETE: delete it");
    }
}
