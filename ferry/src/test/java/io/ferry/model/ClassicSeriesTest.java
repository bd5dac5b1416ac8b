package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassicSeriesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Exemplar TRACE = new Exemplar(Labels.of("trace_id", "t1"), 0.3, Metric.NO_TIMESTAMP);

    /** The series visit gives, one string each, after checking that count agrees. */
    private static List<String> series(Metric m, boolean gaugeHistogram) {
        List<String> out = new ArrayList<>();
        ClassicSeries.visit(m, gaugeHistogram, new ClassicSeries.Visitor() {
            @Override
            public void bounded(String suffix, String boundLabel, double bound, double value, Exemplar exemplar) {
                out.add(suffix + "{" + boundLabel + "=" + bound + "} " + value + (exemplar == null ? "" : " #"));
            }

            @Override
            public void unbounded(String suffix, double value) {
                out.add(suffix + " " + value);
            }
        });
        assertThat(ClassicSeries.count(m)).isEqualTo(out.size());
        return out;
    }

    private static HistogramMetric histogram(double[] le, double[] counts, Exemplar[] exemplars, double count) {
        return new HistogramMetric(Labels.EMPTY, le, counts, exemplars, 2.5, count, Metric.NO_TIMESTAMP, Double.NaN,
                null);
    }

    @Test
    void aValueIsOneSeriesOfTheFamilyName() {
        assertThat(series(ValueMetric.of(Labels.EMPTY, 7), false)).containsExactly(" 7.0");
    }

    @Test
    void aHistogramGivesBucketsSumAndCount() {
        HistogramMetric h = histogram(new double[] {0.5, INF}, new double[] {3, 6}, new Exemplar[] {TRACE, null}, 6);
        assertThat(series(h, false)).containsExactly(
                "_bucket{le=0.5} 3.0 #", "_bucket{le=Infinity} 6.0", "_sum 2.5", "_count 6.0");
    }

    @Test
    void theInfBucketIsAddedWhenNoBucketHasIt() {
        assertThat(series(histogram(new double[] {0.5}, new double[] {3}, null, 6), false)).containsExactly(
                "_bucket{le=0.5} 3.0", "_bucket{le=Infinity} 6.0", "_sum 2.5", "_count 6.0");
        // Bounds stay in the order exposed; an +Inf bound anywhere counts.
        assertThat(series(histogram(new double[] {INF, 0.5}, new double[] {6, 3}, null, 6), false)).containsExactly(
                "_bucket{le=Infinity} 6.0", "_bucket{le=0.5} 3.0", "_sum 2.5", "_count 6.0");
    }

    @Test
    void withoutACountOnlyTheBucketsAreSeries() {
        assertThat(series(histogram(new double[] {0.5}, new double[] {3}, null, Double.NaN), false))
                .containsExactly("_bucket{le=0.5} 3.0");
    }

    @Test
    void gaugeHistogramsTakeTheirOwnSumAndCountNames() {
        assertThat(series(histogram(new double[] {INF}, new double[] {6}, null, 6), true))
                .containsExactly("_bucket{le=Infinity} 6.0", "_gsum 2.5", "_gcount 6.0");
    }

    @Test
    void aNativeHistogramGivesWhatItsCountGives() {
        NativeHistogram n = new NativeHistogram(0, 0, 0, new int[0], new double[0], new int[0], new double[0], true,
                List.of());
        assertThat(series(HistogramMetric.ofNative(Labels.EMPTY, n, 2.5, 6), false))
                .containsExactly("_bucket{le=Infinity} 6.0", "_sum 2.5", "_count 6.0");
        assertThat(series(HistogramMetric.ofNative(Labels.EMPTY, n, 0, Double.NaN), false)).isEmpty();
    }

    @Test
    void aSummaryGivesQuantilesSumAndCount() {
        SummaryMetric s = new SummaryMetric(Labels.EMPTY, new double[] {0.5, 0.9}, new double[] {1, 2}, 30, 9,
                Metric.NO_TIMESTAMP, Double.NaN);
        assertThat(series(s, false)).containsExactly(
                "{quantile=0.5} 1.0", "{quantile=0.9} 2.0", "_sum 30.0", "_count 9.0");
        SummaryMetric noCount = new SummaryMetric(Labels.EMPTY, new double[] {0.5}, new double[] {1}, Double.NaN,
                Double.NaN, Metric.NO_TIMESTAMP, Double.NaN);
        assertThat(series(noCount, false)).containsExactly("{quantile=0.5} 1.0");
    }
}
