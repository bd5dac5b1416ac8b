package io.ferry.statsd.series;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.statsd.series.SeriesStore.Outcome;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * statsd_exporter's registry semantics (pkg/registry, pkg/exporter/exporter_test.go): one name one
 * type, the same name with other label sets, negative counters, TTL expiry, the series limit.
 */
class SeriesStoreRegistryTest {
    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(0));
    private final SeriesStore store = new SeriesStore(clock, 0);

    enum Kind { COUNTER, GAUGE, HISTOGRAM, SUMMARY }

    /** One StatsD event as it reaches the store, already mapped (histogram.* mapped as histogram_${1}). */
    record Event(Kind kind, String name, Labels labels, double value) {
        Outcome applyTo(SeriesStore s) {
            return switch (kind) {
                case COUNTER -> s.counter(name, null, labels, value, 0);
                case GAUGE -> s.gauge(name, null, labels, value, false, 0);
                case HISTOGRAM -> s.histogram(name, null, labels, value, 1, HistogramOptions.DEFAULT, 0);
                case SUMMARY -> s.summary(name, null, labels, value, 1, SummaryOptions.DEFAULT, 0);
            };
        }
    }

    /** A scenario: events in order, the value read back at each of the first events' name and labels, each outcome. */
    record Scenario(String name, List<Event> in, List<Double> expected, List<Outcome> outcomes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Event c(String name, double v, String... labels) {
        return new Event(Kind.COUNTER, name, Labels.of(labels), v);
    }

    private static Event g(String name, double v, String... labels) {
        return new Event(Kind.GAUGE, name, Labels.of(labels), v);
    }

    private static Event h(String name, double v) {
        return new Event(Kind.HISTOGRAM, name, Labels.EMPTY, v);
    }

    private static Event s(String name, double v) {
        return new Event(Kind.SUMMARY, name, Labels.EMPTY, v);
    }

    private static final Outcome OK = Outcome.OK;
    private static final Outcome CONFLICT = Outcome.CONFLICT;

    /** TestConflictingMetrics' scenarios, with the outcomes Ferry reports. */
    static Stream<Scenario> conflictingMetrics() {
        return Stream.of(
                new Scenario("counter vs gauge", List.of(c("cvg_test", 1), g("cvg_test", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs gauge with different labels",
                        List.of(c("cvgl_test", 1, "tag", "1"), c("cvgl_test", 2, "tag", "2"), g("cvgl_test", 3, "tag", "1")),
                        List.of(1.0, 2.0), List.of(OK, OK, CONFLICT)),
                new Scenario("counter vs gauge with same labels",
                        List.of(c("cvgsl_test", 1, "tag", "1"), c("cvgsl_test", 2, "tag", "1"), g("cvgsl_test", 3, "tag", "1")),
                        List.of(3.0), List.of(OK, OK, CONFLICT)),
                new Scenario("gauge vs counter", List.of(g("gvc_test", 2), c("gvc_test", 1)),
                        List.of(2.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs histogram", List.of(c("histogram_test1", 1), h("histogram_test1", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs histogram sum", List.of(c("histogram_test1_sum", 1), h("histogram_test1", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs histogram count", List.of(c("histogram_test2_count", 1), h("histogram_test2", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs histogram bucket", List.of(c("histogram_test3_bucket", 1), h("histogram_test3", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs summary quantile", List.of(c("cvsq_test", 1), s("cvsq_test", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs summary count", List.of(c("cvsc_count", 1), s("cvsc", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                new Scenario("counter vs summary sum", List.of(c("cvss_sum", 1), s("cvss", 2)),
                        List.of(1.0), List.of(OK, CONFLICT)),
                // The other way round, which statsd_exporter leaves to client_golang's gather to fail on.
                new Scenario("histogram vs counter sum", List.of(h("hvcs", 2), c("hvcs_sum", 1)),
                        List.of(2.0), List.of(OK, CONFLICT)),
                new Scenario("histogram vs gauge bucket", List.of(h("hvgb", 2), g("hvgb_bucket", 1)),
                        List.of(2.0), List.of(OK, CONFLICT)),
                new Scenario("summary vs counter count", List.of(s("svcc", 2), c("svcc_count", 1)),
                        List.of(2.0), List.of(OK, CONFLICT)),
                new Scenario("summary vs counter bucket", List.of(s("svcb", 2), c("svcb_bucket", 1)),
                        List.of(2.0, 1.0), List.of(OK, OK)),
                new Scenario("gauge bucket vs summary", List.of(g("gbvs_bucket", 1), s("gbvs", 2)),
                        List.of(1.0, 2.0), List.of(OK, OK)),
                new Scenario("histogram vs summary", List.of(h("hvs", 2), s("hvs", 3)),
                        List.of(2.0), List.of(OK, CONFLICT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflictingMetrics")
    void refusesConflictingMetrics(Scenario t) {
        for (int i = 0; i < t.in().size(); i++) {
            assertThat(t.in().get(i).applyTo(store)).as("outcome of event %d", i).isEqualTo(t.outcomes().get(i));
        }
        for (int i = 0; i < t.expected().size(); i++) {
            Event e = t.in().get(i);
            assertThat(valueOf(store.families(), e.name(), e.labels())).as("value of %s%s", e.name(), e.labels())
                    .isEqualTo(t.expected().get(i));
        }
    }

    /** TestInconsistentLabelSets: {foo=1} and {foo=1,bar=2} under one name, for every type. */
    @Test
    void keepsTheSameNameWithInconsistentLabelSets() {
        Labels first = Labels.of("foo", "1");
        Labels second = Labels.of("foo", "1", "bar", "2");
        for (Labels l : List.of(first, second)) {
            assertThat(store.counter("counter_test", null, l, 1, 0)).isEqualTo(OK);
            assertThat(store.gauge("gauge_test", null, l, 1, false, 0)).isEqualTo(OK);
            assertThat(store.histogram("histogram_test", null, l, 1, 1, HistogramOptions.DEFAULT, 0)).isEqualTo(OK);
            assertThat(store.summary("summary_test", null, l, 1, 1, SummaryOptions.DEFAULT, 0)).isEqualTo(OK);
        }
        List<MetricFamily> families = store.families();
        for (String name : List.of("counter_test", "gauge_test", "histogram_test", "summary_test")) {
            assertThat(valueOf(families, name, first)).as(name).isEqualTo(1.0);
            assertThat(valueOf(families, name, second)).as(name).isEqualTo(1.0);
        }
    }

    /** TestNegativeCounter: refused, and nothing is created. */
    @Test
    void refusesANegativeCounter() {
        assertThat(store.counter("foo", null, Labels.EMPTY, -1, 0)).isEqualTo(Outcome.NEGATIVE_COUNTER);
        assertThat(store.families()).isEmpty();
        assertThat(store.counter("foo", null, Labels.EMPTY, 0, 0)).isEqualTo(OK);
        assertThat(valueOf(store.families(), "foo", Labels.EMPTY)).isEqualTo(0.0);
    }

    /** TestCounterIncrement, and the gauge deltas of the StatsD spec: 333, then -10 and +4, is 327. */
    @Test
    void addsCountersAndSetsOrMovesGauges() {
        Labels l = Labels.of("foo", "bar");
        store.counter("foo_counter", null, l, 1, 0);
        store.counter("foo_counter", null, l, 1, 0);
        store.gauge("gaugor", null, Labels.EMPTY, 333, false, 0);
        store.gauge("gaugor", null, Labels.EMPTY, -10, true, 0);
        store.gauge("gaugor", null, Labels.EMPTY, 4, true, 0);
        List<MetricFamily> families = store.families();
        assertThat(valueOf(families, "foo_counter", l)).isEqualTo(2.0);
        assertThat(valueOf(families, "gaugor", Labels.EMPTY)).isEqualTo(327.0);
        store.gauge("gaugor", null, Labels.EMPTY, 7, false, 0);
        assertThat(valueOf(store.families(), "gaugor", Labels.EMPTY)).isEqualTo(7.0);
    }

    /**
     * TestTtlExpiration: a gauge with ttl 1s and a summary with ttl 2s, both observed at 0; the
     * gauge is gone after 1s, the summary after 2s. At exactly the deadline a series still stands.
     */
    @Test
    void expiresEachSeriesByTheTtlOfItsLastUpdate() {
        store.gauge("foobar", null, Labels.EMPTY, 200, false, 1_000);
        store.summary("bazqux", null, Labels.EMPTY, 42, 1, SummaryOptions.DEFAULT, 2_000);
        store.expire();
        assertThat(valueOf(store.families(), "foobar", Labels.EMPTY)).isEqualTo(200.0);
        assertThat(valueOf(store.families(), "bazqux", Labels.EMPTY)).isEqualTo(42.0);

        clock.set(Instant.ofEpochMilli(1_000));
        store.expire();
        assertThat(valueOf(store.families(), "foobar", Labels.EMPTY)).as("at the deadline").isEqualTo(200.0);

        clock.set(Instant.ofEpochMilli(1_001));
        store.expire();
        assertThat(valueOf(store.families(), "foobar", Labels.EMPTY)).isNull();
        assertThat(valueOf(store.families(), "bazqux", Labels.EMPTY)).isEqualTo(42.0);

        clock.set(Instant.ofEpochMilli(2_001));
        store.expire();
        assertThat(store.families()).isEmpty();
        assertThat(store.seriesCount()).isZero();
    }

    @Test
    void takesTheTtlOfTheLastUpdateAndNeverExpiresTtlZero() {
        store.counter("c", null, Labels.of("a", "1"), 1, 1_000);
        store.counter("c", null, Labels.of("a", "2"), 1, 0);
        clock.advance(Duration.ofMillis(500));
        store.counter("c", null, Labels.of("a", "1"), 1, 5_000); // a longer ttl from a changed mapping
        clock.advance(Duration.ofHours(1));
        store.expire();
        assertThat(valueOf(store.families(), "c", Labels.of("a", "1"))).isNull();
        assertThat(valueOf(store.families(), "c", Labels.of("a", "2"))).as("ttl 0").isEqualTo(1.0);

        store.counter("c", null, Labels.of("a", "3"), 1, 5_000);
        clock.advance(Duration.ofSeconds(4));
        store.counter("c", null, Labels.of("a", "3"), 1, 1_000); // the last update's ttl counts
        clock.advance(Duration.ofMillis(1_001));
        store.expire();
        assertThat(valueOf(store.families(), "c", Labels.of("a", "3"))).isNull();
    }

    /** statsd_exporter #353: a series that expired and comes back starts from zero. */
    @Test
    void aSeriesThatComesBackStartsFromZero() {
        Labels l = Labels.of("host", "a");
        store.counter("hits", null, l, 5, 1_000);
        store.histogram("lat", null, l, 0.3, 1, HistogramOptions.DEFAULT, 1_000);
        clock.advance(Duration.ofSeconds(2));
        store.expire();
        assertThat(store.seriesCount()).isZero();
        store.counter("hits", null, l, 1, 1_000);
        store.histogram("lat", null, l, 0.3, 1, HistogramOptions.DEFAULT, 1_000);
        assertThat(valueOf(store.families(), "hits", l)).isEqualTo(1.0);
        HistogramMetric h = (HistogramMetric) metricOf(store.families(), "lat", l);
        assertThat(h.count()).isEqualTo(1.0);
    }

    /** A name whose series all expired is forgotten: another kind may take it, with new HELP. */
    @Test
    void forgetsANameWhoseSeriesAllExpired() {
        store.counter("x", "Old help.", Labels.EMPTY, 1, 1_000);
        assertThat(store.gauge("x", null, Labels.EMPTY, 1, false, 0)).isEqualTo(CONFLICT);
        clock.advance(Duration.ofSeconds(2));
        store.expire();
        assertThat(store.gauge("x", "New help.", Labels.EMPTY, 9, false, 0)).isEqualTo(OK);
        MetricFamily f = store.families().getFirst();
        assertThat(f.type()).isEqualTo(MetricType.GAUGE);
        assertThat(f.help()).isEqualTo("New help.");
    }

    @Test
    void refusesNewSeriesPastTheLimitButUpdatesExistingOnes() {
        SeriesStore small = new SeriesStore(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(small.counter("c", null, Labels.of("i", "" + i), 1, 1_000)).isEqualTo(OK);
        }
        assertThat(small.counter("c", null, Labels.of("i", "3"), 1, 0)).isEqualTo(Outcome.LIMIT);
        assertThat(small.gauge("g", null, Labels.EMPTY, 1, false, 0)).isEqualTo(Outcome.LIMIT);
        assertThat(small.counter("c", null, Labels.of("i", "0"), 1, 1_000)).isEqualTo(OK);
        assertThat(small.seriesCount()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(2));
        small.expire();
        assertThat(small.counter("c", null, Labels.of("i", "3"), 1, 0)).as("room again after expiry").isEqualTo(OK);
    }

    @Test
    void keepsTheFirstHelpAndDefaultsToStatsdExportersHelp() {
        store.counter("a", null, Labels.EMPTY, 1, 0);
        store.counter("b", "Bees.", Labels.EMPTY, 1, 0);
        store.counter("b", "Other bees.", Labels.of("x", "y"), 1, 0);
        List<MetricFamily> families = store.families();
        assertThat(families.get(0).help()).isEqualTo("Metric autogenerated by statsd_exporter.");
        assertThat(families.get(1).help()).isEqualTo("Bees.");
    }

    @Test
    void rendersFamiliesSortedByNameAndSeriesByLabels() {
        store.gauge("zeta", null, Labels.EMPTY, 1, false, 0);
        store.counter("alpha_total", null, Labels.of("code", "500", "method", "get"), 1, 0);
        store.counter("alpha_total", null, Labels.of("code", "200"), 1, 0);
        store.counter("alpha_total", null, Labels.of("code", "200", "method", "get"), 1, 0);
        store.counter("alpha_total", null, Labels.EMPTY, 1, 0);
        store.histogram("mid", null, Labels.EMPTY, 1, 1, HistogramOptions.DEFAULT, 0);
        store.summary("mid_s", null, Labels.EMPTY, 1, 1, SummaryOptions.DEFAULT, 0);
        List<MetricFamily> families = store.families();
        assertThat(families).extracting(MetricFamily::name).containsExactly("alpha_total", "mid", "mid_s", "zeta");
        assertThat(families).extracting(MetricFamily::type)
                .containsExactly(MetricType.COUNTER, MetricType.HISTOGRAM, MetricType.SUMMARY, MetricType.GAUGE);
        assertThat(families.getFirst().metrics()).extracting(Metric::labels).containsExactly(
                Labels.EMPTY, Labels.of("code", "200"), Labels.of("code", "200", "method", "get"),
                Labels.of("code", "500", "method", "get"));
        assertThat(store.families()).as("the same again").isEqualTo(families);
    }

    @Test
    void keepsLabelsWithAnyTextAndManyLabelNames() {
        Labels odd = Labels.of("path", "/a b/\"ü\"/😀", "empty", "", "nl", "x\ny");
        store.counter("odd", null, odd, 2, 0);
        for (int i = 0; i < 200; i++) {
            store.counter("wide", null, Labels.of("name_" + i, "v" + i), 1, 0);
        }
        assertThat(valueOf(store.families(), "odd", odd)).isEqualTo(2.0);
        assertThat(valueOf(store.families(), "wide", Labels.of("name_199", "v199"))).isEqualTo(1.0);
    }

    /** Label names past the dictionary's cap are kept inline, and still read back. */
    @Test
    void readsBackLabelNamesBeyondTheDictionary() {
        for (int i = 0; i < 10_050; i++) {
            store.gauge("g", null, Labels.of("k" + i, "v"), i, false, 0);
        }
        assertThat(valueOf(store.families(), "g", Labels.of("k10049", "v"))).isEqualTo(10_049.0);
        assertThat(valueOf(store.families(), "g", Labels.of("k5", "v"))).isEqualTo(5.0);
    }

    /** The value of a series: a counter's or gauge's value, a histogram's or summary's sum; null when absent. */
    static Double valueOf(List<MetricFamily> families, String name, Labels labels) {
        Metric m = metricOf(families, name, labels);
        return switch (m) {
            case null -> null;
            case ValueMetric v -> v.value();
            case HistogramMetric h -> h.sum();
            case SummaryMetric s -> s.sum();
        };
    }

    static Metric metricOf(List<MetricFamily> families, String name, Labels labels) {
        for (MetricFamily f : families) {
            if (f.name().equals(name)) {
                for (Metric m : f.metrics()) {
                    if (m.labels().equals(labels)) {
                        return m;
                    }
                }
            }
        }
        return null;
    }
}
