package io.ferry.cli.gateway;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long a push is tried: at most {@code retries} more attempts after the first,
 * no new attempt after {@code maxTime} from the start, each attempt given {@code attemptTimeout}.
 * Between attempts the wait doubles from {@link #FIRST_WAIT} up to {@link #MAX_WAIT}, and is
 * jittered to a uniform point in its upper half, so that many cron jobs started by the same minute
 * do not retry in step while no wait shrinks to nothing. Immutable.
 *
 * @param retries        attempts after the first, 0 or more
 * @param maxTime        time from the first attempt after which no new attempt starts
 * @param attemptTimeout time one attempt may take, connecting included
 */
public record RetryPolicy(int retries, Duration maxTime, Duration attemptTimeout) {
    public static final Duration FIRST_WAIT = Duration.ofMillis(500);
    public static final Duration MAX_WAIT = Duration.ofSeconds(15);
    /** 5 retries within 60 s, 10 s an attempt: covers a gateway restart without holding a cron slot long. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(10));

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("the retry time must not be negative, got " + maxTime);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + attemptTimeout);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry), jittered with {@code random}. */
    public Duration backoff(int retry, RandomGenerator random) {
        long ceiling = FIRST_WAIT.toMillis() << Math.min(retry - 1, 20);
        long full = Math.min(ceiling, MAX_WAIT.toMillis());
        long half = full / 2;
        return Duration.ofMillis(half + random.nextLong(full - half + 1));
    }
}
