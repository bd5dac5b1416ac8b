package io.ferry.otlp.convert;

import io.ferry.model.Exemplar;
import io.ferry.model.NativeHistogram;

import java.util.Arrays;

/**
 * The increment of one delta histogram point, in the shape of a cumulative
 * {@link io.ferry.model.HistogramMetric}: adding it is adding like to like. An explicit-bucket
 * delta has classic buckets (the last bound {@code +Inf}); an exponential one has native buckets
 * and the classic buckets derived from them. Arrays are never mutated after construction.
 *
 * <pre>{@code
 * HistogramDelta h = delta.histogram();
 * h.count();           // observations in this interval
 * h.nativeHistogram(); // null for explicit buckets
 * }</pre>
 *
 * @param upperBounds      the classic buckets' inclusive upper bounds, ending with {@code +Inf}
 * @param cumulativeCounts the interval's count of observations at or below each bound
 * @param exemplars        one exemplar or null per bucket, or null when there are none
 * @param sum              the interval's sum of observations (NaN when the point had none)
 * @param count            the interval's count of observations
 * @param nativeHistogram  the interval's native buckets, or null for an explicit-bucket histogram
 */
public record HistogramDelta(double[] upperBounds, double[] cumulativeCounts, Exemplar[] exemplars, double sum,
                             double count, NativeHistogram nativeHistogram) {
    public HistogramDelta {
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException("upper bounds and counts differ in length");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramDelta h && Arrays.equals(upperBounds, h.upperBounds)
                && Arrays.equals(cumulativeCounts, h.cumulativeCounts) && Arrays.equals(exemplars, h.exemplars)
                && Double.compare(sum, h.sum) == 0 && Double.compare(count, h.count) == 0
                && java.util.Objects.equals(nativeHistogram, h.nativeHistogram);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cumulativeCounts) * 31 + Double.hashCode(count);
    }

    @Override
    public String toString() {
        return "HistogramDelta[le=" + Arrays.toString(upperBounds) + " counts=" + Arrays.toString(cumulativeCounts)
                + " sum=" + sum + " count=" + count + " native=" + nativeHistogram + "]";
    }
}
