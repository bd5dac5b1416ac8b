package io.ferry.model;

import java.util.Arrays;

/**
 * A histogram or gauge-histogram series: classic cumulative buckets, sum and count, and
 * optionally the native (exponential) buckets that only the protobuf format carries.
 *
 * @param labels           the series' labels (without {@code le})
 * @param upperBounds      the buckets' inclusive upper bounds ({@code le}), in the order exposed
 * @param cumulativeCounts the cumulative count of each bucket
 * @param exemplars        one exemplar or null per bucket; null when no bucket has one
 * @param sum              the sum of observations (meaningful only when {@link #hasCount()})
 * @param count            the count of observations, or NaN when no {@code _count}/{@code _sum} was given
 * @param timestampMs      milliseconds since the epoch, or {@link Metric#NO_TIMESTAMP}
 * @param createdSeconds   creation time in seconds since the epoch, or NaN when absent
 * @param nativeHistogram  the native buckets, or null for a classic histogram
 */
public record HistogramMetric(Labels labels, double[] upperBounds, double[] cumulativeCounts, Exemplar[] exemplars,
                              double sum, double count, long timestampMs, double createdSeconds,
                              NativeHistogram nativeHistogram) implements Metric {

    private static final double[] NONE = new double[0];

    public HistogramMetric {
        if (labels == null) {
            throw new NullPointerException("labels");
        }
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException("upper bounds and counts differ in length");
        }
        if (exemplars != null && exemplars.length != upperBounds.length) {
            throw new IllegalArgumentException("exemplars and buckets differ in length");
        }
        if (exemplars != null && java.util.Arrays.stream(exemplars).allMatch(java.util.Objects::isNull)) {
            exemplars = null; // one form for "no exemplars", so equal histograms are equal
        }
    }

    /** A classic histogram with no exemplars, timestamp or created time. */
    public static HistogramMetric of(Labels labels, double[] upperBounds, double[] cumulativeCounts, double sum,
                                     double count) {
        return new HistogramMetric(labels, upperBounds, cumulativeCounts, null, sum, count, NO_TIMESTAMP, Double.NaN,
                null);
    }

    /** A histogram with native buckets only. */
    public static HistogramMetric ofNative(Labels labels, NativeHistogram nativeHistogram, double sum, double count) {
        return new HistogramMetric(labels, NONE, NONE, null, sum, count, NO_TIMESTAMP, Double.NaN, nativeHistogram);
    }

    public int bucketCount() {
        return upperBounds.length;
    }

    /** The exemplar of bucket {@code i}, or null. */
    public Exemplar exemplar(int i) {
        return exemplars == null ? null : exemplars[i];
    }

    public boolean hasCount() {
        return !Double.isNaN(count);
    }

    public boolean hasCreated() {
        return !Double.isNaN(createdSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramMetric m && labels.equals(m.labels) && Arrays.equals(upperBounds, m.upperBounds)
                && Arrays.equals(cumulativeCounts, m.cumulativeCounts) && Arrays.equals(exemplars, m.exemplars)
                && Double.compare(sum, m.sum) == 0 && Double.compare(count, m.count) == 0
                && timestampMs == m.timestampMs && Double.compare(createdSeconds, m.createdSeconds) == 0
                && java.util.Objects.equals(nativeHistogram, m.nativeHistogram);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(cumulativeCounts);
    }

    @Override
    public String toString() {
        return "HistogramMetric[" + labels + " le=" + Arrays.toString(upperBounds) + " counts="
                + Arrays.toString(cumulativeCounts) + " exemplars=" + Arrays.toString(exemplars) + " sum=" + sum
                + " count=" + count + " ts=" + timestampMs + " created=" + createdSeconds + " native="
                + nativeHistogram + "]";
    }
}
