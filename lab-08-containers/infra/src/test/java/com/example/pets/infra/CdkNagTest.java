package com.example.pets.infra;

import static com.example.pets.infra.SynthesizedStack.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
