package io.ferry.statsd.line;

/** The kind of a StatsD event. */
public enum MetricKind {
    COUNTER("counter"), GAUGE("gauge"), OBSERVER("observer"), SET("set");

    private final String label;

    MetricKind(String label) {
        this.label = label;
    }

    /** {@code counter}, {@code gauge}, {@code observer} or {@code set}. */
    public String label() {
        return label;
    }
}
