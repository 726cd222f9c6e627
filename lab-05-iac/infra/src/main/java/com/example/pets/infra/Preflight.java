package com.example.pets.infra;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.freetier.model.AccountPlanType;

/**
 * Run before the first deploy, with the credentials you will deploy with:
 * {@code ../mvnw -q compile exec:java@preflight} in infra/. Read-only calls only. Each line says what it found
 * and, where something needs doing, what to do. Exit code 0 when nothing stops a deploy, 1 when something
 * does or a call failed (one line for it, no stack trace).
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

    /** The checks after the account's and the region's (judged by its name alone), in the order they run. */
    static final List<Check> CHECKS = List.of(PLAN, CONCURRENCY, BOOTSTRAP, LOGGING_ROLE, BUDGET);

    private Preflight() {}

    public static void main(String[] args) {
        System.exit(run(AwsClients::fromEnvironment, List.of(args), System.out));
    }

    /** The checks, or with {@value #DRY_RUN} the list of them; any other option is refused before a call. */
    static int run(Supplier<AwsClients> clientsSource, List<String> args, PrintStream out) {
        var unknown = args.stream().filter(arg -> !arg.equals(DRY_RUN)).toList();
        if (!unknown.isEmpty()) {
            out.println("Unknown option " + unknown.get(0) + ": the only option is " + DRY_RUN
                    + " (list the checks, call nothing).");
            return 1;
        }
        return args.contains(DRY_RUN) ? dryRun(clientsSource, out) : run(clientsSource, out);
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

    static int run(Supplier<AwsClients> clientsSource, PrintStream out) {
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
