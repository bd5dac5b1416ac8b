package io.ferry.statsd.series;

import java.util.Arrays;

/**
 * How a histogram series is bucketed: classic {@code buckets} (upper bounds), and optionally
 * sparse native buckets when {@code nativeBucketFactor > 1}.
 *
 * <pre>{@code
 * HistogramOptions classic = HistogramOptions.DEFAULT;                      // prometheus.DefBuckets
 * HistogramOptions both = new HistogramOptions(new double[] {0.1, 1, 10}, 1.1, 256);
 * }</pre>
 *
 * <p>Normalised as client_golang does: a trailing {@code +Inf} bound is dropped (it is implicit);
 * no buckets (null or empty) means {@link #DEFAULT_BUCKETS} unless native buckets are on, in which
 * case the classic part holds the {@code +Inf} bucket alone. Bounds must be strictly increasing and
 * not NaN, else the constructor throws {@link IllegalArgumentException}. {@code nativeBucketFactor}
 * is the largest ratio between neighbouring native bucket bounds (client_golang's
 * {@code NativeHistogramBucketFactor}); {@code nativeMaxBuckets} caps the populated native buckets
 * ({@code 0} = no cap), reached by halving the resolution.
 *
 * <p>Immutable and thread-safe: the array is copied in and {@link #buckets()} returns a copy; equality
 * compares the bounds' contents.
 */
public record HistogramOptions(double[] buckets, double nativeBucketFactor, int nativeMaxBuckets) {
    private static final double[] DEF_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    /** Classic buckets only, with client_golang's {@code DefBuckets}. */
    public static final HistogramOptions DEFAULT = new HistogramOptions(null, 0, 0);

    public HistogramOptions {
        boolean nativeOn = nativeBucketFactor > 1;
        if (buckets == null || buckets.length == 0) {
            buckets = nativeOn ? new double[0] : DEF_BUCKETS.clone();
        } else {
            int n = buckets.length;
            if (buckets[n - 1] == Double.POSITIVE_INFINITY) {
                n--;
            }
            buckets = Arrays.copyOf(buckets, n);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(buckets[i]) || (i > 0 && !(buckets[i] > buckets[i - 1]))) {
                    throw new IllegalArgumentException(
                            "histogram buckets must be in strictly increasing order: " + Arrays.toString(buckets));
                }
            }
        }
        if (nativeMaxBuckets < 0) {
            throw new IllegalArgumentException("native max buckets must not be negative: " + nativeMaxBuckets);
        }
    }

    /** client_golang's {@code DefBuckets}: {@code .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10}. */
    public static double[] defaultBuckets() {
        return DEF_BUCKETS.clone();
    }

    /** Classic buckets only, with the given upper bounds. */
    public static HistogramOptions classic(double... buckets) {
        return new HistogramOptions(buckets, 0, 0);
    }

    /** The classic upper bounds, without the implicit {@code +Inf}; a copy. */
    @Override
    public double[] buckets() {
        return buckets.clone();
    }

    /** Whether the series also keeps native (sparse exponential) buckets. */
    public boolean nativeEnabled() {
        return nativeBucketFactor > 1;
    }

    /** The number of classic bounds, without the implicit {@code +Inf}. */
    public int bucketCount() {
        return buckets.length;
    }

    /** The {@code i}-th classic upper bound, without copying the array. */
    public double bucket(int i) {
        return buckets[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramOptions h
                && Arrays.equals(buckets, h.buckets)
                && Double.compare(nativeBucketFactor, h.nativeBucketFactor) == 0
                && nativeMaxBuckets == h.nativeMaxBuckets;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(buckets) * 31 + Double.hashCode(nativeBucketFactor)) * 31 + nativeMaxBuckets;
    }

    @Override
    public String toString() {
        return "HistogramOptions[buckets=" + Arrays.toString(buckets) + ", nativeBucketFactor=" + nativeBucketFactor
                + ", nativeMaxBuckets=" + nativeMaxBuckets + "]";
    }
}
