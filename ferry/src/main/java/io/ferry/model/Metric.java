package io.ferry.model;

/**
 * One series of a {@link MetricFamily}: its labels and one observed point. The family's
 * {@link MetricType.Shape} decides which kind: a single value, a histogram or a summary.
 *
 * <p>Absent optional parts use sentinels rather than boxes, to keep a stored series small:
 * {@link #NO_TIMESTAMP} for the timestamp and {@code NaN} for the created time. Implementations
 * are immutable and thread-safe; their arrays are never mutated after construction.
 */
public sealed interface Metric permits ValueMetric, HistogramMetric, SummaryMetric {
    /** The timestamp of a point that carries none (the scraper's time applies). */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /** The series' own labels; never includes the metric name. */
    Labels labels();

    /** Milliseconds since the epoch, or {@link #NO_TIMESTAMP}. */
    long timestampMs();

    default boolean hasTimestamp() {
        return timestampMs() != NO_TIMESTAMP;
    }
}
