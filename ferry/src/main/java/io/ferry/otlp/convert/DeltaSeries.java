package io.ferry.otlp.convert;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

/** Contract stub (otlp-convert replaces it at merge). */
public record DeltaSeries(String family, MetricType type, String help, String unit, Labels labels,
                          long startTimeNanos, long timeNanos, double value, HistogramDelta histogram) {
    public static Metric accumulate(Metric stored, DeltaSeries d) {
        double base = stored instanceof ValueMetric v ? v.value() : 0;
        return ValueMetric.of(d.labels(), base + d.value());
    }
}
