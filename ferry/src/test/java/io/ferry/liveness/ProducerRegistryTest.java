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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerRegistryTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels A = Labels.of("job", "backup", "instance", "a");
    private static final Labels B = Labels.of("job", "backup", "instance", "b");

    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(T0));
    private final ProducerRegistry registry = new ProducerRegistry(clock);

    private void at(long millisAfterT0) {
        clock.set(Instant.ofEpochMilli(T0 + millisAfterT0));
    }

    private ProducerView view(Route route, Labels labels) {
        return registry.producers(route).stream().filter(v -> v.labels().equals(labels)).findFirst().orElseThrow();
    }

    private static RouteRules every(long seconds, long graceSeconds, List<Labels> expected) {
        return RouteRules.all(Expectation.every(Duration.ofSeconds(seconds), Duration.ofSeconds(graceSeconds)),
                expected, 100);
    }

    @Test
    void upThenOverdueThenDownByEveryAndGrace() {
        registry.rules(Route.SCRAPE, every(60, 60, List.of()));
        registry.report(Route.SCRAPE, A, T0, true, "");
        at(60_000);
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.UP);
        at(60_001);
        ProducerView overdue = view(Route.SCRAPE, A);
        assertThat(overdue.health()).isEqualTo(Health.OVERDUE);
        assertThat(overdue.health().isUp()).isTrue();
        at(120_000);
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.OVERDUE);
        at(120_001);
        ProducerView down = view(Route.SCRAPE, A);
        assertThat(down.health()).isEqualTo(Health.DOWN);
        assertThat(down.reason()).isEqualTo("no scrape for 2m (every 1m, grace 1m)");
        assertThat(down.lastSeenMillis()).isEqualTo(T0);
        assertThat(down.judged()).isTrue();
        assertThat(down.intervalSeconds()).hasValue(60);
        assertThat(down.grace()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aFailedOutcomeIsDownUntilTheNextSuccess() {
        registry.rules(Route.SCRAPE, every(60, 60, List.of()));
        registry.report(Route.SCRAPE, A, T0, true, "");
        registry.report(Route.SCRAPE, A, T0 + 10_000, false, "connection refused");
        at(10_000);
        ProducerView v = view(Route.SCRAPE, A);
        assertThat(v.health()).isEqualTo(Health.DOWN);
        assertThat(v.reason()).isEqualTo("last scrape failed: connection refused");
        assertThat(v.lastError()).isEqualTo("connection refused");
        assertThat(v.lastSeenMillis()).isEqualTo(T0);
        // An older outcome changes nothing; a newer success clears the failure.
        assertThat(registry.report(Route.SCRAPE, A, T0 + 5_000, true, "")).isTrue();
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.DOWN);
        registry.report(Route.SCRAPE, A, T0 + 20_000, true, "");
        at(20_000);
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.UP);
        assertThat(view(Route.SCRAPE, A).lastError()).isEmpty();
    }

    @Test
    void expectedAndNeverSeenIsDownAndAProducerBeforeItsFirstEventIsUnknown() {
        registry.rules(Route.PUSH, every(3600, 300, List.of(B)));
        ProducerView expected = view(Route.PUSH, B);
        assertThat(expected.health()).isEqualTo(Health.DOWN);
        assertThat(expected.expected()).isTrue();
        assertThat(expected.lastSeenMillis()).isZero();
        assertThat(expected.reason()).isEqualTo("expected, no push yet");
        assertThat(expected.intervalSeconds()).hasValue(3600);
        // An expected producer forgotten by retain stays expected.
        registry.report(Route.PUSH, B, T0, true, "");
        assertThat(view(Route.PUSH, B).health()).isEqualTo(Health.UP);
        registry.retain(Route.PUSH, l -> false);
        assertThat(view(Route.PUSH, B).health()).isEqualTo(Health.DOWN);

        assertThat(Judge.judge(Route.SCRAPE, A, null, Optional.empty(), false, T0).health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void anAnnouncedProducerIsUnknownUntilItsFirstOutcomeAndCountedSo() {
        registry.rules(Route.SCRAPE, every(60, 60, List.of()));
        assertThat(registry.announce(Route.SCRAPE, A)).isTrue();
        ProducerView v = view(Route.SCRAPE, A);
        assertThat(v.health()).isEqualTo(Health.UNKNOWN);
        assertThat(v.reason()).isEqualTo("no scrape yet");
        assertThat(v.lastSeenMillis()).isZero();
        assertThat(counts()).containsEntry("{health=\"unknown\",route=\"scrape\"}", 1.0);

        registry.report(Route.SCRAPE, A, T0, true, "");
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.UP);
        registry.announce(Route.SCRAPE, A); // again, as each change of the targets does: nothing changes
        assertThat(view(Route.SCRAPE, A).health()).isEqualTo(Health.UP);
        assertThat(counts()).containsEntry("{health=\"unknown\",route=\"scrape\"}", 0.0);

        assertThat(registry.announce(Route.STATSD, B)).as("a route that is off").isFalse();
    }

    /** {@link ProducerRegistry#PRODUCERS} by its labels. */
    private Map<String, Double> counts() {
        Map<String, Double> counts = new TreeMap<>();
        for (MetricFamily family : registry.families()) {
            if (family.name().equals(ProducerRegistry.PRODUCERS)) {
                family.metrics().forEach(m -> counts.put(m.labels().toString(), ((ValueMetric) m).value()));
            }
        }
        return counts;
    }

    @Test
    void withoutAnExpectationAProducerIsUpOnceSeenWhileItsLastOutcomeWasOk() {
        registry.rules(Route.PUSH, new RouteRules(l -> Optional.empty(), List.of(), 100));
        registry.report(Route.PUSH, A, T0, true, "");
        at(86_400_000L * 30);
        ProducerView v = view(Route.PUSH, A);
        assertThat(v.health()).isEqualTo(Health.UP);
        assertThat(v.judged()).isFalse();
        assertThat(v.intervalSeconds()).isEmpty();
        registry.report(Route.PUSH, A, T0 + 1, false, "bad body");
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.DOWN);
    }

    @Test
    void anOutcomeAtTheSameMillisecondReplacesTheLastOne() {
        registry.rules(Route.PUSH, new RouteRules(l -> Optional.empty(), List.of(), 100));
        registry.report(Route.PUSH, A, T0, true, "");
        assertThat(registry.report(Route.PUSH, A, T0, false, "bad body")).isTrue();  // refused in the same ms
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.DOWN);
        assertThat(view(Route.PUSH, A).lastError()).isEqualTo("bad body");
        assertThat(view(Route.PUSH, A).history()).containsExactly(Slot.FAILED);  // one send, its latest outcome
        registry.report(Route.PUSH, A, T0 - 1, true, "");  // older: nothing
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.DOWN);
        registry.report(Route.PUSH, A, T0, true, "");
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.UP);
    }

    @Test
    void aFailureReportedWithoutItsErrorTakesTheErrorOfTheSameFailureReportedAfter() {
        // A scrape's reconcile may report the store's refused push, which carries no text, before the
        // push route reports it with the reason.
        registry.rules(Route.PUSH, new RouteRules(l -> Optional.empty(), List.of(), 100));
        registry.report(Route.PUSH, A, T0, false, "");
        registry.report(Route.PUSH, A, T0, false, "bad body");
        assertThat(view(Route.PUSH, A).lastError()).isEqualTo("bad body");
        assertThat(view(Route.PUSH, A).history()).containsExactly(Slot.FAILED); // still one send
        registry.report(Route.PUSH, A, T0, false, ""); // no text: the reason stays
        assertThat(view(Route.PUSH, A).lastError()).isEqualTo("bad body");
        registry.report(Route.PUSH, A, T0, false, "other"); // the first reason given stays
        assertThat(view(Route.PUSH, A).lastError()).isEqualTo("bad body");
    }

    @Test
    void aLearnedIntervalJudgesOnceTwoAreSeen() {
        registry.rules(Route.PUSH, RouteRules.all(Expectation.learned(Duration.ofSeconds(10)), List.of(), 100));
        registry.report(Route.PUSH, A, T0, true, "");
        registry.report(Route.PUSH, A, T0 + 60_000, true, "");
        at(10 * 60_000);
        ProducerView learning = view(Route.PUSH, A);
        assertThat(learning.health()).isEqualTo(Health.UP);
        assertThat(learning.reason()).endsWith("; interval not learned yet");
        registry.report(Route.PUSH, A, T0 + 120_000, true, "");
        at(120_000 + 70_000);
        assertThat(view(Route.PUSH, A).intervalSeconds()).hasValue(60);
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.OVERDUE);
        at(120_000 + 70_001);
        assertThat(view(Route.PUSH, A).health()).isEqualTo(Health.DOWN);
    }

    @Test
    void seenNotesToTheSecondAndGroupsBurstsIntoSends() {
        registry.rules(Route.STATSD, RouteRules.all(Expectation.learned(Duration.ZERO), List.of(), 100));
        for (long t : new long[] {0, 300, 900, 1500, 10_000, 10_400, 20_000, 30_000}) {
            at(t);
            assertThat(registry.seen(Route.STATSD, A)).isTrue();
        }
        ProducerView v = view(Route.STATSD, A);
        assertThat(v.lastSeenMillis()).isEqualTo(T0 + 30_000);
        // Sends at 0, 10 s, 20 s, 30 s: the 1.5 s event and the 10.4 s one were in bursts.
        assertThat(v.intervalSeconds()).hasValue(10);
        assertThat(v.history()).containsExactly(Slot.ON_TIME, Slot.ON_TIME, Slot.ON_TIME, Slot.ON_TIME);
    }

    @Test
    void aRouteTracksAtMostItsMaxProducersAndNoneWhenOff() {
        assertThat(registry.seen(Route.OTLP, A)).isFalse();
        registry.rules(Route.OTLP, RouteRules.all(Expectation.learned(Duration.ZERO), List.of(), 1));
        assertThat(registry.seen(Route.OTLP, A)).isTrue();
        assertThat(registry.seen(Route.OTLP, B)).isFalse();
        assertThat(registry.report(Route.OTLP, B, T0, true, "")).isFalse();
        assertThat(registry.producers()).extracting(ProducerView::labels).containsExactly(A);
        assertThat(registry.routesOn()).containsExactly(Route.OTLP);
    }

    @Test
    void producersAreSortedByRouteThenLabels() {
        for (Route r : Route.values()) {
            registry.rules(r, every(60, 0, List.of()));
        }
        registry.report(Route.OTLP, B, T0, true, "");
        registry.report(Route.SCRAPE, B, T0, true, "");
        registry.report(Route.SCRAPE, A, T0, true, "");
        registry.report(Route.PUSH, A, T0, true, "");
        assertThat(registry.producers()).extracting(v -> v.route() + " " + v.instance())
                .containsExactly("SCRAPE a", "SCRAPE b", "PUSH a", "OTLP b");
    }

    @Test
    void familiesServeLastSeenWithTheRouteAndCountsByHealth() {
        registry.rules(Route.PUSH, every(60, 0, List.of(B)));
        registry.rules(Route.SCRAPE, every(60, 60, List.of()));
        registry.report(Route.PUSH, A, T0, true, "");
        registry.report(Route.SCRAPE, Labels.of("job", "node", "instance", "x:9100", "route", "r1"), T0, true, "");
        Map<String, Map<String, Double>> f = new TreeMap<>();
        for (MetricFamily family : registry.families()) {
            Map<String, Double> series = new TreeMap<>();
            for (Metric m : family.metrics()) {
                series.put(m.labels().toString(), ((ValueMetric) m).value());
            }
            f.put(family.name(), series);
        }
        assertThat(f.get(ProducerRegistry.LAST_SEEN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "{instance=\"a\",job=\"backup\",route=\"push\"}", T0 / 1000.0,
                "{instance=\"b\",job=\"backup\",route=\"push\"}", 0.0,
                "{exported_route=\"r1\",instance=\"x:9100\",job=\"node\",route=\"scrape\"}", T0 / 1000.0));
        assertThat(f.get(ProducerRegistry.PRODUCERS)).hasSize(8)
                .containsEntry("{health=\"up\",route=\"push\"}", 1.0)
                .containsEntry("{health=\"down\",route=\"push\"}", 1.0)
                .containsEntry("{health=\"up\",route=\"scrape\"}", 1.0)
                .containsEntry("{health=\"unknown\",route=\"scrape\"}", 0.0);
    }

    @Test
    void lastSeenIsTheVeryFamilyOfTheCallBeforeUntilAProducerChangesWhileCountsAreJudgedAnew() {
        registry.rules(Route.PUSH, every(60, 0, List.of()));
        registry.report(Route.PUSH, A, T0, true, "");
        List<MetricFamily> first = registry.families();
        assertThat(first.get(0).name()).isEqualTo(ProducerRegistry.LAST_SEEN);
        assertThat(value(first.get(1), "{health=\"up\",route=\"push\"}")).isEqualTo(1.0);
        at(90_000); // A is late now, which only the counts show
        List<MetricFamily> later = registry.families();
        assertThat(later.get(0)).as("nothing noted since: reused, so the render copies it").isSameAs(first.get(0));
        assertThat(value(later.get(1), "{health=\"up\",route=\"push\"}")).isEqualTo(0.0);

        registry.report(Route.PUSH, A, T0, true, ""); // reported again: changes nothing
        assertThat(registry.families().get(0)).isSameAs(first.get(0));
        // Each change: an outcome, a new producer, one forgotten, rules set, an event.
        List<Runnable> changes = List.of(
                () -> registry.report(Route.PUSH, A, T0 + 80_000, true, ""),
                () -> registry.report(Route.PUSH, B, T0 + 80_000, false, "refused"),
                () -> registry.retain(Route.PUSH, A::equals),
                () -> registry.rules(Route.PUSH, every(60, 0, List.of(B))),
                () -> registry.rules(Route.STATSD, every(60, 0, List.of())),
                () -> registry.seen(Route.STATSD, A));
        MetricFamily before = registry.families().get(0);
        for (Runnable change : changes) {
            change.run();
            MetricFamily after = registry.families().get(0);
            assertThat(after).isNotSameAs(before);
            before = after;
        }
        assertThat(before.metrics()).extracting(m -> m.labels().toString()).containsExactly(
                "{instance=\"a\",job=\"backup\",route=\"push\"}", "{instance=\"a\",job=\"backup\",route=\"statsd\"}",
                "{instance=\"b\",job=\"backup\",route=\"push\"}");
    }

    private static double value(MetricFamily family, String labels) {
        return family.metrics().stream().filter(m -> m.labels().toString().equals(labels))
                .mapToDouble(m -> ((ValueMetric) m).value()).findFirst().orElseThrow();
    }

    @Test
    void theMetricsJudgementWithoutDetailAgreesWithTheFullOneInEveryState() {
        Labels failed = Labels.of("job", "backup", "instance", "failed");
        Labels overdue = Labels.of("job", "backup", "instance", "overdue");
        Labels late = Labels.of("job", "backup", "instance", "late");
        registry.rules(Route.PUSH, every(60, 60, List.of(B)));        // B: expected, never seen
        registry.report(Route.PUSH, A, T0 + 200_000, true, "");       // up
        registry.report(Route.PUSH, failed, T0 + 200_000, false, "disk full");
        registry.report(Route.PUSH, overdue, T0 + 130_000, true, ""); // 90 s old: overdue
        registry.report(Route.PUSH, late, T0, true, "");              // 220 s old: down
        at(220_000);
        // judged() is in no order: compared producer by producer, by labels.
        List<ProducerView> full = new ArrayList<>(registry.judged(Route.PUSH, clock.millis(), true));
        List<ProducerView> light = new ArrayList<>(registry.judged(Route.PUSH, clock.millis(), false));
        full.sort(Comparator.comparing(ProducerView::labels));
        light.sort(Comparator.comparing(ProducerView::labels));
        assertThat(full).extracting(ProducerView::health).containsExactly(
                Health.UP, Health.DOWN, Health.DOWN, Health.DOWN, Health.OVERDUE); // by labels: a, b, failed, late, overdue
        assertThat(light).extracting(ProducerView::labels).isEqualTo(full.stream().map(ProducerView::labels).toList());
        assertThat(light).extracting(ProducerView::health).isEqualTo(full.stream().map(ProducerView::health).toList());
        assertThat(light).extracting(ProducerView::lastSeenMillis)
                .isEqualTo(full.stream().map(ProducerView::lastSeenMillis).toList());
        assertThat(light).extracting(ProducerView::intervalSeconds)
                .isEqualTo(full.stream().map(ProducerView::intervalSeconds).toList());
        assertThat(full.get(2).reason()).isEqualTo("last push failed: disk full");
        assertThat(full.get(0).history()).isNotEmpty();
        assertThat(light).allSatisfy(v -> {
            assertThat(v.reason()).isEmpty();
            assertThat(v.history()).isEmpty();
        });
    }
}
