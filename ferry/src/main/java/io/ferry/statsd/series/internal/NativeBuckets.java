package io.ferry.statsd.series.internal;

import io.ferry.model.NativeHistogram;

import java.util.Arrays;
import java.util.List;

/**
 * The sparse exponential buckets of one native histogram series, as client_golang keeps them: bucket
 * {@code i} of schema {@code s} holds the observations in {@code (2^((i-1)/2^s), 2^(i/2^s)]}; values
 * within {@link #ZERO_THRESHOLD} of zero count in the zero bucket. When more than {@code maxBuckets}
 * buckets are populated the resolution is halved (schema minus one, neighbouring buckets merged) until
 * they fit or the schema reaches -4.
 *
 * <pre>{@code
 * NativeBuckets nb = new NativeBuckets(NativeBuckets.schemaFor(1.1), 256); // schema 3
 * nb.observe(0.25, 1);
 * NativeHistogram h = nb.snapshot();
 * }</pre>
 *
 * <p>Not thread-safe: the owner's lock guards it.
 */
public final class NativeBuckets {
    /** client_golang's {@code DefNativeHistogramZeroThreshold}, 2^-128. */
    public static final double ZERO_THRESHOLD = 2.938735877055719e-39;
    private static final int MIN_SCHEMA = -4;
    private static final int MAX_SCHEMA = 8;
    /** Per positive schema, the bucket bounds of a value's fraction {@code f}: value = f * 2^exp, f in [0.5, 1). */
    private static final double[][] BOUNDS = new double[MAX_SCHEMA + 1][];

    static {
        for (int s = 1; s <= MAX_SCHEMA; s++) {
            int n = 1 << s;
            BOUNDS[s] = new double[n];
            for (int j = 0; j < n; j++) {
                BOUNDS[s][j] = Math.pow(2, (double) j / n - 1);
            }
        }
    }

    private final int maxBuckets;
    private int schema;
    private long zeroCount;
    private final Sparse positive = new Sparse();
    private final Sparse negative = new Sparse();

    public NativeBuckets(int schema, int maxBuckets) {
        this.schema = schema;
        this.maxBuckets = maxBuckets;
    }

    /** The schema client_golang picks for a bucket factor: the finest whose growth factor is at most it. */
    public static int schemaFor(double factor) {
        double floor = Math.floor(Math.log(Math.log(factor) / Math.log(2)) / Math.log(2));
        if (floor <= -MAX_SCHEMA) {
            return MAX_SCHEMA;
        }
        if (floor >= -MIN_SCHEMA) {
            return MIN_SCHEMA;
        }
        return (int) -floor;
    }

    public int schema() {
        return schema;
    }

    public void observe(double v, long weight) {
        if (Double.isNaN(v)) {
            return; // counted in _count and the classic +Inf bucket only
        }
        double abs = Math.abs(v);
        if (abs <= ZERO_THRESHOLD) {
            zeroCount += weight;
            return;
        }
        (v > 0 ? positive : negative).add(key(abs, schema), weight);
        while (maxBuckets > 0 && positive.size + negative.size > maxBuckets && schema > MIN_SCHEMA) {
            schema--;
            positive.halveResolution();
            negative.halveResolution();
        }
    }

    /** The bucket index of {@code abs > 0} at schema {@code s}. */
    static int key(double abs, int s) {
        if (abs == Double.POSITIVE_INFINITY) {
            return key(Double.MAX_VALUE, s) + 1; // the bucket past the largest finite one, as client_golang
        }
        int exp = Math.getExponent(abs) + 1; // abs = frac * 2^exp with frac in [0.5, 1)
        double frac;
        if (exp < Double.MIN_EXPONENT + 1) { // subnormal
            exp = Math.getExponent(abs * 0x1p54) + 1 - 54;
            frac = abs * 0x1p54 / Math.scalb(1.0, exp + 54);
        } else {
            frac = abs / Math.scalb(1.0, exp);
        }
        if (s > 0) {
            double[] bounds = BOUNDS[s];
            int j = Arrays.binarySearch(bounds, frac);
            if (j < 0) {
                j = -j - 1; // first bound >= frac
            }
            return j + (exp - 1) * bounds.length;
        }
        int k = exp;
        if (frac == 0.5) {
            k--;
        }
        int offset = (1 << -s) - 1;
        return (k + offset) >> -s;
    }

    public NativeHistogram snapshot() {
        return new NativeHistogram(schema, ZERO_THRESHOLD, zeroCount, negative.spans(), negative.counts(),
                positive.spans(), positive.counts(), true, List.of());
    }

    /** Bucket index to count, sorted by index. */
    private static final class Sparse {
        int[] index = new int[4];
        long[] count = new long[4];
        int size;

        void add(int key, long weight) {
            int i = Arrays.binarySearch(index, 0, size, key);
            if (i >= 0) {
                count[i] += weight;
                return;
            }
            i = -i - 1;
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                count = Arrays.copyOf(count, size * 2);
            }
            System.arraycopy(index, i, index, i + 1, size - i);
            System.arraycopy(count, i, count, i + 1, size - i);
            index[i] = key;
            count[i] = weight;
            size++;
        }

        /** Bucket i of schema s lies within bucket ceil(i/2) of schema s-1. */
        void halveResolution() {
            int w = -1;
            for (int r = 0; r < size; r++) {
                int k = (index[r] + 1) >> 1;
                if (w >= 0 && index[w] == k) {
                    count[w] += count[r];
                } else {
                    w++;
                    index[w] = k;
                    count[w] = count[r];
                }
            }
            size = w + 1;
        }

        int[] spans() {
            int spans = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || index[i] != index[i - 1] + 1) {
                    spans++;
                }
            }
            int[] out = new int[spans * 2];
            int s = -1;
            for (int i = 0; i < size; i++) {
                if (i == 0 || index[i] != index[i - 1] + 1) {
                    s++;
                    out[2 * s] = i == 0 ? index[0] : index[i] - index[i - 1] - 1;
                }
                out[2 * s + 1]++;
            }
            return out;
        }

        double[] counts() {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = count[i];
            }
            return out;
        }
    }
}
