package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeployConfigTest {

    @Test
    void an_alert_email_is_all_that_is_required() {
        var config = DeployConfig.fromContext(Map.<String, Object>of("alertEmail", "me@example.com")::get);

        assertThat(config)
                .isEqualTo(new DeployConfig(
                        "me@example.com", "me@example.com", 5, OptionalInt.empty(), false, true, 10_000));
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
                "costKillSwitch", "off",
                "dailyRequestLimit", "2500");

        assertThat(DeployConfig.fromContext(context::get))
                .isEqualTo(new DeployConfig("me@example.com", "team-blue", 2.5, OptionalInt.of(3), true, false, 2500));
    }

    @Test
    void the_cost_kill_switch_is_on_unless_switched_off() {
        assertThat(DeployConfig.fromContext(Map.<String, Object>of("alertEmail", "me@example.com")::get)
                        .costKillSwitch())
                .isTrue();
        for (var off : List.<Object>of("off", "OFF", "false", false)) {
            var context = Map.<String, Object>of("alertEmail", "me@example.com", "costKillSwitch", off);
            assertThat(DeployConfig.fromContext(context::get).costKillSwitch())
                    .as("costKillSwitch=%s", off)
                    .isFalse();
        }
        // An unset workflow variable arrives as an empty value: the default.
        var empty =
                Map.<String, Object>of("alertEmail", "me@example.com", "costKillSwitch", "", "dailyRequestLimit", "");
        assertThat(DeployConfig.fromContext(empty::get))
                .extracting(DeployConfig::costKillSwitch, DeployConfig::dailyRequestLimit)
                .containsExactly(true, DeployConfig.DEFAULT_DAILY_REQUEST_LIMIT);
    }

    @Test
    void the_default_daily_limit_keeps_a_month_at_the_limit_inside_the_default_budget() {
        // At most about 10 micro-dollars a request beyond the free amounts (see DEFAULT_DAILY_REQUEST_LIMIT).
        var worstCaseMonthUsd = DeployConfig.DEFAULT_DAILY_REQUEST_LIMIT * 31 * 10e-6;
        assertThat(worstCaseMonthUsd).isLessThan(DeployConfig.DEFAULT_MONTHLY_BUDGET_USD);
        // and far below what the throttling alone lets through: 2 requests a second all day on each method.
        assertThat(DeployConfig.DEFAULT_DAILY_REQUEST_LIMIT)
                .isLessThan(PetsApiFacts.THROTTLING_RATE_LIMIT * 86_400 / 10);
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
                "alertEmail",
                "me@example.com",
                "reservedConcurrency",
                4.0,
                "monthlyBudgetUsd",
                10,
                "dailyRequestLimit",
                20000.0);

        var config = DeployConfig.fromContext(context::get);

        assertThat(config.reservedConcurrency()).hasValue(4);
        assertThat(config.monthlyBudgetUsd()).isEqualTo(10);
        assertThat(config.dailyRequestLimit()).isEqualTo(20_000);
    }

    @Test
    void all_bad_values_are_reported_at_once() {
        var context = Map.<String, Object>of(
                "alertEmail", "not-an-address",
                "monthlyBudgetUsd", "-1",
                "reservedConcurrency", "lots",
                "detailedMetrics", "maybe",
                "costKillSwitch", "maybe",
                "dailyRequestLimit", "1.5");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeployConfig.fromContext(context::get))
                .withMessageContaining("alertEmail")
                .withMessageContaining("monthlyBudgetUsd")
                .withMessageContaining("reservedConcurrency")
                .withMessageContaining("detailedMetrics")
                .withMessageContaining("costKillSwitch must be on or off, was maybe")
                .withMessageContaining("dailyRequestLimit must be a whole number of requests >= 1, was 1.5");
    }
}
