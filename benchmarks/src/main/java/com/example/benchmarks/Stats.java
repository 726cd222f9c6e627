package com.example.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles by the nearest-rank method: the value below which {@code p} percent of the samples fall. */
final class Stats {

    private final long[] sorted;

    private Stats(long[] sorted) {
        this.sorted = sorted;
    }

    static Stats of(Collection<Long> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("No samples");
        }
        var values = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new Stats(values);
    }

    long percentile(double p) {
        var rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    long median() {
        return percentile(50);
    }

    long min() {
        return sorted[0];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    int count() {
        return sorted.length;
    }
}
