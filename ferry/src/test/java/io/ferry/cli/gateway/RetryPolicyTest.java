package io.ferry.cli.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

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
