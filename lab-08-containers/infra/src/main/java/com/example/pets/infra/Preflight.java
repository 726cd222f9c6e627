package com.example.pets.infra;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.freetier.model.AccountPlanType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.xray.model.GetTraceSegmentDestinationResponse;
import software.amazon.awssdk.services.xray.model.TraceSegmentDestination;
import software.amazon.awssdk.services.xray.model.TraceSegmentDestinationStatus;

/**
 * Run before the first deploy, with the credentials you will deploy with:
 * {@code ../mvnw -q compile exec:java@preflight} in infra/. Read-only calls only. Each line says what it found
 * and, where something needs doing, what to do. Exit code 0 when nothing stops a deploy, 1 when something
 * does or a call failed (one line for it, no stack trace).
 *
 * <p>It takes the deploy's context options too: {@code -Dexec.args="-c transactionSearch=true"} also checks that
 * CloudFormation can switch the account and region to Transaction Search (it can only while it is off).
 *
 * <p>With {@code -Dexec.args=--dry-run} it calls nothing: it lists each check with the call it would make, and
 * judges only the region, which needs no call.
 */
public final class Preflight {

    /** What the pinned CDK CLI's deployments require of the bootstrap stack (its CheckBootstrapVersion rule). */
    static final int MINIMUM_BOOTSTRAP_VERSION = 6;

    enum Status {
        OK("ok"),
        TODO("todo"),
        NOTE("note"),
        FAIL("FAIL");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    record Finding(Status status, String topic, String text) {

        String line() {
            return String.format(Locale.ROOT, "  %-5s %-12s %s", status.label, topic, text);
        }
    }

    /** What each check looks at, and the read-only call it makes: what {@code --dry-run} lists. */
    record Check(String topic, String call, String looksAt) {

        String line() {
            return String.format(Locale.ROOT, "  %-5s %-12s %s: %s", "would", topic, call, looksAt);
        }
    }

    static final String DRY_RUN = "--dry-run";

    static final Check ACCOUNT =
            new Check("account", "sts:GetCallerIdentity", "the account, and who is signed in (not the root user)");
    static final Check PLAN =
            new Check("plan", "freetier:GetAccountPlanState", "free or paid plan, and the credits left");
    static final Check CONCURRENCY = new Check(
            "concurrency", "lambda:GetAccountSettings", "Lambda's concurrency limit, and what can be reserved");
    static final Check BOOTSTRAP = new Check(
            "bootstrap",
            "cloudformation:DescribeStacks",
            "the CDKToolkit stack, its status and version (" + MINIMUM_BOOTSTRAP_VERSION + " or newer)");
    static final Check LOGGING_ROLE =
            new Check("logging role", "apigateway:GET /account", "API Gateway's logging role in the region");
    static final Check BUDGET = new Check("budget", "budgets:ViewBudget", "the account's budgets (one at least)");
    static final Check TRACES = new Check(
            "traces",
            "xray:GetTraceSegmentDestination",
            "with -c " + DeployConfig.TRANSACTION_SEARCH_KEY + "=true, that Transaction Search is off (or switched"
                    + " on by " + CdkApp.ACCOUNT_STACK_NAME + ")");

    static final Check SERVICE_ROLES = new Check(
            "ecs roles",
            "iam:GetRole",
            "with -c " + ContainerConfig.CONTAINER_KEY + "=service or -c " + ContainerConfig.IMAGE_DIGEST_KEY
                    + ", the service-linked roles of ECS and of its auto scaling");

    /**
     * The roles AWS makes on an account's first ECS cluster and first scalable ECS service, by service name. ECS
     * assumes its role the moment it has made it, before IAM can hand it out, so the first cluster CloudFormation
     * creates in an account often fails ("Unable to assume the service linked role"); made beforehand, it is there.
     */
    static final Map<String, String> SERVICE_LINKED_ROLES = Map.of(
            "AWSServiceRoleForECS", "ecs.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_ECSService", "ecs.application-autoscaling.amazonaws.com");

    /** The checks after the account's and the region's (judged by its name alone), in the order they run. */
    static final List<Check> CHECKS =
            List.of(PLAN, CONCURRENCY, BOOTSTRAP, LOGGING_ROLE, BUDGET, TRACES, SERVICE_ROLES);

    private Preflight() {}

    public static void main(String[] args) {
        System.exit(run(AwsClients::fromEnvironment, List.of(args), System.out));
    }

    /**
     * The checks, or with {@value #DRY_RUN} the list of them; anything but that and context pairs is refused before a
     * call.
     */
    static int run(Supplier<AwsClients> clientsSource, List<String> args, PrintStream out) {
        Map<String, Object> context;
        try {
            context = context(args.stream().filter(arg -> !arg.equals(DRY_RUN)).toList());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }
        return args.contains(DRY_RUN) ? dryRun(clientsSource, out) : run(clientsSource, context::get, out);
    }

    /** Lists the checks and the calls they make, calls none of them; judges the region by its name. */
    static int dryRun(Supplier<AwsClients> clientsSource, PrintStream out) {
        out.println("Pets API preflight, dry run: the checks it would make, each with its read-only call. Nothing is"
                + " called now.");
        out.println();
        String region;
        try {
            region = clientsSource.get().region().id();
        } catch (RuntimeException e) {
            out.println(new Finding(Status.FAIL, "region", AwsErrors.describe(e, "finding the region", "?")).line());
            return 1;
        }
        var regionFinding = regionFinding(region);
        out.println(ACCOUNT.line());
        out.println(regionFinding.line());
        CHECKS.forEach(check -> out.println(check.line()));
        out.println();
        out.println("Dry run: nothing was called. Run without " + DRY_RUN + " to make the checks.");
        return regionFinding.status() == Status.FAIL ? 1 : 0;
    }

    /** The checks for a deploy with no context options. */
    static int run(Supplier<AwsClients> clientsSource, PrintStream out) {
        return run(clientsSource, key -> null, out);
    }

    /** @param context the deploy's context options, as {@code cdk deploy -c key=value} takes them */
    static int run(Supplier<AwsClients> clientsSource, Function<String, Object> context, PrintStream out) {
        out.println("Pets API preflight: read-only checks of the account and region you are about to deploy to.");
        out.println();
        AwsClients clients;
        try {
            clients = clientsSource.get();
        } catch (RuntimeException e) {
            out.println(new Finding(Status.FAIL, "region", AwsErrors.describe(e, "finding the region", "?")).line());
            return 1;
        }
        var region = clients.region().id();
        String account;
        try (var sts = clients.sts()) {
            var identity = sts.getCallerIdentity();
            account = identity.account();
            var root = identity.arn().endsWith(":root");
            out.println(new Finding(
                            root ? Status.TODO : Status.OK,
                            ACCOUNT.topic(),
                            account + ", signed in as " + identity.arn()
                                    + (root
                                            ? ". That is the root user: create a user of your own and"
                                                    + " sign in with it (ACCOUNT.md, step 2)."
                                            : ""))
                    .line());
        } catch (RuntimeException e) {
            // Every other call would fail the same way.
            out.println(
                    new Finding(Status.FAIL, ACCOUNT.topic(), AwsErrors.describe(e, ACCOUNT.call(), region)).line());
            return 1;
        }

        var findings = new ArrayList<Finding>();
        findings.add(regionFinding(region));
        findings.add(check(PLAN, region, () -> plan(clients)));
        findings.add(check(CONCURRENCY, region, () -> concurrency(clients)));
        findings.add(check(BOOTSTRAP, region, () -> bootstrap(clients, region)));
        findings.add(check(LOGGING_ROLE, region, () -> loggingRole(clients)));
        findings.add(check(BUDGET, region, () -> budget(clients, account)));
        transactionSearchFinding(clients, context, region).ifPresent(findings::add);
        serviceRolesFinding(clients, context, region).ifPresent(findings::add);
        findings.forEach(finding -> out.println(finding.line()));

        out.println();
        var failed = findings.stream().filter(f -> f.status() == Status.FAIL).count();
        var todo = findings.stream().filter(f -> f.status() == Status.TODO).count();
        if (failed > 0) {
            out.println(failed + " problem(s) (FAIL) stop a deploy here; fix them and run the preflight again.");
            return 1;
        }
        out.println(
                todo == 0
                        ? "Ready: nothing stands in the way of the first deploy."
                        : todo + " thing(s) to do (todo) before the first deploy, in the order listed.");
        return 0;
    }

    /** {@code -c key=value} and {@code --context key=value} pairs, the way the CDK CLI takes them. */
    static Map<String, Object> context(List<String> args) {
        var context = new LinkedHashMap<String, Object>();
        for (int i = 0; i < args.size(); i++) {
            var arg = args.get(i);
            if ((arg.equals("-c") || arg.equals("--context"))
                    && i + 1 < args.size()
                    && args.get(i + 1).contains("=")) {
                var pair = args.get(++i);
                context.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown option " + arg
                        + ": the preflight takes " + DRY_RUN + " and the deploy's context options, for example"
                        + " -Dexec.args=\"-c "
                        + DeployConfig.TRANSACTION_SEARCH_KEY + "=true\".");
            }
        }
        return context;
    }

    private static Finding check(Check check, String region, Supplier<Finding> finding) {
        try {
            return finding.get();
        } catch (RuntimeException e) {
            return new Finding(Status.FAIL, check.topic(), AwsErrors.describe(e, check.call(), region));
        }
    }

    static Finding regionFinding(String region) {
        return Regions.problem(region)
                .map(problem -> new Finding(Status.FAIL, "region", problem))
                .orElseGet(() -> new Finding(
                        Status.OK,
                        "region",
                        Regions.ALL.stream()
                                        .filter(r -> r.code().equals(region))
                                        .findFirst()
                                        .orElseThrow()
                                        .named()
                                + ": CloudFormation budgets, SnapStart and every other service the stacks use"
                                + " are there"));
    }

    private static Finding plan(AwsClients clients) {
        try (var freeTier = clients.freeTier()) {
            var plan = freeTier.getAccountPlanState(request -> {});
            if (plan.accountPlanType() == AccountPlanType.FREE) {
                var credits = plan.accountPlanRemainingCredits();
                var until = plan.accountPlanExpirationDate() == null
                        ? ""
                        : " until "
                                + plan.accountPlanExpirationDate()
                                        .atZone(ZoneOffset.UTC)
                                        .toLocalDate();
                return new Finding(
                        Status.OK,
                        "plan",
                        "free plan (" + plan.accountPlanStatusAsString().toLowerCase(Locale.ROOT) + ")"
                                + (credits == null
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                ", %.2f %s of credits left",
                                                credits.amount(),
                                                credits.unitAsString()))
                                + until + ". Usage beyond the always-free amounts is paid from the credits; the"
                                + " course's budget leaves credits out, so it shows what they pay for.");
            }
            return new Finding(
                    Status.NOTE,
                    "plan",
                    "paid plan: what the credits and the always-free amounts do not cover is billed to your card."
                            + " The budget e-mails before the month's amount is reached; deploy it first.");
        }
    }

    private static Finding concurrency(AwsClients clients) {
        try (var lambda = clients.lambda()) {
            var settings = lambda.getAccountSettings(request -> {});
            var limit = settings.accountLimit().concurrentExecutions();
            var unreserved = settings.accountLimit().unreservedConcurrentExecutions();
            if (limit <= 10) {
                return new Finding(
                        Status.OK,
                        "concurrency",
                        "limit " + limit + ", " + unreserved + " unreserved. The stack reserves none (the default),"
                                + " so it deploys; leave reservedConcurrency unset: at this limit any reservation"
                                + " fails the deploy. The stage throttling (burst 10, rate 2) caps the load.");
            }
            return new Finding(
                    Status.OK,
                    "concurrency",
                    "limit " + limit + ", " + unreserved + " unreserved. The stack reserves none (the default)."
                            + " -c reservedConcurrency=N also caps the function, as long as " + unreserved
                            + " - N stays at or above Lambda's unreserved minimum (100 at a limit of 1,000).");
        }
    }

    private static Finding bootstrap(AwsClients clients, String region) {
        try (var cloudFormation = clients.cloudFormation()) {
            Stack toolkit;
            try {
                toolkit = cloudFormation
                        .describeStacks(request -> request.stackName("CDKToolkit"))
                        .stacks()
                        .get(0);
            } catch (CloudFormationException e) {
                if (e.awsErrorDetails() != null
                        && "ValidationError".equals(e.awsErrorDetails().errorCode())
                        && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return new Finding(
                            Status.TODO,
                            "bootstrap",
                            "CDK is not bootstrapped in " + region + ": run npx cdk bootstrap (once per account and"
                                    + " region; the teardown removes it again with --bootstrap).");
                }
                throw e;
            }
            var status = toolkit.stackStatusAsString();
            var version = toolkit.outputs().stream()
                    .filter(output -> output.outputKey().equals("BootstrapVersion"))
                    .map(output -> output.outputValue())
                    .findFirst()
                    .orElse("?");
            if (!status.endsWith("_COMPLETE") || status.contains("ROLLBACK") || status.startsWith("DELETE")) {
                return new Finding(
                        Status.TODO,
                        "bootstrap",
                        "the CDKToolkit stack is " + status + ": delete it in the CloudFormation console and run npx"
                                + " cdk bootstrap again.");
            }
            if (!version.matches("\\d+") || Integer.parseInt(version) < MINIMUM_BOOTSTRAP_VERSION) {
                return new Finding(
                        Status.TODO,
                        "bootstrap",
                        "version " + version + " is too old for this CDK CLI: run npx cdk bootstrap again.");
            }
            return new Finding(Status.OK, "bootstrap", "CDKToolkit, version " + version + " (" + status + ")");
        }
    }

    private static Finding loggingRole(AwsClients clients) {
        try (var apiGateway = clients.apiGateway()) {
            var role = apiGateway.getAccount(request -> {}).cloudwatchRoleArn();
            if (role == null || role.isBlank()) {
                return new Finding(
                        Status.OK,
                        "logging role",
                        "API Gateway has no account logging role yet; " + CdkApp.ACCOUNT_STACK_NAME + " sets its own.");
            }
            if (AccountStack.isLoggingRole(role)) {
                return new Finding(
                        Status.OK, "logging role", "API Gateway logs with " + CdkApp.ACCOUNT_STACK_NAME + "'s role.");
            }
            return new Finding(
                    Status.NOTE,
                    "logging role",
                    "API Gateway already logs with " + role + ". " + CdkApp.ACCOUNT_STACK_NAME + " replaces it with"
                            + " its own role for every API in this region; deploy it with --parameters "
                            + CdkApp.ACCOUNT_STACK_NAME + ":" + AccountStack.PREVIOUS_LOGGING_ROLE_PARAMETER + "="
                            + role + " and the teardown puts it back.");
        }
    }

    /** Only for a deploy of the container's service: the Lambda path needs neither role. */
    private static Optional<Finding> serviceRolesFinding(
            AwsClients clients, Function<String, Object> context, String region) {
        boolean deploysService;
        try {
            deploysService = ContainerConfig.fromContext(context).service();
        } catch (IllegalArgumentException e) {
            return Optional.of(new Finding(Status.FAIL, SERVICE_ROLES.topic(), e.getMessage()));
        }
        if (!deploysService) {
            return Optional.empty();
        }
        return Optional.of(check(SERVICE_ROLES, region, () -> {
            try (var iam = clients.iam()) {
                var missing = new TreeMap<>(SERVICE_LINKED_ROLES);
                missing.keySet().removeIf(role -> exists(iam, role));
                if (missing.isEmpty()) {
                    return new Finding(
                            Status.OK,
                            SERVICE_ROLES.topic(),
                            String.join(" and ", new TreeSet<>(SERVICE_LINKED_ROLES.keySet())) + " exist");
                }
                return new Finding(
                        Status.TODO,
                        SERVICE_ROLES.topic(),
                        String.join(" and ", missing.keySet()) + " missing: create "
                                + (missing.size() == 1 ? "it" : "them") + " before the first deploy, "
                                + missing.values().stream()
                                        .map(service ->
                                                "aws iam create-service-linked-role --aws-service-name " + service)
                                        .collect(Collectors.joining(" and "))
                                + ". ECS makes its role on the first cluster, but too late for the first cluster"
                                + " CloudFormation creates.");
            }
        }));
    }

    private static boolean exists(IamClient iam, String role) {
        try {
            iam.getRole(request -> request.roleName(role));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    /**
     * With {@code -c transactionSearch=true}: where X-Ray stores spans now. CloudFormation can switch the account and
     * region to Transaction Search only while it is off
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search-Cloudformation.html);
     * switched on by the account stack itself is fine.
     */
    private static Optional<Finding> transactionSearchFinding(
            AwsClients clients, Function<String, Object> context, String region) {
        boolean wanted;
        try {
            wanted = DeployConfig.transactionSearch(context);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Finding(Status.FAIL, "traces", e.getMessage()));
        }
        if (!wanted) {
            return Optional.empty();
        }
        return Optional.of(check(TRACES, region, () -> transactionSearch(clients, region)));
    }

    private static Finding transactionSearch(AwsClients clients, String region) {
        GetTraceSegmentDestinationResponse destination;
        try (var xray = clients.xray()) {
            destination = xray.getTraceSegmentDestination(request -> {});
        }
        if (destination.destination() != TraceSegmentDestination.CLOUD_WATCH_LOGS) {
            return new Finding(
                    Status.OK,
                    "traces",
                    "X-Ray stores the spans itself; " + CdkApp.ACCOUNT_STACK_NAME + " switches " + region + " to"
                            + " Transaction Search (spans as CloudWatch Logs in aws/spans, "
                            + TransactionSearch.INDEXING_PERCENTAGE + "% indexed as trace summaries at no charge).");
        }
        var state = destination.status() == TraceSegmentDestinationStatus.PENDING ? " (being switched on)" : "";
        if (switchedOnByAccountStack(clients)) {
            return new Finding(
                    Status.OK,
                    "traces",
                    "Transaction Search is on" + state + ", switched on by " + CdkApp.ACCOUNT_STACK_NAME + ".");
        }
        return new Finding(
                Status.FAIL,
                "traces",
                "Transaction Search is already on in " + region + state + " (X-Ray sends spans to CloudWatch Logs),"
                        + " switched on outside the course's stacks, and CloudFormation can only switch it on while it"
                        + " is off. You need no flag: deploy without -c " + DeployConfig.TRANSACTION_SEARCH_KEY
                        + "=true and the app's spans go to Transaction Search all the same; the teardown leaves the"
                        + " setting as it is.");
    }

    /** Whether the deployed account stack says it switched Transaction Search on (its output). */
    private static boolean switchedOnByAccountStack(AwsClients clients) {
        try (var cloudFormation = clients.cloudFormation()) {
            try {
                return cloudFormation
                        .describeStacks(request -> request.stackName(CdkApp.ACCOUNT_STACK_NAME))
                        .stacks()
                        .get(0)
                        .outputs()
                        .stream()
                        .anyMatch(output -> output.outputKey().equals(AccountStack.TRANSACTION_SEARCH_OUTPUT));
            } catch (CloudFormationException e) {
                if (e.awsErrorDetails() != null
                        && "ValidationError".equals(e.awsErrorDetails().errorCode())
                        && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return false;
                }
                throw e;
            }
        }
    }

    private static Finding budget(AwsClients clients, String account) {
        try (var budgets = clients.budgets()) {
            var names = new ArrayList<String>();
            budgets.describeBudgetsPaginator(request -> request.accountId(account))
                    .budgets()
                    .forEach(budget -> names.add(budget.budgetName()));
            if (names.isEmpty()) {
                return new Finding(
                        Status.TODO,
                        "budget",
                        "the account has no budget: deploy " + CdkApp.ACCOUNT_STACK_NAME + " first (npx cdk deploy "
                                + CdkApp.ACCOUNT_STACK_NAME + " -c alertEmail=you@example.com), before the API.");
            }
            return new Finding(Status.OK, "budget", String.join(", ", List.copyOf(names)));
        }
    }
}
