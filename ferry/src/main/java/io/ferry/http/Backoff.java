package io.ferry.http;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The waits between retries of Ferry's clients: the first wait is {@code initial}; a server's
 * {@code Retry-After} replaces the wait when present; each next wait is the last one times
 * {@code multiplier}, at most {@code max}. With {@code jitter} j > 0 each wait returned is drawn
 * uniformly from {@code [w·(1−j), w·(1+j)]} around the un-jittered wait w, which alone grows, so
 * that many clients that failed together do not retry in step.
 *
 * <pre>{@code
 * Backoff remoteWrite = Backoff.doubling(Duration.ofMillis(30), Duration.ofSeconds(5));  // Prometheus' remote write
 * Backoff poll = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5, 0.5, random); // PushProx's client
 * Duration wait = poll.next();   // after a failure; poll.reset() after a success
 * }</pre>
 *
 * <p>Not thread-safe: one per sequence of retries.
 */
public final class Backoff {
    /** The wait after a zero wait, so that a zero {@code initial} retries once at once and then backs off. */
    static final Duration FLOOR = Duration.ofMillis(1);

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final RandomGenerator random;
    private Duration next;

    /**
     * @param multiplier at least 1
     * @param jitter     0 (exact waits) up to 1
     */
    public Backoff(Duration initial, Duration max, double multiplier, double jitter, RandomGenerator random) {
        if (!(multiplier >= 1) || !(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1 and jitter within [0, 1], got "
                    + multiplier + " and " + jitter);
        }
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
        this.next = initial;
    }

    /** Prometheus' remote write backoff: doubling, exact. */
    public static Backoff doubling(Duration min, Duration max) {
        return new Backoff(min, max, 2, 0, RandomGenerator.getDefault());
    }

    /** The wait before the next attempt. */
    public Duration next() {
        return next(Duration.ZERO);
    }

    /** The wait before the next attempt, given the server's Retry-After ({@code ZERO} when none). */
    public Duration next(Duration retryAfter) {
        boolean advised = !(retryAfter.isZero() || retryAfter.isNegative());
        Duration base = advised ? retryAfter : next;
        Duration grown = base.isZero() ? FLOOR : Duration.ofNanos((long) Math.min(Long.MAX_VALUE, base.toNanos() * multiplier));
        next = grown.compareTo(max) > 0 ? max : grown;
        return advised ? base : jittered(base);
    }

    /** Starts again from {@code initial}: after a success. */
    public void reset() {
        next = initial;
    }

    private Duration jittered(Duration wait) {
        if (jitter == 0 || wait.isZero()) {
            return wait;
        }
        double nanos = wait.toNanos();
        return Duration.ofNanos((long) (nanos * (1 - jitter) + random.nextDouble() * 2 * jitter * nanos));
    }
}
