package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerLivenessTest {
    private static final ProducerLiveness.Names NAMES = new ProducerLiveness.Names("up", "up help",
            "ferry_test_last_seen_timestamp_seconds", "last seen help");
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong untracked = new AtomicLong();

    private ProducerLiveness live(Optional<Duration> every, List<String> expect, int max) {
        return new ProducerLiveness(NAMES, rules(every, expect, max), clock, untracked::incrementAndGet);
    }

    private static ProducerLiveness.Rules rules(Optional<Duration> every, List<String> expect, int max) {
        return new ProducerLiveness.Rules(every, Duration.ofSeconds(1),
                expect.stream().map(ProducerLivenessTest::producer).toList(), max);
    }

    private static Labels producer(String instance) {
        return Labels.of("job", "statsd", "instance", instance);
    }

    /** {@code up} by instance. */
    private static Map<String, Double> up(ProducerLiveness live) {
        return byInstance(live, "up");
    }

    private static Map<String, Double> byInstance(ProducerLiveness live, String family) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricFamily f : live.families()) {
            if (f.name().equals(family)) {
                for (Metric m : f.metrics()) {
                    assertThat(m.labels().get("job")).isEqualTo("statsd");
                    out.put(m.labels().get("instance"), ((ValueMetric) m).value());
                }
            }
        }
        return out;
    }

    @Test
    void aConfiguredIntervalPlusGraceDecides() {
        ProducerLiveness live = live(Optional.of(Duration.ofSeconds(10)), List.of("never"), 100);
        live.seen(producer("a"));
        assertThat(up(live)).isEqualTo(Map.of("a", 1.0, "never", 0.0));
        clock.advance(Duration.ofSeconds(11));
        assertThat(up(live)).containsEntry("a", 1.0);
        clock.advance(Duration.ofMillis(1001));
        assertThat(up(live)).containsEntry("a", 0.0);
        live.seen(producer("a"));
        assertThat(up(live)).containsEntry("a", 1.0);
    }

    @Test
    void aLearnedCadenceCountsSendsNotPackets() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        for (int flush = 0; flush < 4; flush++) {
            for (int packet = 0; packet < 50; packet++) {  // a burst of packets is one send
                live.seen(producer("a"));
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
        live.seen(producer("a"));
        clock.advance(Duration.ofHours(1));
        assertThat(up(live)).containsEntry("a", 1.0);
    }

    @Test
    void producersBeyondTheCapAreCountedNotTracked() {
        ProducerLiveness live = live(Optional.of(Duration.ofSeconds(10)), List.of(), 2);
        assertThat(live.seen(producer("a"))).isTrue();
        assertThat(live.seen(producer("b"))).isTrue();
        assertThat(live.seen(producer("c"))).isFalse();
        assertThat(up(live)).containsOnlyKeys("a", "b");
        assertThat(untracked.get()).isEqualTo(1);
    }

    @Test
    void nothingIsServedWithoutRules() {
        ProducerLiveness live = new ProducerLiveness(NAMES, ProducerLiveness.Rules.OFF, clock,
                untracked::incrementAndGet);
        assertThat(live.seen(producer("a"))).isFalse();
        assertThat(live.families()).isEmpty();
        assertThat(untracked.get()).isZero();
    }

    @Test
    void nothingIsServedBeforeAProducerSentOrIsExpected() {
        assertThat(live(Optional.empty(), List.of(), 100).families()).isEmpty();
    }

    @Test
    void servesBothFamiliesWithTheRoutesNamesAndHelp() {
        ProducerLiveness live = live(Optional.empty(), List.of("never"), 100);
        live.seen(producer("a"));
        List<MetricFamily> families = live.families();
        assertThat(families).extracting(MetricFamily::name)
                .containsExactly("ferry_test_last_seen_timestamp_seconds", "up");
        assertThat(families).extracting(MetricFamily::help).containsExactly("last seen help", "up help");
        assertThat(byInstance(live, "ferry_test_last_seen_timestamp_seconds"))
                .isEqualTo(Map.of("a", 1767225600.0, "never", 0.0));
    }

    @Test
    void eventsWithinASecondOfTheLastNotedOneDoNotMoveLastSeen() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        live.seen(producer("a"));
        clock.advance(Duration.ofMillis(999));
        live.seen(producer("a"));
        assertThat(byInstance(live, "ferry_test_last_seen_timestamp_seconds")).containsEntry("a", 1767225600.0);
        clock.advance(Duration.ofMillis(1));
        live.seen(producer("a"));
        assertThat(byInstance(live, "ferry_test_last_seen_timestamp_seconds")).containsEntry("a", 1767225601.0);
    }

    @Test
    void anExportSplitOrRetriedWithinASecondIsOneSend() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        for (int export = 0; export < 4; export++) {
            live.seen(producer("a"));
            clock.advance(Duration.ofMillis(1500));  // its second part, or a retry
            live.seen(producer("a"));
            clock.advance(Duration.ofSeconds(30).minusMillis(1500));
        }
        // Learned: every 30 s (+1 s grace), not 1.5 s: up 31 s after the last part, down after.
        clock.advance(Duration.ofMillis(2500));
        assertThat(up(live)).containsEntry("a", 1.0);
        clock.advance(Duration.ofMillis(500));
        assertThat(up(live)).containsEntry("a", 0.0);
    }

    @Test
    void aProducerThatNeverPausesIsLearnedAtTheLongestSend() {
        ProducerLiveness live = live(Optional.empty(), List.of(), 100);
        for (int ms = 0; ms <= 3 * 60_000; ms += 500) {
            live.seen(producer("a"));
            clock.advance(Duration.ofMillis(500));
        }
        // Sends started every minute: learned 60 s (+1 s grace).
        clock.advance(Duration.ofSeconds(60));
        assertThat(up(live)).containsEntry("a", 1.0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(up(live)).containsEntry("a", 0.0);
    }

    @Test
    void newRulesApplyAndKeepWhatWasLearned() {
        ProducerLiveness live = live(Optional.of(Duration.ofSeconds(10)), List.of(), 100);
        live.seen(producer("a"));
        clock.advance(Duration.ofSeconds(20));
        assertThat(up(live)).isEqualTo(Map.of("a", 0.0));
        live.rules(rules(Optional.of(Duration.ofMinutes(1)), List.of("b"), 100));
        assertThat(up(live)).isEqualTo(Map.of("a", 1.0, "b", 0.0));
        live.rules(ProducerLiveness.Rules.OFF);
        assertThat(live.families()).isEmpty();
    }

    @Test
    void producersSeenFromManyThreadsAtOnceAreEachServedOnce() throws InterruptedException {
        ProducerLiveness live = live(Optional.empty(), List.of(), 1000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    live.seen(producer("p" + i % 50));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(up(live)).hasSize(50).allSatisfy((instance, value) -> assertThat(value).isEqualTo(1.0));
        assertThat(untracked.get()).isZero();
    }
}
