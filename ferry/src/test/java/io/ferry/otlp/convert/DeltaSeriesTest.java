package io.ferry.otlp.convert;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.StaleNaN;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaSeriesTest {
    private static final Labels L = Labels.of("job", "shop");
    private static final long S = 1_000_000_000_000_000_000L;

    private static DeltaSeries value(MetricType type, long start, long time, double v) {
        return new DeltaSeries(type == MetricType.COUNTER ? "c_total" : "g", type, null, null, L, start, time, v, null);
    }

    private static DeltaSeries hist(long time, double[] le, double[] cumulative, double sum, double count,
                                    NativeHistogram nh) {
        return new DeltaSeries("h", MetricType.HISTOGRAM, null, null, L, time - 1_000_000_000L, time, Double.NaN,
                new HistogramDelta(le, cumulative, null, sum, count, nh));
    }

    /** Prometheus' {@code TestOTLPDelta}: non-monotonic delta points 0, 1, 2 give the gauge 0, 1, 3. */
    @Test
    void nonMonotonicDeltasAddUpAsPrometheusDeltaToCumulativeDoes() {
        Metric m = null;
        double[] want = {0, 1, 3};
        for (int i = 0; i < 3; i++) {
            m = DeltaSeries.accumulate(m, value(MetricType.GAUGE, S + i, S + i + 1, i));
            assertThat(((ValueMetric) m).value()).isEqualTo(want[i]);
            assertThat(((ValueMetric) m).hasCreated()).isFalse();
        }
    }

    @Test
    void countersKeepTheirCreatedTimeAndTakeTheLatestTimestampAndExemplar() {
        Metric first = DeltaSeries.accumulate(null, value(MetricType.COUNTER, S, S + 10_000_000_000L, 5));
        assertThat(first).isEqualTo(new ValueMetric(L, 5, (S + 10_000_000_000L) / 1_000_000, S / 1e9, null));
        Exemplar e = new Exemplar(Labels.of("trace_id", "01"), 1, 7);
        DeltaSeries second = new DeltaSeries("c_total", MetricType.COUNTER, null, null, L, S + 10_000_000_000L,
                S + 20_000_000_000L, 2, e, null);
        Metric sum = DeltaSeries.accumulate(first, second);
        assertThat(sum).isEqualTo(new ValueMetric(L, 7, (S + 20_000_000_000L) / 1_000_000, S / 1e9, e));
        assertThat(OtlpConverter.accumulate(first, second)).isEqualTo(sum);
    }

    @Test
    void staleOrOtherKindsStartAgainAndAStaleDeltaEndsTheSeries() {
        Metric staleStored = new ValueMetric(L, StaleNaN.VALUE, 1, Double.NaN, null);
        assertThat(((ValueMetric) DeltaSeries.accumulate(staleStored, value(MetricType.COUNTER, S, S + 1, 4))).value())
                .isEqualTo(4);
        Metric histogram = HistogramMetric.of(L, new double[] {1}, new double[] {1}, 1, 1);
        assertThat(((ValueMetric) DeltaSeries.accumulate(histogram, value(MetricType.COUNTER, S, S + 1, 4))).value())
                .isEqualTo(4);
        Metric stale = DeltaSeries.accumulate(new ValueMetric(L, 3, 1, Double.NaN, null),
                value(MetricType.COUNTER, S, S + 1, StaleNaN.VALUE));
        assertThat(OtlpConverter.isStale(stale)).isTrue();
    }

    @Test
    void classicHistogramsAddBucketsSumAndCount() {
        double[] le = {0.1, Double.POSITIVE_INFINITY};
        Metric a = DeltaSeries.accumulate(null, hist(S, le, new double[] {1, 2}, 0.3, 2, null));
        Metric b = DeltaSeries.accumulate(a, hist(S + 1_000_000_000L, le, new double[] {0, 3}, 1.5, 3, null));
        HistogramMetric h = (HistogramMetric) b;
        assertThat(h.cumulativeCounts()).containsExactly(1, 5);
        assertThat(h.sum()).isEqualTo(1.8);
        assertThat(h.count()).isEqualTo(5);
        assertThat(h.createdSeconds()).isEqualTo((S - 1_000_000_000L) / 1e9);
        assertThat(h.timestampMs()).isEqualTo((S + 1_000_000_000L) / 1_000_000);
    }

    @Test
    void aClassicHistogramWhoseBoundsChangedStartsAgain() {
        Metric a = DeltaSeries.accumulate(null, hist(S, new double[] {0.1, Double.POSITIVE_INFINITY},
                new double[] {1, 2}, 0.3, 2, null));
        HistogramMetric b = (HistogramMetric) DeltaSeries.accumulate(a, hist(S + 1, new double[] {
                0.5, Double.POSITIVE_INFINITY}, new double[] {1, 1}, 0.2, 1, null));
        assertThat(b.upperBounds()).containsExactly(0.5, Double.POSITIVE_INFINITY);
        assertThat(b.count()).isEqualTo(1);
    }

    @Test
    void nativeHistogramsAddAtTheCoarserSchema() {
        NativeHistogram fine = new NativeHistogram(1, 1e-128, 1, new int[0], new double[0], new int[] {1, 4},
                new double[] {1, 1, 1, 1}, true, List.of());
        NativeHistogram coarse = new NativeHistogram(0, 1e-128, 0, new int[0], new double[0], new int[] {1, 2},
                new double[] {5, 5}, true, List.of());
        Metric a = DeltaSeries.accumulate(null, hist(S, new double[] {Double.POSITIVE_INFINITY}, new double[] {5},
                3, 5, fine));
        HistogramMetric b = (HistogramMetric) DeltaSeries.accumulate(a, hist(S + 1,
                new double[] {Double.POSITIVE_INFINITY}, new double[] {10}, 4, 10, coarse));
        assertThat(b.nativeHistogram().schema()).isEqualTo(0);
        assertThat(b.nativeHistogram().zeroCount()).isEqualTo(1);
        assertThat(b.nativeHistogram().positiveSpans()).containsExactly(1, 2);
        assertThat(b.nativeHistogram().positiveCounts()).containsExactly(7, 7);
        assertThat(b.count()).isEqualTo(15);
        assertThat(b.sum()).isEqualTo(7);
        assertThat(b.upperBounds()).containsExactly(1e-128, 2, 4, Double.POSITIVE_INFINITY);
        assertThat(b.cumulativeCounts()).containsExactly(1, 8, 15, 15);
    }
}
