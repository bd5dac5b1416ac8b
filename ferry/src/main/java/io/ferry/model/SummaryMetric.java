package io.ferry.model;

import java.util.Arrays;

/**
 * A summary series: quantiles, sum and count.
 *
 * @param labels         the series' labels (without {@code quantile})
 * @param quantiles      the quantile ranks, each in [0, 1], in the order exposed
 * @param values         the value at each rank, same length as {@code quantiles}
 * @param sum            the sum of observations (meaningful only when {@link #hasCount()})
 * @param count          the count of observations, or NaN when the exposition gave no
 *                       {@code _count} and {@code _sum}
 * @param timestampMs    milliseconds since the epoch, or {@link Metric#NO_TIMESTAMP}
 * @param createdSeconds creation time in seconds since the epoch, or NaN when absent
 */
public record SummaryMetric(Labels labels, double[] quantiles, double[] values, double sum, double count,
                            long timestampMs, double createdSeconds) implements Metric {

    public SummaryMetric {
        if (labels == null) {
            throw new NullPointerException("labels");
        }
        if (quantiles.length != values.length) {
            throw new IllegalArgumentException("quantiles and values differ in length");
        }
    }

    public boolean hasCount() {
        return !Double.isNaN(count);
    }

    public boolean hasCreated() {
        return !Double.isNaN(createdSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SummaryMetric m && labels.equals(m.labels) && Arrays.equals(quantiles, m.quantiles)
                && Arrays.equals(values, m.values) && Double.compare(sum, m.sum) == 0
                && Double.compare(count, m.count) == 0 && timestampMs == m.timestampMs
                && Double.compare(createdSeconds, m.createdSeconds) == 0;
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SummaryMetric[" + labels + " quantiles=" + Arrays.toString(quantiles) + " values="
                + Arrays.toString(values) + " sum=" + sum + " count=" + count + " ts=" + timestampMs
                + " created=" + createdSeconds + "]";
    }
}
