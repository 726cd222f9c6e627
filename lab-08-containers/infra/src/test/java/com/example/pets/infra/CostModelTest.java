package com.example.pets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The break-even model against figures worked out by hand (COSTS.md shows the same arithmetic). */
class CostModelTest {

    private static final CostModel MODEL = CostModel.COURSE;

    @Test
    void an_idle_container_stack_costs_the_task_the_load_balancer_and_three_addresses() {
        // 0.5 x 0.03238 + 1 x 0.00356 = 0.01975 (task), + 0.0225 (ALB), + 3 x 0.005 (IPv4) = 0.05725 USD an hour.
        assertThat(MODEL.fargateIdlePerHour()).isCloseTo(0.05725, within(1e-9));
        assertThat(MODEL.fargateMonthly(0)).isCloseTo(41.7925, within(1e-6));
    }

    @Test
    void one_request_a_second_on_lambda_is_mostly_the_rest_api() {
        // 2,628,000 requests: x 3.70 USD per million = 9.7236; 18,396 GB-s x 0.0000133334 = 0.24528...
        assertThat(MODEL.requestsPerMonth(1)).isEqualTo(2_628_000);
        assertThat(MODEL.lambdaMonthly(1)).isCloseTo(9.7236 + 18_396 * 0.0000133334, within(1e-9));
    }

    @Test
    void one_request_a_second_on_fargate_adds_the_bytes_the_load_balancer_processes() {
        // 2 KB x 3,600 = 7.2 MB an hour = 0.0072 LCU (new connections: 0.004), x 0.008 x 730 = 0.042048 USD.
        assertThat(MODEL.loadBalancerCapacityUnits(1)).isCloseTo(0.0072, within(1e-12));
        assertThat(MODEL.fargateMonthly(1)).isCloseTo(41.7925 + 0.042048, within(1e-9));
    }

    @Test
    void a_second_task_starts_above_150_requests_a_second() {
        assertThat(MODEL.tasks(150)).isEqualTo(1);
        assertThat(MODEL.tasks(151)).isEqualTo(2);
        // The second task: 0.01975 USD an hour, and its public address 0.005.
        assertThat(MODEL.fargateMonthly(151) - MODEL.fargateMonthly(150))
                .isCloseTo((0.01975 + 0.005) * 730 + 0.0072 * 0.008 * 730, within(1e-6));
    }

    @Test
    void lambda_costs_more_from_about_four_requests_a_second() {
        // Below 150 req/s: 9.9688812 r = 41.7925 + 0.042048 r, so r = 41.7925 / 9.9268332 = 4.2101...
        assertThat(MODEL.breakEven()).isCloseTo(41.7925 / (9.7236 + 18_396 * 0.0000133334 - 0.042048), within(0.001));
        assertThat(MODEL.breakEven()).isEqualTo(4.21);
        assertThat(MODEL.lambdaMonthly(4)).isLessThan(MODEL.fargateMonthly(4));
        assertThat(MODEL.lambdaMonthly(5)).isGreaterThan(MODEL.fargateMonthly(5));
    }

    @Test
    void the_committed_chart_is_what_the_model_draws() throws Exception {
        assertThat(Files.readString(Path.of(CostChart.FILE)))
                .as("%s is stale: run ../mvnw -q compile exec:java@cost-chart in infra/", CostChart.FILE)
                .isEqualTo(CostChart.svg(MODEL));
        assertThat(CostChart.svg(MODEL)).contains("break-even: 4.2 req/s (11.1 million a month), 42 USD");
    }
}
