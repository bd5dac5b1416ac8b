package io.ferry.remotewrite;

import java.time.Duration;

/**
 * A remote_write's {@code queue_config:}, with Prometheus' keys and defaults
 * ({@code config.DefaultQueueConfig}).
 *
 * @param sampleAgeLimit samples older than this are dropped instead of sent; zero: never
 */
public record QueueSettings(int capacity, int maxShards, int minShards, int maxSamplesPerSend, Duration batchSendDeadline,
                          Duration minBackoff, Duration maxBackoff, boolean retryOnHttp429, Duration sampleAgeLimit) {

    public static final QueueSettings DEFAULTS = new QueueSettings(10_000, 50, 1, 2_000, Duration.ofSeconds(5),
            Duration.ofMillis(30), Duration.ofSeconds(5), false, Duration.ZERO);
}
