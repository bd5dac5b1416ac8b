package io.ferry.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MetricFamily#compacted}: the same family in columns when it fits, the family itself when not. */
class MetricFamilyCompactedTest {
    private static MetricFamily gauge(Metric... metrics) {
        return new MetricFamily("g", MetricType.GAUGE, "Help.", null, List.of(metrics));
    }

    @Test
    void plainValuesOfTheSameLabelNamesBecomeColumnsEqualToTheFamily() {
        MetricFamily f = gauge(
                ValueMetric.of(Labels.of("job", "a", "instance", "1"), 1.5),
                ValueMetric.of(Labels.of("job", "a", "instance", "2"), Double.NaN),
                ValueMetric.of(Labels.of("job", "b", "instance", "1"), -0.0),
                ValueMetric.of(Labels.of("job", "c", "instance", "ü"), StaleNaN.VALUE));

        MetricFamily c = f.compacted();

        assertThat(c).isNotSameAs(f).isEqualTo(f).hasSameHashCodeAs(f);
        assertThat(f).isEqualTo(c);
        assertThat(c.metrics()).containsExactlyElementsOf(f.metrics());
        assertThat(Double.doubleToRawLongBits(((ValueMetric) c.metrics().get(3)).value()))
                .isEqualTo(Double.doubleToRawLongBits(StaleNaN.VALUE));
        assertThat(c.metrics().get(0).labels().get("instance")).isEqualTo("1");
        assertThat(c.compacted()).isSameAs(c);
        assertThat(c.withMetrics(c.metrics())).isEqualTo(f);
        assertThat(new ArrayList<>(c.metrics())).isEqualTo(f.metrics());
    }

    @Test
    void seriesWithoutLabelsToo() {
        MetricFamily f = gauge(ValueMetric.of(Labels.EMPTY, 3));
        assertThat(f.compacted()).isNotSameAs(f).isEqualTo(f);
        assertThat(f.compacted().metrics().get(0).labels()).isEqualTo(Labels.EMPTY);
    }

    @Test
    void familiesThatDoNotFitStayAsTheyAre() {
        MetricFamily otherNames = gauge(ValueMetric.of(Labels.of("a", "1"), 1), ValueMetric.of(Labels.of("b", "1"), 2));
        MetricFamily fewerNames = gauge(ValueMetric.of(Labels.of("a", "1", "b", "2"), 1), ValueMetric.of(Labels.of("a", "2"), 2));
        MetricFamily timestamped = gauge(ValueMetric.of(Labels.of("a", "1"), 1),
                new ValueMetric(Labels.of("a", "2"), 2, 1000, Double.NaN, null));
        MetricFamily created = new MetricFamily("c_total", MetricType.COUNTER, null, null,
                List.of(new ValueMetric(Labels.EMPTY, 2, Metric.NO_TIMESTAMP, 5, null)));
        MetricFamily exemplar = new MetricFamily("c_total", MetricType.COUNTER, null, null,
                List.of(new ValueMetric(Labels.EMPTY, 2, Metric.NO_TIMESTAMP, Double.NaN,
                        new Exemplar(Labels.of("trace", "x"), 1, Metric.NO_TIMESTAMP))));
        MetricFamily empty = gauge();
        MetricFamily summary = new MetricFamily("s", MetricType.SUMMARY, null, null,
                List.of(new SummaryMetric(Labels.EMPTY, new double[0], new double[0], 1, 2, Metric.NO_TIMESTAMP, Double.NaN)));
        for (MetricFamily f : List.of(otherNames, fewerNames, timestamped, created, exemplar, empty, summary)) {
            assertThat(f.compacted()).isSameAs(f);
        }
    }

    @Test
    void columnsKeepTheirShapeCheckAndBounds() {
        MetricFamily c = gauge(ValueMetric.of(Labels.of("a", "1"), 1)).compacted();
        assertThatThrownBy(() -> new MetricFamily("h", MetricType.HISTOGRAM, null, null, c.metrics()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.metrics().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.metrics().add(ValueMetric.of(Labels.EMPTY, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
