package io.ferry.statsd;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code statsd.producers}: which label names a StatsD producer, and how often each must send.
 * Each producer gets {@code up{job="<job>",instance="<value>"}}, merged with push liveness' {@code up}.
 *
 * @param label  the label of an event's final label set (tags and mapping labels) whose value names
 *               the producer; events without it belong to no producer
 * @param job    the {@code job} label of the producers' series
 * @param every  the expected interval between sends; empty for {@code every: auto} (learned per producer)
 * @param grace  added to the interval before a producer counts as down
 * @param expect producers that must exist: {@code up} 0 until they send
 * @param maxProducers the most producers tracked; events naming further ones are not tracked
 */
public record ProducerRules(String label, String job, Optional<Duration> every, Duration grace, List<String> expect,
                            int maxProducers) {

    /** No producer liveness: no {@code up} series from StatsD. */
    public static final ProducerRules NONE = new ProducerRules("", "statsd", Optional.empty(), Duration.ZERO, List.of(),
            0);
    /** What a {@code producers:} section with no keys gives. */
    public static final ProducerRules DEFAULTS = new ProducerRules("instance", "statsd", Optional.empty(), Duration.ZERO,
            List.of(), 10_000);

    public ProducerRules {
        expect = List.copyOf(expect);
    }

    /** Whether producers are tracked at all. */
    public boolean enabled() {
        return !label.isEmpty() && maxProducers > 0;
    }
}
