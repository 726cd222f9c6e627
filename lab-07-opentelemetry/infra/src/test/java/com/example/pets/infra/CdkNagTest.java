package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * cdk-nag's AwsSolutions rules ran during synthesis (see CdkApp.define) and left their findings as
 * annotations, the same ones {@code cdk synth} prints.
 */
class CdkNagTest {

    @Test
    void the_stack_passes_the_aws_solutions_checks() {
        var annotations = Annotations.fromStack(SynthesizedStack.stack());
        var finding = Match.stringLikeRegexp("AwsSolutions-.*");
        assertThat(annotations.findError("*", finding)).isEmpty();
        assertThat(annotations.findWarning("*", finding)).isEmpty();
    }

    @Test
    void the_checks_ran_on_the_stack_and_reported_each_rule() throws IOException {
        // Without it the test above would pass with cdk-nag left out of CdkApp.define as well.
        var stack = SynthesizedStack.stack();
        template(); // synthesizes, and the checks write their report next to the template
        var report =
                Path.of(App.of(stack).getOutdir()).resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");

        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("AwsSolutions-IAM4", "Suppressed", "Compliant");
    }

    @Test
    void synthesis_leaves_no_warnings_to_scroll_past() {
        Annotations.fromStack(SynthesizedStack.stack()).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void every_suppression_says_why() {
        var suppressions = template().toJSON().entrySet().stream()
                .filter(section -> section.getKey().equals("Resources"))
                .flatMap(section -> ((Map<?, ?>) section.getValue()).values().stream())
                .map(resource -> (Map<?, ?>) ((Map<?, ?>) resource).get("Metadata"))
                .filter(metadata -> metadata != null && metadata.containsKey("cdk_nag"))
                .flatMap(
                        metadata -> ((List<?>) ((Map<?, ?>) metadata.get("cdk_nag")).get("rules_to_suppress")).stream())
                .map(suppression -> (Map<?, ?>) suppression)
                .toList();

        assertThat(suppressions)
                .isNotEmpty()
                .allSatisfy(suppression -> assertThat((String) suppression.get("reason"))
                        .as("reason for %s", suppression.get("id"))
                        .hasSizeGreaterThanOrEqualTo(10));
    }
}
