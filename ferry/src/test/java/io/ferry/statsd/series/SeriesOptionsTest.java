package io.ferry.statsd.series;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The option records normalise as client_golang does, and refuse what it would panic on. */
class SeriesOptionsTest {
    @Test
    void histogramDefaultsToDefBucketsAndDropsATrailingInf() {
        assertThat(HistogramOptions.DEFAULT.buckets()).containsExactly(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10);
        assertThat(new HistogramOptions(new double[0], 1, 0).buckets()).hasSize(11);
        assertThat(new HistogramOptions(null, 1.1, 256).buckets()).as("native on: no classic buckets").isEmpty();
        assertThat(HistogramOptions.classic(1, 2, Double.POSITIVE_INFINITY).buckets()).containsExactly(1, 2);
        assertThat(new HistogramOptions(null, 1.1, 0).nativeEnabled()).isTrue();
        assertThat(HistogramOptions.DEFAULT.nativeEnabled()).isFalse();
    }

    @Test
    void histogramIsImmutableAndComparesByContent() {
        double[] b = {1, 2};
        HistogramOptions o = HistogramOptions.classic(b);
        b[0] = 9;
        o.buckets()[1] = 9;
        assertThat(o.buckets()).containsExactly(1, 2);
        assertThat(o).isEqualTo(HistogramOptions.classic(1, 2)).hasSameHashCodeAs(HistogramOptions.classic(1, 2));
        assertThat(o).isNotEqualTo(HistogramOptions.classic(1, 3));
    }

    @Test
    void histogramRefusesUnorderedBucketsAndNegativeCaps() {
        assertThatThrownBy(() -> HistogramOptions.classic(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistogramOptions.classic(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistogramOptions.classic(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistogramOptions(null, 1.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryDefaultsAsStatsdExporterAndClientGolang() {
        assertThat(SummaryOptions.DEFAULT.objectives()).containsExactly(
                new Quantile(0.5, 0.05), new Quantile(0.9, 0.01), new Quantile(0.99, 0.001));
        SummaryOptions zero = new SummaryOptions(List.of(new Quantile(0.9, 0.01), new Quantile(0.5, 0.05)),
                Duration.ZERO, 0, 0);
        assertThat(zero.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(zero.ageBuckets()).isEqualTo(5);
        assertThat(zero.bufCap()).isEqualTo(500);
        assertThat(zero.objectives()).extracting(Quantile::quantile).as("sorted").containsExactly(0.5, 0.9);
        assertThat(new SummaryOptions(null, null, 3, 10).objectives()).isEmpty();
    }

    @Test
    void summaryRefusesWhatCannotBeEstimated() {
        assertThatThrownBy(() -> new Quantile(1.5, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quantile(0.5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SummaryOptions(List.of(new Quantile(0.5, 0.05), new Quantile(0.5, 0.01)), null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SummaryOptions(List.of(), Duration.ofSeconds(-1), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SummaryOptions(List.of(), null, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
