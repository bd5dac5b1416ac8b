package io.ferry.remotewrite;

import java.time.Duration;

/**
 * Prometheus' remote write backoff: the first wait is {@code min}; a receiver's
 * {@code Retry-After} replaces the wait when present; each next wait is twice the last one,
 * at most {@code max}.
 *
 * <p>Not thread-safe: one per batch being retried.
 */
final class Backoff {
    static final Duration FLOOR = Duration.ofMillis(1);

    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        this.max = max;
        this.next = min;
    }

    /** The wait before the next attempt, given the receiver's Retry-After ({@code ZERO} when none). */
    Duration next(Duration retryAfter) {
        Duration sleep = retryAfter.isZero() || retryAfter.isNegative() ? next : retryAfter;
        Duration doubled = sleep.isZero() ? FLOOR : sleep.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return sleep;
    }
}
