package io.ferry.model;

/**
 * A series with one value: counter, gauge, untyped, unknown, info and stateset families.
 *
 * @param labels         the series' labels
 * @param value          the value
 * @param timestampMs    milliseconds since the epoch, or {@link Metric#NO_TIMESTAMP}
 * @param createdSeconds a counter's creation time in seconds since the epoch, or NaN when absent
 * @param exemplar       a counter's exemplar, or null
 */
public record ValueMetric(Labels labels, double value, long timestampMs, double createdSeconds, Exemplar exemplar)
        implements Metric {

    public ValueMetric {
        if (labels == null) {
            throw new NullPointerException("labels");
        }
    }

    /** A value with no timestamp, created time or exemplar. */
    public static ValueMetric of(Labels labels, double value) {
        return new ValueMetric(labels, value, NO_TIMESTAMP, Double.NaN, null);
    }

    public boolean hasCreated() {
        return !Double.isNaN(createdSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueMetric m && labels.equals(m.labels) && Double.compare(value, m.value) == 0
                && timestampMs == m.timestampMs && Double.compare(createdSeconds, m.createdSeconds) == 0
                && java.util.Objects.equals(exemplar, m.exemplar);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Double.hashCode(value);
    }
}
