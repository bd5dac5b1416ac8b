package io.ferry.statsd.series.internal;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;

import java.util.Arrays;

/**
 * The mutable state of one histogram series: a count per classic bucket (the last one {@code +Inf}),
 * the sum, and the native buckets when the family has them.
 *
 * <pre>{@code
 * HistogramState h = new HistogramState(bounds.length, null);
 * h.observe(bounds, 0.3, 1);
 * HistogramMetric m = h.toMetric(labels, upperBoundsWithInf);
 * }</pre>
 *
 * <p>Not thread-safe: the lock of the table holding it guards it.
 */
public final class HistogramState {
    private final long[] buckets;
    private double sum;
    private final NativeBuckets nativeBuckets;

    /** @param bounds the number of finite upper bounds; one more bucket holds {@code +Inf} */
    public HistogramState(int bounds, NativeBuckets nativeBuckets) {
        this.buckets = new long[bounds + 1];
        this.nativeBuckets = nativeBuckets;
    }

    /** Adds {@code weight} observations of {@code v}. */
    public void observe(double[] bounds, double v, int weight) {
        int i = Arrays.binarySearch(bounds, v);
        if (i < 0) {
            i = -i - 1; // the first bound above v; NaN sorts past every bound, into +Inf
        }
        buckets[i] += weight;
        sum += v * weight;
        if (nativeBuckets != null) {
            nativeBuckets.observe(v, weight);
        }
    }

    /** A snapshot as the model's histogram; {@code upperBounds} ends with {@code +Inf} and is shared. */
    public HistogramMetric toMetric(Labels labels, double[] upperBounds) {
        double[] cumulative = new double[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i];
            cumulative[i] = running;
        }
        return new HistogramMetric(labels, upperBounds, cumulative, null, sum, running, Metric.NO_TIMESTAMP,
                Double.NaN, nativeBuckets == null ? null : nativeBuckets.snapshot());
    }
}
