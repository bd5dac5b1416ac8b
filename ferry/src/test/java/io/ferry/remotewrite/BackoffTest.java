package io.ferry.remotewrite;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void doublesFromMinToMaxAndFollowsRetryAfter() {
        Backoff b = new Backoff(Duration.ofMillis(30), Duration.ofSeconds(5));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(30));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(60));
        // The receiver's advice replaces the wait, and the next wait doubles from it, as in Prometheus.
        assertThat(b.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    }
}
