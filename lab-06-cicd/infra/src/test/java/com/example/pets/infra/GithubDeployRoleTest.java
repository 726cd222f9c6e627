package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The trust policies decide who can deploy to the account, so they are checked to the letter: the audience,
 * and a subject naming one repository and one environment (or branch), never a pattern. With the repository's ids,
 * each role lists the same subject in both of GitHub's forms, by name and by name and id.
 */
class GithubDeployRoleTest {

    private static final String REPOSITORY = "octo-org/pets-api";

    /** {@code OWNER_ID/REPO_ID}, as GitHubSubject prints them. */
    private static final String IDS = "1234567/890123456";

    private static final String ISSUER = "token.actions.githubusercontent.com";

    private static PipelineStack pipeline;
    private static Template template;

    /** The app as {@code cdk synth -c githubRepository=octo-org/pets-api} builds it: every stack, cdk-nag on. */
    private static synchronized PipelineStack pipeline() {
        if (pipeline == null) {
            var app = App.Builder.create().analyticsReporting(false).build();
            CdkApp.define(
                    app, SynthesizedStack.CONFIG, SynthesizedStack.placeholderCode(), SynthesizedStack.customMetrics());
            pipeline = CdkApp.definePipeline(
                    app, GithubDeployRole.Props.builder().repository(REPOSITORY).build());
        }
        return pipeline;
    }

    private static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(pipeline());
        }
        return template;
    }

    @Test
    void the_provider_is_githubs_token_issuer_for_the_sts_audience() {
        template().resourceCountIs("AWS::IAM::OIDCProvider", 1);
        template()
                .hasResourceProperties(
                        "AWS::IAM::OIDCProvider",
                        Map.of(
                                "Url", "https://token.actions.githubusercontent.com",
                                "ClientIdList", List.of("sts.amazonaws.com"),
                                // IAM trusts GitHub's certificate authority itself; a pinned thumbprint would only
                                // break the day GitHub changes certificates.
                                "ThumbprintList", Match.absent()));
    }

    @Test
    void the_deploy_role_trusts_the_production_environment_of_one_repository_and_nothing_else() {
        assertThat(trustStatements(roleId("DeployRole")))
                .singleElement()
                .isEqualTo(Map.of(
                        "Effect",
                        "Allow",
                        "Action",
                        "sts:AssumeRoleWithWebIdentity",
                        "Principal",
                        Map.of("Federated", Map.of("Ref", onlyId("AWS::IAM::OIDCProvider"))),
                        "Condition",
                        Map.of(
                                "StringEquals",
                                Map.of(
                                        ISSUER + ":aud", "sts.amazonaws.com",
                                        ISSUER + ":sub", "repo:octo-org/pets-api:environment:production"))));
    }

    @Test
    void the_diff_role_trusts_pull_requests_of_the_repository_only() {
        assertThat(trustStatements(roleId("DiffRole")))
                .singleElement()
                .extracting(statement -> statement.get("Condition"))
                .isEqualTo(Map.of(
                        "StringEquals",
                        Map.of(
                                ISSUER + ":aud", "sts.amazonaws.com",
                                ISSUER + ":sub", "repo:octo-org/pets-api:pull_request")));
    }

    @Test
    void no_trust_policy_matches_a_pattern() {
        var roles = resources("AWS::IAM::Role");
        assertThat(roles).hasSize(2);
        roles.keySet()
                .forEach(id -> assertThat(trustStatements(id)).allSatisfy(statement -> {
                    @SuppressWarnings("unchecked")
                    var condition = (Map<String, Object>) statement.get("Condition");
                    assertThat(condition.keySet()).containsExactly("StringEquals");
                    assertThat(condition.get("StringEquals").toString()).doesNotContain("*", "?");
                }));
    }

    @Test
    void the_deploy_role_may_assume_the_cdk_deploy_roles_read_the_api_stack_and_move_the_live_alias() {
        var statements = policyStatements(roleId("DeployRole"));

        assertThat(statements)
                .extracting(statement -> statement.get("Sid"))
                .containsExactly("AssumeCdkDeployRoles", "ReadApiStackOutputs", "MoveLiveAlias");
        assertThat(statements.get(0).get("Action")).isEqualTo("sts:AssumeRole");
        assertThat(statements.get(0).get("Resource").toString())
                .contains(":role/cdk-hnb659fds-deploy-role-", ":role/cdk-hnb659fds-file-publishing-role-")
                .doesNotContain("lookup-role", "image-publishing-role");
        assertThat(statements.get(1).get("Action")).isEqualTo("cloudformation:DescribeStacks");
        assertThat(statements.get(1).get("Resource").toString()).contains(":stack/PetsApi/*");
        assertThat(statements.get(2).get("Action"))
                .isEqualTo(List.of("lambda:GetAlias", "lambda:GetFunctionConfiguration", "lambda:UpdateAlias"));
        assertThat(statements.get(2).get("Resource").toString()).contains(":function:PetsApi-*");
    }

    @Test
    void the_diff_role_may_only_assume_the_read_only_lookup_role() {
        var statements = policyStatements(roleId("DiffRole"));

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
            assertThat(statement.get("Resource").toString())
                    .contains(":role/cdk-hnb659fds-lookup-role-")
                    .doesNotContain("deploy-role");
        });
    }

    @Test
    void no_action_is_a_wildcard_and_no_resource_is_everything() {
        var statements = resources("AWS::IAM::Policy").keySet().stream()
                .flatMap(id -> policyDocumentStatements(id).stream())
                .toList();

        assertThat(statements).hasSize(4).allSatisfy(statement -> {
            assertThat(actions(statement))
                    .allSatisfy(action -> assertThat(action).doesNotContain("*"));
            assertThat(statement.get("Resource")).isNotEqualTo("*");
        });
        template().resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        template().allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void the_outputs_are_the_values_of_the_repository_variables() {
        assertThat(template().findOutputs("*")).containsOnlyKeys("DeployRoleArn", "DiffRoleArn", "OidcProviderArn");
    }

    @Test
    void the_stack_passes_the_aws_solutions_checks_with_reasons_for_its_suppressions() {
        var annotations = Annotations.fromStack(pipeline());
        var finding = Match.stringLikeRegexp("AwsSolutions-.*");
        assertThat(annotations.findError("*", finding)).isEmpty();
        assertThat(annotations.findWarning("*", finding)).isEmpty();
    }

    @Test
    void without_an_environment_the_role_trusts_pushes_to_the_branch_and_an_existing_provider_is_reused() {
        var providerArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        var app = App.Builder.create().analyticsReporting(false).build();
        var stack = CdkApp.definePipeline(
                app,
                GithubDeployRole.Props.builder()
                        .repository(REPOSITORY)
                        .environment(null)
                        .branch("release")
                        .existingProviderArn(providerArn)
                        .pullRequestDiff(false)
                        .build());

        var variant = Template.fromStack(stack);

        variant.resourceCountIs("AWS::IAM::OIDCProvider", 0);
        variant.resourceCountIs("AWS::IAM::Role", 1);
        variant.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                        Match.objectLike(
                                Map.of(
                                        "Statement",
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "Principal",
                                                                Map.of("Federated", providerArn),
                                                                "Condition",
                                                                Map.of(
                                                                        "StringEquals",
                                                                        Map.of(
                                                                                ISSUER + ":aud", "sts.amazonaws.com",
                                                                                ISSUER + ":sub",
                                                                                        "repo:octo-org/pets-api:ref:refs/heads/release")))))))));
    }

    /** A public repository with the production environment, or a private one without environments. */
    @Test
    void each_mode_trusts_the_subject_its_deploy_job_sends() {
        assertThat(trustedSubjects(Map.of("githubRepository", REPOSITORY)).get("DeployRole"))
                .isEqualTo("repo:octo-org/pets-api:environment:production");
        assertThat(trustedSubjects(Map.of("githubRepository", REPOSITORY, "githubEnvironment", "none"))
                        .get("DeployRole"))
                .isEqualTo("repo:octo-org/pets-api:ref:refs/heads/main");
    }

    /**
     * A repository created on or after 2026-07-15 sends only the immutable form, with the owner's and the repository's ids:
     * a role that names the repository by name alone refuses every one of its tokens.
     */
    @Test
    void a_new_repositorys_immutable_subject_is_trusted_for_deployments_and_pull_requests() {
        var trusted = trustedSubjects(Map.of("githubRepository", REPOSITORY, "githubRepositoryIds", IDS));

        assertThat(trusted.get("DeployRole"))
                .isEqualTo(List.of(
                        "repo:octo-org/pets-api:environment:production",
                        "repo:octo-org@1234567/pets-api@890123456:environment:production"));
        assertThat(trusted.get("DiffRole"))
                .isEqualTo(List.of(
                        "repo:octo-org/pets-api:pull_request",
                        "repo:octo-org@1234567/pets-api@890123456:pull_request"));
    }

    @Test
    void without_an_environment_both_forms_name_pushes_to_main() {
        var trusted = trustedSubjects(
                Map.of("githubRepository", REPOSITORY, "githubRepositoryIds", IDS, "githubEnvironment", "none"));

        assertThat(trusted.get("DeployRole"))
                .isEqualTo(List.of(
                        "repo:octo-org/pets-api:ref:refs/heads/main",
                        "repo:octo-org@1234567/pets-api@890123456:ref:refs/heads/main"));
    }

    @Test
    void another_environment_is_named_in_both_forms() {
        var access = GithubDeployRole.Props.builder()
                .repository(REPOSITORY)
                .repositoryIds(IDS)
                .environment("prod")
                .build();

        assertThat(access.subjects(access.deployJob()))
                .containsExactly(
                        "repo:octo-org/pets-api:environment:prod",
                        "repo:octo-org@1234567/pets-api@890123456:environment:prod");
    }

    @Test
    void repository_ids_are_two_numbers_never_a_pattern() {
        for (var ids : List.of("1234567", "octo-org/pets-api", "1234567/*", "*/890123456", "12a/34", "1/2/3", "")) {
            assertThatIllegalArgumentException()
                    .as(ids)
                    .isThrownBy(() -> GithubDeployRole.Props.builder()
                            .repository(REPOSITORY)
                            .repositoryIds(ids)
                            .build())
                    .withMessageContaining("OWNER_ID/REPO_ID");
        }
        var wrong = App.Builder.create()
                .analyticsReporting(false)
                .context(Map.of("githubRepository", REPOSITORY, "githubRepositoryIds", "octo-org@1/pets-api@2"))
                .build();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CdkApp.assemblePipeline(wrong))
                .withMessageContaining("PetsApiPipeline")
                .withMessageContaining("OWNER_ID/REPO_ID");
    }

    /** The {@code sub} each role of the pipeline stack that the context builds trusts: a string, or a list. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> trustedSubjects(Map<String, Object> context) {
        var app =
                App.Builder.create().analyticsReporting(false).context(context).build();
        var stack = CdkApp.assemblePipeline(app).orElseThrow();
        var trusted = new HashMap<String, Object>();
        Template.fromStack(stack).findResources("AWS::IAM::Role").forEach((id, role) -> {
            var trust = (Map<String, Object>)
                    ((Map<String, Object>) role.get("Properties")).get("AssumeRolePolicyDocument");
            var statement = ((List<Map<String, Object>>) trust.get("Statement")).get(0);
            var condition = (Map<String, Map<String, Object>>) statement.get("Condition");
            assertThat(condition).containsOnlyKeys("StringEquals");
            assertThat(condition.get("StringEquals")).containsEntry(ISSUER + ":aud", "sts.amazonaws.com");
            assertThat(condition.get("StringEquals").toString()).doesNotContain("*", "?");
            trusted.put(
                    id.startsWith("GitHubDeployRole") ? "DeployRole" : "DiffRole",
                    condition.get("StringEquals").get(ISSUER + ":sub"));
        });
        return trusted;
    }

    @Test
    void a_repository_is_owner_slash_name_without_wildcards() {
        for (var repository : List.of("pets-api", "octo-org/*", "*/pets-api", "octo-org/pets-api/extra", "")) {
            assertThatIllegalArgumentException()
                    .as(repository)
                    .isThrownBy(() -> GithubDeployRole.Props.builder()
                            .repository(repository)
                            .build())
                    .withMessageContaining("owner/name");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GithubDeployRole.Props.builder()
                        .repository(REPOSITORY)
                        .environment(null)
                        .branch("*")
                        .build());
        assertThatNullPointerException()
                .isThrownBy(() -> GithubDeployRole.Props.builder().build());
    }

    @Test
    void without_the_repository_ids_the_synth_warns_that_a_new_repository_would_be_refused() {
        var byName = CdkApp.assemblePipeline(App.Builder.create()
                        .analyticsReporting(false)
                        .context(Map.of("githubRepository", REPOSITORY))
                        .build())
                .orElseThrow();
        var withIds = CdkApp.assemblePipeline(App.Builder.create()
                        .analyticsReporting(false)
                        .context(Map.of("githubRepository", REPOSITORY, "githubRepositoryIds", "1234567/890123456"))
                        .build())
                .orElseThrow();

        Annotations.fromStack(byName)
                .hasWarning("*", Match.stringLikeRegexp("No githubRepositoryIds: .* every job would be refused.*"));
        Annotations.fromStack(withIds).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void the_app_has_the_pipeline_stack_only_when_a_repository_is_given() {
        var without = App.Builder.create().analyticsReporting(false).build();
        assertThat(CdkApp.assemblePipeline(without)).isEmpty();

        var with = App.Builder.create()
                .analyticsReporting(false)
                .context(Map.of("githubRepository", REPOSITORY, "githubEnvironment", "prod"))
                .build();
        assertThat(CdkApp.assemblePipeline(with))
                .hasValueSatisfying(stack -> assertThat(stack.getStackName()).isEqualTo("PetsApiPipeline"));

        var wrong = App.Builder.create()
                .analyticsReporting(false)
                .context(Map.of("githubRepository", "pets-api"))
                .build();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CdkApp.assemblePipeline(wrong))
                .withMessageContaining("PetsApiPipeline")
                .withMessageContaining("owner/name");
    }

    private static Map<String, Map<String, Object>> resources(String type) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> found =
                (Map<String, Map<String, Object>>) (Map<?, ?>) template().findResources(type);
        return found;
    }

    private static String onlyId(String type) {
        var found = resources(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The logical id of the role whose id starts with GitHub{name}. */
    private static String roleId(String name) {
        return resources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith("GitHub" + name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no role GitHub" + name + " in " + resources("AWS::IAM::Role")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> trustStatements(String roleId) {
        var properties =
                (Map<String, Object>) resources("AWS::IAM::Role").get(roleId).get("Properties");
        return (List<Map<String, Object>>)
                ((Map<String, Object>) properties.get("AssumeRolePolicyDocument")).get("Statement");
    }

    /** The statements of the inline policy CDK attaches to a role. */
    private static List<Map<String, Object>> policyStatements(String roleId) {
        var policyId = resources("AWS::IAM::Policy").entrySet().stream()
                .filter(policy -> policy.getValue().toString().contains("{Ref=" + roleId + "}"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        return policyDocumentStatements(policyId);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> policyDocumentStatements(String policyId) {
        var properties = (Map<String, Object>)
                resources("AWS::IAM::Policy").get(policyId).get("Properties");
        return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static List<String> actions(Map<String, Object> statement) {
        var action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    @Test
    void the_deploy_role_may_assume_exactly_the_deploy_and_file_publishing_roles() {
        var resources = (List<?>) policyStatements(roleId("DeployRole")).get(0).get("Resource");

        // cdk-...-cfn-exec-role holds AdministratorAccess: a workflow that may assume it owns the account.
        assertThat(resources).hasSize(2);
        assertThat(resources.toString()).doesNotContain("cfn-exec-role");
    }

    @Test
    void the_roles_credentials_last_an_hour() {
        template().allResourcesProperties("AWS::IAM::Role", Map.of("MaxSessionDuration", 3600));
    }
}
