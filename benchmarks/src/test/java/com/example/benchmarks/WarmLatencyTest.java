package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmLatencyTest {

    @Test
    void the_overhead_pairs_rounds_so_a_slow_round_for_every_lab_cancels_out() {
        var baseline = result(4_000_000L, 9_000_000L, 4_100_000L);
        var lab = result(4_200_000L, 9_300_000L, 4_250_000L);

        assertThat(lab.p50OverheadOver(baseline)).isEqualTo(200_000L);
    }

    @Test
    void a_lab_faster_than_the_baseline_has_a_negative_overhead() {
        var baseline = result(4_000_000L, 4_000_000L);
        var lab = result(3_900_000L, 3_800_000L);

        assertThat(lab.p50OverheadOver(baseline)).isEqualTo(-200_000L);
    }

    private static WarmLatency.Result result(Long... roundMedians) {
        return new WarmLatency.Result(Stats.of(List.of(roundMedians)), List.of(roundMedians));
    }
}
