package io.ferry.statsd.line;

/**
 * What a StatsD sample is, by its type field.
 *
 * <pre>{@code
 * MetricKind.OBSERVER.label();   // "observer": the type label of Ferry's event counters
 * }</pre>
 *
 * <p>{@code c} is a {@link #COUNTER}, {@code g} a {@link #GAUGE}, {@code ms}, {@code h} and
 * {@code d} an {@link #OBSERVER} (a summary or a histogram, as the mapping says), {@code s} a
 * {@link #SET}, which statsd_exporter refuses and Ferry counts (distinct members per interval).
 */
public enum MetricKind {
    COUNTER("counter"),
    GAUGE("gauge"),
    OBSERVER("observer"),
    SET("set");

    private final String label;

    MetricKind(String label) {
        this.label = label;
    }

    /**
     * The lower-case name statsd_exporter uses for the kind: the {@code type} label of Ferry's event
     * counters, and what a mapping's {@code match_metric_type} compares with (a set is matched as
     * {@code gauge} by the mapper).
     */
    public String label() {
        return label;
    }
}
