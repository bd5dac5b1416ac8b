package io.ferry.model;

/**
 * Every metric type the Prometheus text, OpenMetrics and protobuf formats know.
 *
 * <p>The three formats overlap but do not agree: text 0.0.4 lacks the OpenMetrics-only types and
 * protobuf lacks info, stateset and unknown. {@link #textName()} and {@link #openMetricsName()} give
 * each type's closest spelling in the two text formats; the protobuf codec maps them alike.
 */
public enum MetricType {
    COUNTER("counter", "counter", Shape.VALUE),
    GAUGE("gauge", "gauge", Shape.VALUE),
    HISTOGRAM("histogram", "histogram", Shape.HISTOGRAM),
    SUMMARY("summary", "summary", Shape.SUMMARY),
    /** Text 0.0.4 and protobuf: a sample of no declared type. */
    UNTYPED("untyped", "unknown", Shape.VALUE),
    /** OpenMetrics: a sample of no declared type. */
    UNKNOWN("untyped", "unknown", Shape.VALUE),
    /** OpenMetrics info: series named {@code <family>_info} with value 1. */
    INFO("gauge", "info", Shape.VALUE),
    /** OpenMetrics stateset: one series per state, the state in a label named after the family. */
    STATESET("gauge", "stateset", Shape.VALUE),
    /** OpenMetrics gaugehistogram: buckets with {@code _gcount} and {@code _gsum}. */
    GAUGE_HISTOGRAM("histogram", "gaugehistogram", Shape.HISTOGRAM);

    /** The kind of {@link Metric} a family of this type holds. */
    public enum Shape { VALUE, HISTOGRAM, SUMMARY }

    private final String textName;
    private final String openMetricsName;
    private final Shape shape;

    MetricType(String textName, String openMetricsName, Shape shape) {
        this.textName = textName;
        this.openMetricsName = openMetricsName;
        this.shape = shape;
    }

    /** The type as written on a text 0.0.4 {@code # TYPE} line. */
    public String textName() {
        return textName;
    }

    /** The type as written on an OpenMetrics {@code # TYPE} line. */
    public String openMetricsName() {
        return openMetricsName;
    }

    public Shape shape() {
        return shape;
    }

    /** Whether OpenMetrics gives this type a {@code _created} series. */
    public boolean hasCreated() {
        return this == COUNTER || this == HISTOGRAM || this == SUMMARY;
    }
}
