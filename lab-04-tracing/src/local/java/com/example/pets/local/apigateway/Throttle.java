package com.example.pets.local.apigateway;

import java.time.Clock;

/**
 * The stage's throttling of one method, a token bucket like API Gateway's: up to {@code burst} requests at once,
 * refilled at {@code rate} per second. A request that finds the bucket empty gets the 429 of
 * {@link GatewayResponse#THROTTLED} (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).
 */
final class Throttle {

    private final int burst;
    private final int rate;
    private final Clock clock;
    private double tokens;
    private long refilledAtNanos;

    Throttle(int burst, int rate, Clock clock) {
        this.burst = burst;
        this.rate = rate;
        this.clock = clock;
        this.tokens = burst;
        this.refilledAtNanos = nanos();
    }

    synchronized boolean tryAcquire() {
        if (burst == Integer.MAX_VALUE) {
            return true;
        }
        var now = nanos();
        tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * rate);
        refilledAtNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
