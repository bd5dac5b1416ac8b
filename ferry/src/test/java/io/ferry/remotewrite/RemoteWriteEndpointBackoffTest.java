package io.ferry.remotewrite;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteWriteEndpointBackoffTest {
    @Test
    void theEndpointAcceptsTheZeroMinimumTheConfigAllowsButNoNegative() {
        RemoteWriteEndpoint e = RemoteWriteEndpoint.of(URI.create("http://127.0.0.1:9/api/v1/write"));
        assertThat(e.withBackoff(Duration.ZERO, Duration.ofSeconds(5)).minBackoff()).isZero();
        assertThatThrownBy(() -> e.withBackoff(Duration.ofMillis(-1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_backoff");
    }
}
