package io.ferry.server.auth;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One token bucket, as exporter-toolkit's {@code rate_limit}: it holds at most {@code burst}
 * requests and earns one back every {@code interval}. Thread-safe; never blocks beyond a short lock.
 */
final class RateLimiter {
    private final long intervalNanos;
    private final int burst;
    private final LongSupplier nanoTime;
    private double available;
    private long last;

    RateLimiter(Duration interval, int burst, LongSupplier nanoTime) {
        if (interval.isZero() || interval.isNegative() || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive interval and a burst of at least 1");
        }
        this.intervalNanos = interval.toNanos();
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.available = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one request from the bucket; false when it is empty. */
    synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        available = Math.min(burst, available + (double) (now - last) / intervalNanos);
        last = now;
        if (available >= 1) {
            available -= 1;
            return true;
        }
        return false;
    }
}
