package com.example.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentiles_are_nearest_rank_values_of_the_samples() {
        var stats = Stats.of(LongStream.rangeClosed(1, 100).boxed().toList().reversed());

        assertThat(stats.median()).isEqualTo(50);
        assertThat(stats.percentile(99)).isEqualTo(99);
        assertThat(stats.percentile(100)).isEqualTo(100);
        assertThat(stats.min()).isEqualTo(1);
        assertThat(stats.max()).isEqualTo(100);
        assertThat(stats.count()).isEqualTo(100);
    }

    @Test
    void a_slow_tail_moves_p99_but_not_the_median() {
        var samples = new ArrayList<>(List.of(5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L));
        samples.addAll(List.of(5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L));
        samples.addAll(LongStream.range(0, 79).map(i -> 6).boxed().toList());
        samples.add(900L);

        var stats = Stats.of(samples);

        assertThat(stats.median()).isEqualTo(6);
        assertThat(stats.percentile(99)).isEqualTo(6);
        assertThat(stats.percentile(100)).isEqualTo(900);
    }

    @Test
    void no_samples_is_an_error_not_a_zero() {
        assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
