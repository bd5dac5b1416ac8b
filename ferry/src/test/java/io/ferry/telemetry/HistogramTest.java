package io.ferry.telemetry;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.MetricType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistogramTest {

    @Test
    void cumulativeBucketsWithInf() {
        Histogram h = new Histogram("ferry_latency_seconds", "Latency.", new double[]{0.1, 1}, "handler");
        Histogram.Child c = h.labels("push");
        c.observe(0.05);
        c.observe(0.1);   // bounds are inclusive
        c.observe(0.5);
        c.observe(7);
        var family = h.collect().getFirst();
        assertThat(family.type()).isEqualTo(MetricType.HISTOGRAM);
        HistogramMetric m = (HistogramMetric) family.metrics().getFirst();
        assertThat(m.labels()).isEqualTo(Labels.of("handler", "push"));
        assertThat(m.upperBounds()).containsExactly(0.1, 1, Double.POSITIVE_INFINITY);
        assertThat(m.cumulativeCounts()).containsExactly(2, 3, 4);
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.sum()).isEqualTo(7.65, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void unlabelledIsPresentAtZero() {
        Histogram h = new Histogram("ferry_x_seconds", "h", Histogram.DEFAULT_BUCKETS);
        HistogramMetric m = (HistogramMetric) h.collect().getFirst().metrics().getFirst();
        assertThat(m.bucketCount()).isEqualTo(12);
        assertThat(m.count()).isZero();
    }

    @Test
    void rejectsBadBuckets() {
        assertThatThrownBy(() -> new Histogram("ferry_x", "h", new double[]{1, 1})).hasMessageContaining("increasing");
        assertThatThrownBy(() -> new Histogram("ferry_x", "h", new double[]{1, Double.POSITIVE_INFINITY}))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Histogram("ferry_x", "h", new double[]{1}, "le")).hasMessageContaining("le");
    }
}
