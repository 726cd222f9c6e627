package com.example.pets.infra;

import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * What the delivery pipeline needs in the account before it can run: the GitHub OIDC provider and the
 * roles its workflows assume. A stack of its own, deployed once from a laptop
 * ({@code cdk deploy PetsApiPipeline -c githubRepository=owner/name -c githubRepositoryIds=OWNER_ID/REPO_ID},
 * the ids as {@link GithubSubject} prints them), because the workflow cannot create the role it needs to log in;
 * and the workflow never changes it.
 */
public class PipelineStack extends Stack {

    /** @param deployAccess the repository (and its ids), environment and provider the roles are for */
    public record Props(GithubDeployRole.Props deployAccess) {

        public Props {
            Objects.requireNonNull(deployAccess, "deployAccess");
        }
    }

    private final GithubDeployRole github;

    public PipelineStack(Construct scope, String id, Props props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .description("GitHub OIDC provider and deploy roles for the Pets API pipeline ("
                                + PetsStack.COURSE + ", " + PetsStack.LAB + ")")
                        .build());
        Tags.of(this).add("course", PetsStack.COURSE);
        Tags.of(this).add("lab", PetsStack.LAB);

        github = new GithubDeployRole(this, "GitHub", props.deployAccess());

        CfnOutput.Builder.create(this, "DeployRoleArn")
                .description("Repository variable AWS_DEPLOY_ROLE_ARN")
                .value(github.deployRole().getRoleArn())
                .build();
        if (github.diffRole() != null) {
            CfnOutput.Builder.create(this, "DiffRoleArn")
                    .description("Repository variable AWS_DIFF_ROLE_ARN (optional: cdk diff on pull requests)")
                    .value(github.diffRole().getRoleArn())
                    .build();
        }
        CfnOutput.Builder.create(this, "OidcProviderArn")
                .description("The account's GitHub OIDC provider (-c githubOidcProviderArn=... reuses it elsewhere)")
                .value(github.providerArn())
                .build();
    }

    public GithubDeployRole github() {
        return github;
    }
}
