package io.ferry.statsd.series;

import io.ferry.model.MetricType;
import io.ferry.statsd.series.internal.SummaryState;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One metric name of the store: its kind (fixed for its life), HELP, the options its first event
 * brought, and how many series it holds. A family whose last series expired is retired (its count
 * set to -1 under the store's family lock) so that no series can join it any more.
 */
final class Family {
    enum Kind {
        COUNTER(MetricType.COUNTER), GAUGE(MetricType.GAUGE), HISTOGRAM(MetricType.HISTOGRAM),
        SUMMARY(MetricType.SUMMARY), SET(MetricType.GAUGE);

        final MetricType type;

        Kind(MetricType type) {
            this.type = type;
        }
    }

    final int id;
    final String name;
    final Kind kind;
    final String help;
    /** Histograms: the finite bounds, and the same with {@code +Inf} as the model wants them. */
    final double[] bounds;
    final double[] upperBounds;
    final int nativeSchema;
    final int nativeMaxBuckets;
    final boolean nativeEnabled;
    final SummaryState.Shape summary;
    private final AtomicInteger series = new AtomicInteger();

    Family(int id, String name, Kind kind, String help, HistogramOptions h, SummaryOptions s) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.help = help;
        if (h != null) {
            bounds = h.buckets();
            upperBounds = java.util.Arrays.copyOf(bounds, bounds.length + 1);
            upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
            nativeEnabled = h.nativeEnabled();
            nativeSchema = nativeEnabled ? io.ferry.statsd.series.internal.NativeBuckets.schemaFor(h.nativeBucketFactor()) : 0;
            nativeMaxBuckets = h.nativeMaxBuckets();
        } else {
            bounds = null;
            upperBounds = null;
            nativeEnabled = false;
            nativeSchema = 0;
            nativeMaxBuckets = 0;
        }
        if (s != null) {
            double[] phis = new double[s.objectives().size()];
            double[] eps = new double[phis.length];
            for (int i = 0; i < phis.length; i++) {
                phis[i] = s.objectives().get(i).quantile();
                eps[i] = s.objectives().get(i).error();
            }
            long window = Math.max(1, s.maxAge().toMillis() / s.ageBuckets());
            summary = new SummaryState.Shape(phis, eps, window, s.ageBuckets(), s.bufCap());
        } else {
            summary = null;
        }
    }

    /** Counts one more series; false when the family is retired. */
    boolean join() {
        for (;;) {
            int n = series.get();
            if (n < 0) {
                return false;
            }
            if (series.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void leave() {
        series.decrementAndGet();
    }

    /** Retires the family if it holds no series; true when it did. */
    boolean retireIfEmpty() {
        return series.compareAndSet(0, -1);
    }

    boolean retired() {
        return series.get() < 0;
    }

    int seriesCount() {
        return Math.max(0, series.get());
    }
}
