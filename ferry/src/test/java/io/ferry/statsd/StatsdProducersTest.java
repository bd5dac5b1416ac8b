package io.ferry.statsd;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** How StatsD names its producers; the liveness mechanism itself is tested in {@code liveness.ProducerLivenessTest}. */
class StatsdProducersTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong untracked = new AtomicLong();

    private StatsdProducers producers(ProducerRules rules) {
        return new StatsdProducers("up", rules, clock, untracked::incrementAndGet);
    }

    private static ProducerRules rules(String label, String job, List<String> expect, int max) {
        return new ProducerRules(label, job, Optional.of(Duration.ofSeconds(10)), Duration.ofSeconds(1), expect, max);
    }

    /** {@code up} by its labels, as {@code job/instance}. */
    private static Map<String, Double> up(StatsdProducers producers) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricFamily f : producers.families()) {
            if (f.name().equals("up")) {
                for (Metric m : f.metrics()) {
                    assertThat(m.labels().size()).isEqualTo(2);
                    out.put(m.labels().get("job") + "/" + m.labels().get("instance"), ((ValueMetric) m).value());
                }
            }
        }
        return out;
    }

    @Test
    void theLabelNamesTheProducerAndTheJobLabelsItsSeries() {
        StatsdProducers p = producers(rules("host", "apps", List.of("never"), 100));
        p.seen(Labels.of("host", "a", "x", "1"));
        p.seen(Labels.of("instance", "b"));  // no host label: no producer
        assertThat(up(p)).isEqualTo(Map.of("apps/a", 1.0, "apps/never", 0.0));
        assertThat(p.families()).extracting(MetricFamily::name)
                .containsExactly(StatsdProducers.LAST_SEEN, "up");
    }

    @Test
    void producersBeyondTheCapAreCountedOnEveryEvent() {
        StatsdProducers p = producers(rules("instance", "statsd", List.of(), 1));
        p.seen(Labels.of("instance", "a"));
        p.seen(Labels.of("instance", "b"));
        p.seen(Labels.of("instance", "b"));
        p.seen(Labels.of("instance", "a"));
        assertThat(up(p)).containsOnlyKeys("statsd/a");
        assertThat(untracked.get()).isEqualTo(2);
    }

    @Test
    void aReloadChangingTheLabelOrJobStartsAfreshAndOtherChangesKeepProducers() {
        StatsdProducers p = producers(rules("instance", "statsd", List.of(), 100));
        p.seen(Labels.of("instance", "a", "host", "h"));
        p.rules(rules("instance", "statsd", List.of("b"), 100));
        assertThat(up(p)).isEqualTo(Map.of("statsd/a", 1.0, "statsd/b", 0.0));
        p.rules(rules("instance", "apps", List.of(), 100));
        assertThat(p.families()).isEmpty();
        p.seen(Labels.of("instance", "a", "host", "h"));
        assertThat(up(p)).isEqualTo(Map.of("apps/a", 1.0));
        p.rules(rules("host", "apps", List.of(), 100));
        p.seen(Labels.of("instance", "a", "host", "h"));
        assertThat(up(p)).isEqualTo(Map.of("apps/h", 1.0));
        p.rules(ProducerRules.NONE);
        p.seen(Labels.of("instance", "a", "host", "h"));
        assertThat(p.families()).isEmpty();
    }

    @Test
    void nothingIsServedWithoutRules() {
        StatsdProducers p = producers(ProducerRules.NONE);
        p.seen(Labels.of("instance", "a"));
        assertThat(p.families()).isEmpty();
        assertThat(untracked.get()).isZero();
    }
}
