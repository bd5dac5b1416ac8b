package io.ferry.remotewrite;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aZeroMinimumRetriesOnceAtOnceThenWaitsFromAMillisecond() {
        Backoff b = new Backoff(Duration.ZERO, Duration.ofMillis(5));
        assertThat(b.next(Duration.ZERO)).isZero();
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(2));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(4));
        assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theEndpointAcceptsTheZeroMinimumTheConfigAllowsButNoNegative() {
        RemoteWriteEndpoint e = RemoteWriteEndpoint.of(URI.create("http://127.0.0.1:9/api/v1/write"));
        assertThat(e.withBackoff(Duration.ZERO, Duration.ofSeconds(5)).minBackoff()).isZero();
        assertThatThrownBy(() -> e.withBackoff(Duration.ofMillis(-1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_backoff");
    }
}
