package io.ferry.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    @Test
    void doublesFromMinToMaxAndFollowsRetryAfter() {
        Backoff b = Backoff.doubling(Duration.ofMillis(30), Duration.ofSeconds(5));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(30));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(60));
        // The receiver's advice replaces the wait, and the next wait doubles from it, as in Prometheus.
        assertThat(b.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aZeroMinimumRetriesOnceAtOnceThenWaitsFromAMillisecond() {
        Backoff b = Backoff.doubling(Duration.ZERO, Duration.ofMillis(5));
        assertThat(b.next(Duration.ZERO)).isZero();
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(2));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(4));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void jitterSpreadsEachWaitAroundAGrowingBaseAndResetStartsAgain() {
        RandomGenerator low = new Random() {
            @Override
            public double nextDouble() {
                return 0;
            }
        };
        RandomGenerator high = new Random() {
            @Override
            public double nextDouble() {
                return 0.999999;
            }
        };
        Backoff lo = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5, 0.5, low);
        assertThat(lo.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(lo.next()).isEqualTo(Duration.ofMillis(750));
        assertThat(lo.next()).isEqualTo(Duration.ofMillis(1125));
        Backoff hi = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5, 0.5, high);
        assertThat(hi.next()).isBetween(Duration.ofMillis(1499), Duration.ofMillis(1500));
        for (int i = 0; i < 10; i++) {
            hi.next();
        }
        // The base stops at the maximum; the jittered wait stays within half of it either side.
        assertThat(hi.next()).isBetween(Duration.ofMillis(7499), Duration.ofMillis(7500));
        hi.reset();
        assertThat(hi.next()).isBetween(Duration.ofMillis(1499), Duration.ofMillis(1500));
    }

    @Test
    void refusesAShrinkingMultiplierOrJitterOutsideZeroToOne() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5, 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5, 2, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
