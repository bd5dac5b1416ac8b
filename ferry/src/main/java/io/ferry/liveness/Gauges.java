package io.ferry.liveness;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;

import java.util.Comparator;
import java.util.List;

/** The gauge families liveness serves. */
final class Gauges {
    private Gauges() {
    }

    /** A gauge family of {@code series}, which it sorts by labels. */
    static MetricFamily family(String name, String help, List<Metric> series) {
        series.sort(Comparator.comparing(Metric::labels));
        return new MetricFamily(name, MetricType.GAUGE, help, null, series);
    }
}
