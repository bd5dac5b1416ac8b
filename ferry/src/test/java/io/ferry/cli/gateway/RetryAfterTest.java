package io.ferry.cli.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void secondsAndDates() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 08:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sat, 21 Nov 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void unreadableMeansAbsent() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEqualTo(Optional.empty());
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterInTheUpperHalfUpToTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(RetryPolicy.DEFAULT.backoff(1, random)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(RetryPolicy.DEFAULT.backoff(4, random)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(RetryPolicy.DEFAULT.backoff(60, random)).isBetween(Duration.ofMillis(7500), Duration.ofSeconds(15));
        }
    }
}
