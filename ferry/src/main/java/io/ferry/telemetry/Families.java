package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.util.List;

/** Shorthands for the single-series families the built-in collectors produce. */
final class Families {
    private Families() {
    }

    static MetricFamily gauge(String name, String help, double value) {
        return single(name, MetricType.GAUGE, help, value);
    }

    static MetricFamily counter(String name, String help, double value) {
        return single(name, MetricType.COUNTER, help, value);
    }

    static MetricFamily of(String name, MetricType type, String help, List<Metric> metrics) {
        return new MetricFamily(name, type, help, null, metrics);
    }

    private static MetricFamily single(String name, MetricType type, String help, double value) {
        return new MetricFamily(name, type, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }
}
