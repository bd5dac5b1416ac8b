package io.ferry.statsd;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerLivenessTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final io.ferry.telemetry.Counter untracked = new DefaultRegistry().counter("untracked_total", "x");

    private ProducerLiveness live(Optional<Duration> every, List<String> expect, int max) {
        return new ProducerLiveness("up", new ProducerRules("instance", "statsd", every, Duration.ofSeconds(1), expect,
                max), clock, untracked.labels());
    }

    /** {@code up} by instance. */
    private static Map<String, Double> up(ProducerLiveness live) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricFamily f : live.families()) {
            if (f.name().equals("up")) {
                for (Metric m : f.metrics()) {
                    assertThat(m.labels().get("job")).isEqualTo("statsd");
                    out.put(m.labels().get("instance"), ((io.ferry.model.ValueMetric) m).value());
                }
            }
        }
        return out;
    }

    @Test
    void aConfiguredIntervalPlusGraceDecides() {
        ProducerLiveness live = live(Optional.of(Duration.ofSeconds(10)), List.of("never"), 100);
        live.seen(Labels.of("instance", "a", "x", "1"));
        live.seen(Labels.of("other", "b"));  // no instance label: no producer
        assertThat(up(live)).isEqualTo(Map.of("a", 1.0, "never", 0.0));
        clock.advance(Duration.ofSeconds(11));
        assertThat(up(live)).containsEntry("a", 1.0);
        clock.advance(Duration.ofMillis(1001));
        assertThat(up(live)).containsEntry("a", 0.0);
        live.seen(Labels.of("instance", "a"));
        assertThat(up(live)).containsEntry("a", 1.0);
    }

    @Test
    void aLearnedCadenceCountsSendsNotPackets() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        for (int flush = 0; flush < 4; flush++) {
            for (int packet = 0; packet < 50; packet++) {  // a burst of packets is one send
                live.seen(Labels.of("instance", "a"));
                clock.advance(Duration.ofMillis(2));
            }
            clock.advance(Duration.ofSeconds(10).minusMillis(100));
        }
        // Learned: every 10 s (+1 s grace); silent for 12 s, it is down.
        assertThat(up(live)).containsEntry("a", 1.0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(up(live)).containsEntry("a", 0.0);
    }

    @Test
    void untilTheCadenceIsLearnedUpOnlySaysItSent() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        live.seen(Labels.of("instance", "a"));
        clock.advance(Duration.ofHours(1));
        assertThat(up(live)).containsEntry("a", 1.0);
    }

    @Test
    void producersBeyondTheCapAreCountedNotTracked() {
        ProducerLiveness live = live(Optional.of(Duration.ofSeconds(10)), List.of(), 2);
        live.seen(Labels.of("instance", "a"));
        live.seen(Labels.of("instance", "b"));
        live.seen(Labels.of("instance", "c"));
        assertThat(up(live)).containsOnlyKeys("a", "b");
        assertThat(untracked.labels().value()).isEqualTo(1);
    }

    @Test
    void nothingIsServedWithoutRules() {
        ProducerLiveness live = new ProducerLiveness("up", ProducerRules.NONE, clock, untracked.labels());
        live.seen(Labels.of("instance", "a"));
        assertThat(live.families()).isEmpty();
    }
}
