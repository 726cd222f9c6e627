package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CdkAppTest {

    @Test
    void without_an_email_or_a_built_artifact_synth_fails_with_instructions_but_destroy_can_still_run() {
        var app = App.Builder.create().analyticsReporting(false).build();

        // No exception: `cdk destroy` synthesizes too and must not need either of them.
        var stack = CdkApp.assemble(app, Path.of("no-such", "function.jar"), CdkApp.CUSTOM_METRICS_CSV);

        var annotations = Annotations.fromStack(stack);
        annotations.hasError("/" + CdkApp.STACK_NAME, Match.stringLikeRegexp(".*-c alertEmail=you@example.com.*"));
        annotations.hasError("/" + CdkApp.STACK_NAME, Match.stringLikeRegexp("No Lambda artifact at .*mvnw package.*"));
        // The stand-in configuration reserves no concurrency, like -c reservedConcurrency=none.
        Template.fromStack(stack)
                .hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
        assertThat(stack.getStackName()).isEqualTo("PetsApi");
    }

    @Test
    void without_an_account_the_app_points_to_the_account_set_up_and_the_preflight() {
        // CDK_DEFAULT_ACCOUNT is unset when the CLI found no credentials: one line, and synth goes on.
        assertThat(CdkApp.accountHint(null))
                .hasValueSatisfying(hint -> assertThat(hint)
                        .contains("lab-05-iac/ACCOUNT.md", "../mvnw -q compile exec:java@preflight")
                        .doesNotContain("\n"));
        assertThat(CdkApp.accountHint(" ")).isPresent();
        assertThat(CdkApp.accountHint("123456789012")).isEmpty();
    }
}
