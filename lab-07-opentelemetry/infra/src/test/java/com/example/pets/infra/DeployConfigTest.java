package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeployConfigTest {

    @Test
    void an_alert_email_is_all_that_is_required() {
        var config = DeployConfig.fromContext(Map.<String, Object>of("alertEmail", "me@example.com")::get);

        assertThat(config)
                .isEqualTo(new DeployConfig("me@example.com", "me@example.com", 5, OptionalInt.empty(), false, false));
    }

    @Test
    void without_an_alert_email_the_message_says_how_to_pass_one() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of()::get))
                .withMessageContaining("-c alertEmail=you@example.com");
    }

    @Test
    void every_setting_can_be_given_on_the_command_line() {
        var context = Map.<String, Object>of(
                "alertEmail", "me@example.com",
                "owner", "team-blue",
                "monthlyBudgetUsd", "2.5",
                "reservedConcurrency", "3",
                "detailedMetrics", "true",
                "transactionSearch", "true");

        assertThat(DeployConfig.fromContext(context::get))
                .isEqualTo(new DeployConfig("me@example.com", "team-blue", 2.5, OptionalInt.of(3), true, true));
    }

    @Test
    void reserved_concurrency_can_be_left_out_for_accounts_with_a_limit_of_ten() {
        var context = Map.<String, Object>of("alertEmail", "me@example.com", "reservedConcurrency", "none");

        assertThat(DeployConfig.fromContext(context::get).reservedConcurrency()).isEmpty();
    }

    @Test
    void an_empty_reserved_concurrency_as_an_unset_workflow_variable_sends_it_reserves_nothing() {
        var context = Map.<String, Object>of("alertEmail", "me@example.com", "reservedConcurrency", "");

        assertThat(DeployConfig.fromContext(context::get).reservedConcurrency()).isEmpty();
    }

    @Test
    void numbers_from_cdk_json_are_accepted() {
        var context = Map.<String, Object>of(
                "alertEmail", "me@example.com", "reservedConcurrency", 4.0, "monthlyBudgetUsd", 10);

        var config = DeployConfig.fromContext(context::get);

        assertThat(config.reservedConcurrency()).hasValue(4);
        assertThat(config.monthlyBudgetUsd()).isEqualTo(10);
    }

    @Test
    void all_bad_values_are_reported_at_once() {
        var context = Map.<String, Object>of(
                "alertEmail", "not-an-address",
                "monthlyBudgetUsd", "-1",
                "reservedConcurrency", "lots",
                "detailedMetrics", "maybe",
                "transactionSearch", "yes");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeployConfig.fromContext(context::get))
                .withMessageContaining("alertEmail")
                .withMessageContaining("monthlyBudgetUsd")
                .withMessageContaining("reservedConcurrency")
                .withMessageContaining("detailedMetrics")
                .withMessageContaining("transactionSearch must be true or false, was yes");
    }
}
