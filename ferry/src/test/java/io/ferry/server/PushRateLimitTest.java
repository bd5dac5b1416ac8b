package io.ferry.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The token buckets, on a clock the test moves. */
class PushRateLimitTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final AtomicInteger refused = new AtomicInteger();

    @Test
    void aBurstThenTheRatePerClient() {
        PushRateLimit limit = new PushRateLimit(2, 3, now::get, refused::incrementAndGet);
        assertThat(limit.take("a")).isZero();
        assertThat(limit.take("a")).isZero();
        assertThat(limit.take("a")).isZero();
        // The burst is spent: the next token comes after half a second at 2 per second.
        assertThat(limit.take("a")).isEqualTo(500_000_000L);
        assertThat(limit.take("b")).isZero(); // another client has its own bucket
        now.addAndGet(250_000_000L);
        assertThat(limit.take("a")).isEqualTo(250_000_000L);
        now.addAndGet(250_000_000L);
        assertThat(limit.take("a")).isZero();
        assertThat(limit.take("a")).isEqualTo(500_000_000L);
    }

    @Test
    void aBucketNeverHoldsMoreThanTheBurst() {
        PushRateLimit limit = new PushRateLimit(10, 2, now::get, refused::incrementAndGet);
        limit.take("a");
        now.addAndGet(60_000_000_000L);
        assertThat(limit.take("a")).isZero();
        assertThat(limit.take("a")).isZero();
        assertThat(limit.take("a")).isPositive();
    }

    @Test
    void idleClientsAreForgotten() {
        PushRateLimit limit = new PushRateLimit(1, 1, now::get, refused::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            limit.take("client-" + i);
        }
        assertThat(limit.clients()).isEqualTo(100);
        now.addAndGet(10_000_000_000L);
        limit.take("late");
        assertThat(limit.clients()).isEqualTo(1);
    }

    @Test
    void idleClientsAreForgottenOnAClockThatStartsNegative() {
        // System.nanoTime has an arbitrary origin and may be negative for the life of the process.
        now.set(-9_000_000_000_000_000_000L);
        PushRateLimit limit = new PushRateLimit(1, 1, now::get, refused::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            limit.take("client-" + i);
        }
        now.addAndGet(10_000_000_000L);
        limit.take("late");
        assertThat(limit.clients()).isEqualTo(1);
    }

    @Test
    void aBucketSweptBetweenLookupAndTakeIsNotUsedDetached() {
        // A concurrent push's sweep runs at the worst moment: after this client found its idle
        // bucket, before it took a token. The token must come from the bucket its next push finds.
        AtomicBoolean sweepNow = new AtomicBoolean();
        PushRateLimit[] limit = new PushRateLimit[1];
        limit[0] = new PushRateLimit(1, 1, now::get, refused::incrementAndGet, () -> {
            if (sweepNow.compareAndSet(true, false)) {
                limit[0].dropIdle(now.get());
            }
        });
        // A full refill takes 2 s here: "a" pushes at 0 and 0.5 s, a sweep at 2.1 s keeps it, and at
        // 3 s it has been idle for 2.5 s with the next sweep not due before 4.1 s.
        limit[0].take("a");
        now.addAndGet(500_000_000L);
        limit[0].take("a");
        now.addAndGet(1_600_000_000L);
        limit[0].take("x");
        now.addAndGet(900_000_000L);
        sweepNow.set(true);
        assertThat(limit[0].take("a")).isZero();
        assertThat(limit[0].take("a")).as("a burst of 1 allows one push in the same instant").isPositive();
    }
}
