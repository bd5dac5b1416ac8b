package io.ferry.otlp.wire;

/**
 * A summary point: {@code quantiles[i]} is the quantile whose value is {@code values[i]}. The arrays
 * are owned by the record and never modified; callers must not modify them either.
 */
public record SummaryPoint(Attributes attributes, long startTimeNanos, long timeNanos, long count, double sum,
                           double[] quantiles, double[] values, int flags) implements DataPoint {
}
