package io.ferry.statsd.series;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.statsd.series.SeriesStore.Outcome;
import io.ferry.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ferry.statsd.series.SeriesStoreRegistryTest.metricOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What each kind of series holds and renders: histograms (classic and native), summaries, sets. */
class SeriesStoreKindsTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private final SettableClock clock = new SettableClock(Instant.ofEpochSecond(0));
    private final SeriesStore store = new SeriesStore(clock, 0, Duration.ofSeconds(10), 2);

    @Test
    void histogramCountsClassicBucketsWithTheEventsWeight() {
        Labels l = Labels.of("route", "/a");
        store.histogram("lat", null, l, 0.005, 1, HistogramOptions.DEFAULT, 0); // on a bound: le is inclusive
        store.histogram("lat", null, l, 0.3, 4, HistogramOptions.DEFAULT, 0);   // a sampled event: 4 observations
        store.histogram("lat", null, l, 20, 1, HistogramOptions.DEFAULT, 0);
        HistogramMetric h = (HistogramMetric) metricOf(store.families(), "lat", l);
        assertThat(h.upperBounds()).containsExactly(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, INF);
        assertThat(h.cumulativeCounts()).containsExactly(1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 6);
        assertThat(h.count()).isEqualTo(6);
        assertThat(h.sum()).isCloseTo(0.005 + 1.2 + 20, within(1e-9));
        assertThat(h.nativeHistogram()).isNull();
    }

    @Test
    void histogramKeepsTheFirstBucketsOfItsName() {
        store.histogram("h", null, Labels.EMPTY, 1.5, 1, HistogramOptions.classic(1, 2), 0);
        store.histogram("h", null, Labels.of("a", "b"), 7, 1, HistogramOptions.classic(5), 0);
        store.histogram("h", null, Labels.EMPTY, Double.NaN, 1, HistogramOptions.classic(1, 2), 0);
        List<MetricFamily> families = store.families();
        HistogramMetric first = (HistogramMetric) metricOf(families, "h", Labels.EMPTY);
        HistogramMetric second = (HistogramMetric) metricOf(families, "h", Labels.of("a", "b"));
        assertThat(first.upperBounds()).containsExactly(1, 2, INF);
        assertThat(first.cumulativeCounts()).as("NaN counts in +Inf").containsExactly(0, 1, 2);
        assertThat(second.upperBounds()).containsExactly(1, 2, INF);
        assertThat(second.cumulativeCounts()).containsExactly(0, 0, 1);
    }

    /** Factor 1.1 gives schema 3, as client_golang; bucket i holds (2^((i-1)/8), 2^(i/8)]. */
    @Test
    void histogramKeepsNativeBucketsBesideTheClassicOnes() {
        HistogramOptions o = new HistogramOptions(new double[] {1}, 1.1, 256);
        for (double v : new double[] {1, 2, 2, 0, -1}) {
            store.histogram("n", null, Labels.EMPTY, v, 1, o, 0);
        }
        store.histogram("n", null, Labels.EMPTY, 1.05, 3, o, 0);
        HistogramMetric h = (HistogramMetric) store.families().getFirst().metrics().getFirst();
        assertThat(h.upperBounds()).containsExactly(1, INF);
        assertThat(h.cumulativeCounts()).containsExactly(3, 8);
        NativeHistogram n = h.nativeHistogram();
        assertThat(n.schema()).isEqualTo(3);
        assertThat(n.zeroCount()).isEqualTo(1);
        assertThat(n.zeroThreshold()).isEqualTo(0x1p-128);
        assertThat(n.positiveSpans()).containsExactly(0, 2, 6, 1); // buckets 0, 1 (1.05), 8 (2)
        assertThat(n.positiveCounts()).containsExactly(1, 3, 2);
        assertThat(n.negativeSpans()).containsExactly(0, 1);
        assertThat(n.negativeCounts()).containsExactly(1);
        assertThat(n.integerCounts()).isTrue();
    }

    @Test
    void histogramLowersTheNativeResolutionToStayWithinItsBuckets() {
        HistogramOptions o = new HistogramOptions(null, 1.1, 8);
        for (int v = 1; v <= 1000; v++) {
            store.histogram("n", null, Labels.EMPTY, v, 1, o, 0);
        }
        HistogramMetric h = (HistogramMetric) store.families().getFirst().metrics().getFirst();
        assertThat(h.upperBounds()).as("native on, no classic buckets: +Inf alone").containsExactly(INF);
        NativeHistogram n = h.nativeHistogram();
        assertThat(n.positiveCounts().length).isLessThanOrEqualTo(8);
        assertThat(n.schema()).isLessThan(3);
        assertThat(java.util.Arrays.stream(n.positiveCounts()).sum()).isEqualTo(1000);
    }

    @Test
    void summaryReportsQuantilesSumAndCount() {
        for (int i = 1; i <= 1000; i++) {
            store.summary("s", null, Labels.EMPTY, i, 1, SummaryOptions.DEFAULT, 0);
        }
        store.summary("s", null, Labels.EMPTY, 5, 10, SummaryOptions.DEFAULT, 0); // a sampled event
        SummaryMetric s = (SummaryMetric) store.families().getFirst().metrics().getFirst();
        assertThat(s.quantiles()).containsExactly(0.5, 0.9, 0.99);
        assertThat(s.count()).isEqualTo(1010);
        assertThat(s.sum()).isEqualTo(500_500 + 50);
        assertThat(s.values()[0]).isCloseTo(1010 * 0.5, within(1010 * 0.05 + 1));
        assertThat(s.values()[1]).isCloseTo(1010 * 0.9 - 10, within(1010 * 0.01 + 1));
        assertThat(s.values()[2]).isCloseTo(1010 * 0.99 - 10, within(1010 * 0.001 + 1));
    }

    @Test
    void summaryWithoutObjectivesHasOnlySumAndCount() {
        SummaryOptions none = new SummaryOptions(List.of(), null, 0, 0);
        store.summary("s", null, Labels.EMPTY, 2, 3, none, 0);
        SummaryMetric s = (SummaryMetric) store.families().getFirst().metrics().getFirst();
        assertThat(s.quantiles()).isEmpty();
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.sum()).isEqualTo(6);
    }

    /**
     * maxAge 10s in 5 windows of 2s: observations older than maxAge leave the quantiles (sum and
     * count stay cumulative), and with nothing recent the quantiles are NaN.
     */
    @Test
    void summaryForgetsObservationsOlderThanMaxAge() {
        SummaryOptions o = new SummaryOptions(List.of(new Quantile(0.5, 0.05)), Duration.ofSeconds(10), 5, 10);
        for (int i = 0; i < 100; i++) {
            store.summary("s", null, Labels.EMPTY, 1000, 1, o, 0);
        }
        clock.set(Instant.ofEpochMilli(5_000));
        for (int i = 0; i < 100; i++) {
            store.summary("s", null, Labels.EMPTY, 1, 1, o, 0);
        }
        assertThat(median()).as("both within maxAge").isIn(1.0, 1000.0);
        clock.set(Instant.ofEpochMilli(10_500));
        assertThat(median()).as("the 1000s are older than maxAge").isEqualTo(1.0);
        clock.set(Instant.ofEpochMilli(17_000));
        assertThat(median()).as("everything is older than maxAge").isNaN();
        SummaryMetric s = (SummaryMetric) store.families().getFirst().metrics().getFirst();
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.sum()).isEqualTo(100_100);
    }

    private double median() {
        return ((SummaryMetric) store.families().getFirst().metrics().getFirst()).values()[0];
    }

    /** A set reports, as a gauge, the distinct members of the last complete 10s interval. */
    @Test
    void setCountsDistinctMembersOfTheLastCompleteInterval() {
        Labels l = Labels.of("page", "home");
        store.set("users", null, l, "a", 0);
        store.set("users", null, l, "b", 0);
        store.set("users", null, l, "a", 0);
        assertThat(setValue(l)).as("no interval complete yet").isEqualTo(0);
        clock.set(Instant.ofEpochMilli(10_000));
        assertThat(setValue(l)).isEqualTo(2);
        store.set("users", null, l, "c", 0);
        clock.set(Instant.ofEpochMilli(19_999));
        assertThat(setValue(l)).as("still the interval 0-10s").isEqualTo(2);
        clock.set(Instant.ofEpochMilli(20_000));
        assertThat(setValue(l)).isEqualTo(1);
        clock.set(Instant.ofEpochMilli(35_000));
        assertThat(setValue(l)).as("nothing in 20-30s").isEqualTo(0);
        assertThat(store.families().getFirst().type()).isEqualTo(MetricType.GAUGE);
        assertThat(store.gauge("users", null, Labels.EMPTY, 1, false, 0)).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void setSaturatesAtItsBoundAndCountsTheOverflow() {
        for (String m : new String[] {"a", "b", "c", "a", "d"}) {
            assertThat(store.set("s", null, Labels.EMPTY, m, 0)).isEqualTo(Outcome.OK);
        }
        assertThat(store.setOverflows()).isEqualTo(2);
        clock.set(Instant.ofEpochMilli(10_000));
        assertThat(setValue(Labels.EMPTY)).isEqualTo(2);
    }

    private double setValue(Labels l) {
        return ((ValueMetric) metricOf(store.families(), store.families().getFirst().name(), l)).value();
    }
}
