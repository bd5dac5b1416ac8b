package io.ferry.model;

/**
 * An OpenMetrics exemplar: a traced observation attached to a counter sample or a bucket.
 *
 * @param labels      the exemplar's labels, often {@code trace_id}
 * @param value       the observed value
 * @param timestampMs milliseconds since the epoch, or {@link Metric#NO_TIMESTAMP}
 */
public record Exemplar(Labels labels, double value, long timestampMs) {
    /** OpenMetrics caps the combined length of an exemplar's label names and values. */
    public static final int MAX_LABEL_SET_CODE_POINTS = 128;

    public Exemplar {
        if (labels == null) {
            throw new NullPointerException("labels");
        }
    }

    public boolean hasTimestamp() {
        return timestampMs != Metric.NO_TIMESTAMP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exemplar e && labels.equals(e.labels)
                && Double.compare(value, e.value) == 0 && timestampMs == e.timestampMs;
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Double.hashCode(value) + Long.hashCode(timestampMs);
    }
}
