package io.ferry.statsd.series.internal;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.SummaryMetric;

import java.util.Arrays;

/**
 * The mutable state of one summary series, with client_golang's windowing: observations are
 * buffered (up to {@code bufCap}), then merged into each of {@code ageBuckets} estimators; every
 * {@code maxAge / ageBuckets} the oldest estimator is cleared and the next one answers queries, so
 * an answer covers between {@code maxAge - maxAge/ageBuckets} and {@code maxAge} of observations.
 * Sum and count are cumulative and never age.
 *
 * <pre>{@code
 * SummaryState s = new SummaryState(shape, clock.millis());
 * s.observe(shape, 0.25, 1, clock.millis());
 * SummaryMetric m = s.toMetric(shape, labels, clock.millis());
 * }</pre>
 *
 * <p>The buffer and the estimators are allocated on first use and the buffer grows as needed, so an
 * idle series stays small. Not thread-safe: the lock of the table holding it guards it.
 */
public final class SummaryState {
    /** An event standing for more observations than this adds only this many to the estimators. */
    public static final int MAX_COPIES = 10_000;

    /** What all series of one summary family share. */
    public record Shape(double[] phis, double[] epsilons, long windowMillis, int ageBuckets, int bufCap) {
    }

    private double[] buffer;
    private int buffered;
    private TargetedQuantiles[] windows;
    private int head;
    private long headExpiresAt;
    private double sum;
    private long count;

    public SummaryState(Shape shape, long now) {
        this.headExpiresAt = now + shape.windowMillis();
    }

    /** Adds {@code weight} observations of {@code v}. */
    public void observe(Shape shape, double v, int weight, long now) {
        sum += v * weight;
        count += weight;
        if (shape.phis().length == 0) {
            return;
        }
        rotate(shape, now);
        for (int i = Math.min(weight, MAX_COPIES); i > 0; i--) {
            if (buffer == null) {
                buffer = new double[Math.min(8, shape.bufCap())];
            } else if (buffered == buffer.length) {
                if (buffered == shape.bufCap()) {
                    flush(shape);
                } else {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, shape.bufCap()));
                }
            }
            buffer[buffered++] = v;
        }
    }

    /** A snapshot at {@code now}: buffered observations are merged first, expired windows cleared. */
    public SummaryMetric toMetric(Shape shape, Labels labels, long now) {
        double[] values = new double[shape.phis().length];
        if (values.length > 0) {
            rotate(shape, now);
            flush(shape);
            for (int i = 0; i < values.length; i++) {
                values[i] = windows == null ? Double.NaN : windows[head].query(shape.phis()[i]);
            }
        }
        return new SummaryMetric(labels, shape.phis(), values, sum, count, Metric.NO_TIMESTAMP, Double.NaN);
    }

    /** Buffered values and estimator samples held, for memory accounting in tests. */
    public int retainedSamples() {
        int n = buffered;
        if (windows != null) {
            for (TargetedQuantiles w : windows) {
                n += w.samples();
            }
        }
        return n;
    }

    private void flush(Shape shape) {
        if (buffered == 0) {
            return;
        }
        if (windows == null) {
            windows = new TargetedQuantiles[shape.ageBuckets()];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = new TargetedQuantiles(shape.phis(), shape.epsilons());
            }
        }
        Arrays.sort(buffer, 0, buffered);
        for (TargetedQuantiles w : windows) {
            w.insertSorted(buffer, buffered);
        }
        buffered = 0;
    }

    private void rotate(Shape shape, long now) {
        if (now < headExpiresAt) {
            return;
        }
        flush(shape); // what was observed before the rotation belongs to every window still open
        long steps = (now - headExpiresAt) / shape.windowMillis() + 1;
        headExpiresAt += steps * shape.windowMillis();
        if (windows == null) {
            return;
        }
        for (long i = Math.min(steps, windows.length); i > 0; i--) {
            windows[head].reset();
            head = (head + 1) % windows.length;
        }
    }
}
