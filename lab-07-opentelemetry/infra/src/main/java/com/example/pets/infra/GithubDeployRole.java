package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.constructs.Construct;

/**
 * Lets GitHub Actions workflows of one repository work in this account without any stored key: GitHub
 * signs a short-lived OpenID Connect token for each job, IAM checks it against the provider created here
 * and hands out temporary credentials of a role, whose trust policy names the repository and the job's
 * GitHub environment exactly.
 *
 * <p>GitHub names the repository in a token's {@code sub} claim in one of two forms: by name ({@code
 * repo:OWNER/NAME:...}), or, for repositories created, renamed or transferred on or after 2026-07-15 and those opted
 * in, by name and immutable id ({@code repo:OWNER@OWNER_ID/NAME@REPO_ID:...}). Given the ids, the roles trust both
 * forms of the one repository (see {@link Props#subjects(String)}).
 *
 * <ul>
 *   <li>The <b>deploy role</b> may assume the two CDK bootstrap roles {@code cdk deploy} uses (they hold
 *       the CloudFormation and asset permissions), read the API stack's outputs, read a version's state and
 *       move the function's {@code live} alias (the workflow's rollback). Nothing else.
 *   <li>The optional <b>diff role</b>, for pull requests, may only assume the CDK lookup role, which
 *       reads: enough for {@code cdk diff}, never enough to deploy.
 * </ul>
 */
public class GithubDeployRole extends Construct {

    /**
     * @param repository {@code owner/name} of the GitHub repository, spelled exactly as GitHub does
     *     (the comparison is case-sensitive)
     * @param repositoryIds {@code OWNER_ID/REPO_ID}, the numeric ids GitHub gave the owner and the repository
     *     ({@link GithubSubject} reads them); {@code null} trusts the subjects by name only, which repositories
     *     created before 2026-07-15 send unless renamed, transferred or opted in
     * @param environment the GitHub environment of the deploy job, {@code production} by default; {@code
     *     null} for a deploy job without one, whose pushes to {@code branch} are then trusted instead
     * @param branch the branch that deploys when there is no environment
     * @param existingProviderArn the account's GitHub OIDC provider, when it already has one (IAM allows
     *     one provider per URL and account); {@code null} creates it
     * @param apiStackName the stack whose outputs the deploy role reads and whose function's alias it
     *     moves back on a rollback
     * @param bootstrapQualifier the qualifier of the CDK bootstrap stack ({@code cdk bootstrap
     *     --qualifier}); the default one unless the account was bootstrapped otherwise
     * @param pullRequestDiff whether to create the read-only role for {@code cdk diff} on pull requests
     */
    public record Props(
            String repository,
            String repositoryIds,
            String environment,
            String branch,
            String existingProviderArn,
            String apiStackName,
            String bootstrapQualifier,
            boolean pullRequestDiff) {

        private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]+");
        private static final Pattern IDS = Pattern.compile("[1-9][0-9]*/[1-9][0-9]*");

        public Props {
            Objects.requireNonNull(repository, "repository");
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new IllegalArgumentException(
                        "repository must be owner/name, like octo-org/pets-api (no wildcards), was " + repository);
            }
            // Digits only: the ids are what makes the subject immutable, so no pattern may stand in for them.
            if (repositoryIds != null && !IDS.matcher(repositoryIds).matches()) {
                throw new IllegalArgumentException("repository ids must be OWNER_ID/REPO_ID, two numbers like"
                        + " 1234567/890123456 (exec:java@github-subject prints them), was " + repositoryIds);
            }
            if (environment != null && !NAME.matcher(environment).matches()) {
                throw new IllegalArgumentException("environment must be a GitHub environment name, was " + environment);
            }
            Objects.requireNonNull(branch, "branch");
            if (!NAME.matcher(branch).matches()) {
                throw new IllegalArgumentException("branch must be a branch name (no wildcards), was " + branch);
            }
            Objects.requireNonNull(apiStackName, "apiStackName");
            Objects.requireNonNull(bootstrapQualifier, "bootstrapQualifier");
        }

        /**
         * The {@code sub} claims GitHub may put in the tokens of one kind of job of the repository ({@code
         * environment:production}, {@code ref:refs/heads/main}, {@code pull_request}): the one by name, and with
         * the ids also the immutable one. Which of them a token carries depends on the repository's history, not
         * on the stack, and both name this one repository, so a role trusts both.
         */
        public List<String> subjects(String job) {
            var byName = "repo:" + repository + ":" + job;
            if (repositoryIds == null) {
                return List.of(byName);
            }
            var names = repository.split("/");
            var ids = repositoryIds.split("/");
            return List.of(byName, "repo:" + names[0] + "@" + ids[0] + "/" + names[1] + "@" + ids[1] + ":" + job);
        }

        /** What the deploy job is: a job of its environment, or, without one, a push to the branch. */
        public String deployJob() {
            return environment != null ? "environment:" + environment : "ref:refs/heads/" + branch;
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String repository;
            private String repositoryIds;
            private String environment = "production";
            private String branch = "main";
            private String existingProviderArn;
            private String apiStackName = CdkApp.STACK_NAME;
            private String bootstrapQualifier = "hnb659fds";
            private boolean pullRequestDiff = true;

            public Builder repository(String repository) {
                this.repository = repository;
                return this;
            }

            public Builder repositoryIds(String repositoryIds) {
                this.repositoryIds = repositoryIds;
                return this;
            }

            public Builder environment(String environment) {
                this.environment = environment;
                return this;
            }

            public Builder branch(String branch) {
                this.branch = branch;
                return this;
            }

            public Builder existingProviderArn(String existingProviderArn) {
                this.existingProviderArn = existingProviderArn;
                return this;
            }

            public Builder apiStackName(String apiStackName) {
                this.apiStackName = apiStackName;
                return this;
            }

            public Builder bootstrapQualifier(String bootstrapQualifier) {
                this.bootstrapQualifier = bootstrapQualifier;
                return this;
            }

            public Builder pullRequestDiff(boolean pullRequestDiff) {
                this.pullRequestDiff = pullRequestDiff;
                return this;
            }

            public Props build() {
                return new Props(
                        repository,
                        repositoryIds,
                        environment,
                        branch,
                        existingProviderArn,
                        apiStackName,
                        bootstrapQualifier,
                        pullRequestDiff);
            }
        }
    }

    static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";

    /** The audience configure-aws-credentials asks GitHub to put in the token. */
    static final String AUDIENCE = "sts.amazonaws.com";

    /** What a job run for a pull request is, in its subject. */
    static final String PULL_REQUEST = "pull_request";

    private final String providerArn;
    private final Role deployRole;
    private final Role diffRole;

    public GithubDeployRole(Construct scope, String id, Props props) {
        super(scope, id);

        if (props.existingProviderArn() != null) {
            providerArn = props.existingProviderArn();
        } else {
            // The native AWS::IAM::OIDCProvider: no custom resource. IAM no longer needs certificate thumbprints
            // for GitHub's issuer (it trusts its certificate authority), so none are pinned here.
            providerArn = OidcProviderNative.Builder.create(this, "Provider")
                    .url("https://" + GITHUB_ISSUER)
                    .clientIds(List.of(AUDIENCE))
                    .build()
                    .getOidcProviderArn();
        }

        // The `sub` claim is what names the repository, and its form depends on the job: a job with
        // `environment: production` gets repo:OWNER/NAME:environment:production, NOT ...:ref:refs/heads/main.
        // Trusting only the environment form means every deployment passes the environment's protection rules
        // (required reviewers, and the deployment branch rule that limits it to main).
        var deploySubjects = props.subjects(props.deployJob());
        deployRole = Role.Builder.create(this, "DeployRole")
                .description("GitHub Actions deployments of " + props.repository() + " ("
                        + String.join(" or ", deploySubjects) + ")")
                .assumedBy(trusting(deploySubjects))
                .maxSessionDuration(Duration.hours(1))
                .build();
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("AssumeCdkDeployRoles")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(
                        bootstrapRole(props.bootstrapQualifier(), "deploy"),
                        bootstrapRole(props.bootstrapQualifier(), "file-publishing")))
                .build());
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadApiStackOutputs")
                .actions(List.of("cloudformation:DescribeStacks"))
                .resources(List.of(apiStackArn(props.apiStackName())))
                .build());
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("MoveLiveAlias")
                // GetFunctionConfiguration reads a version's State: a rollback waits until the version it goes
                // back to is Active, since a SnapStart version idle for 14 days turns Inactive.
                // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html
                .actions(List.of("lambda:GetAlias", "lambda:GetFunctionConfiguration", "lambda:UpdateAlias"))
                .resources(List.of(apiFunctionArns(props.apiStackName())))
                .build());
        NagSuppressions.addResourceSuppressions(
                deployRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .appliesTo(List.of(
                                "Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/"
                                        + props.apiStackName() + "/*",
                                "Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:"
                                        + props.apiStackName() + "-*"))
                        .reason("A stack ARN ends in an id CloudFormation makes up, and CloudFormation names the"
                                + " function after its stack: the wildcards stand for those generated parts only.")
                        .build()),
                true);

        if (props.pullRequestDiff()) {
            // Pull requests from branches of the repository; GitHub gives forks' pull requests no token at all.
            diffRole = Role.Builder.create(this, "DiffRole")
                    .description("cdk diff for pull requests of " + props.repository() + " (read-only)")
                    .assumedBy(trusting(props.subjects(PULL_REQUEST)))
                    .maxSessionDuration(Duration.hours(1))
                    .build();
            diffRole.addToPolicy(PolicyStatement.Builder.create()
                    .sid("AssumeCdkLookupRole")
                    .actions(List.of("sts:AssumeRole"))
                    .resources(List.of(bootstrapRole(props.bootstrapQualifier(), "lookup")))
                    .build());
        } else {
            diffRole = null;
        }
    }

    /** Tokens for the {@code sts.amazonaws.com} audience whose subject is exactly one of {@code subjects}. */
    private WebIdentityPrincipal trusting(List<String> subjects) {
        // StringEquals with a list matches when the claim equals any one value, each compared in full.
        Object subject = subjects.size() == 1 ? subjects.get(0) : subjects;
        return new WebIdentityPrincipal(
                providerArn,
                Map.of("StringEquals", Map.of(GITHUB_ISSUER + ":aud", AUDIENCE, GITHUB_ISSUER + ":sub", subject)));
    }

    /** A role of the CDK bootstrap stack in this account and region, e.g. cdk-hnb659fds-deploy-role-... */
    private static String bootstrapRole(String qualifier, String purpose) {
        return "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/cdk-" + qualifier + "-" + purpose + "-role-"
                + Aws.ACCOUNT_ID + "-" + Aws.REGION;
    }

    private static String apiStackArn(String stackName) {
        return "arn:" + Aws.PARTITION + ":cloudformation:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":stack/" + stackName
                + "/*";
    }

    /** Functions CloudFormation named for the stack ({@code PetsApi-ComputeFunction...}), and their aliases. */
    private static String apiFunctionArns(String stackName) {
        return "arn:" + Aws.PARTITION + ":lambda:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":function:" + stackName
                + "-*";
    }

    public String providerArn() {
        return providerArn;
    }

    public Role deployRole() {
        return deployRole;
    }

    /** The read-only role for pull requests, or {@code null} when it was not asked for. */
    public Role diffRole() {
        return diffRole;
    }
}
