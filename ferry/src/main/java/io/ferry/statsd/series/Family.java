package io.ferry.statsd.series;

import io.ferry.model.MetricType;
import io.ferry.statsd.series.internal.NativeBuckets;
import io.ferry.statsd.series.internal.SummaryState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One metric name of the store: its kind (fixed for its life), HELP, the options its first event
 * brought, and how many series it holds. A family whose last series expired is retired (its count
 * set to -1 under the store's family lock) so that no series can join it any more.
 *
 * <p>Kept small, since every unmapped StatsD name is a family of its own: the count is a plain
 * field updated through a {@link VarHandle}, and the options of histograms and summaries sit in one
 * object the other kinds do not carry.
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

    /** What every series of a histogram family shares. */
    record Buckets(double[] bounds, double[] upperBounds, boolean nativeEnabled, int nativeSchema,
                   int nativeMaxBuckets) {
        static Buckets of(HistogramOptions h) {
            double[] bounds = h.buckets();
            double[] upper = Arrays.copyOf(bounds, bounds.length + 1);
            upper[bounds.length] = Double.POSITIVE_INFINITY; // the model lists +Inf explicitly
            boolean nativeOn = h.nativeEnabled();
            return new Buckets(bounds, upper, nativeOn, nativeOn ? NativeBuckets.schemaFor(h.nativeBucketFactor()) : 0,
                    h.nativeMaxBuckets());
        }
    }

    private static final VarHandle SERIES;

    static {
        try {
            SERIES = MethodHandles.lookup().findVarHandle(Family.class, "series", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;
    final String name;
    final Kind kind;
    final String help;
    /** {@link Buckets} for histograms, {@link SummaryState.Shape} for summaries, else null. */
    private final Object shape;
    @SuppressWarnings("unused") // through SERIES
    private volatile int series;

    Family(int id, String name, Kind kind, String help, HistogramOptions h, SummaryOptions s) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.help = help;
        this.shape = switch (kind) {
            case HISTOGRAM -> Buckets.of(h);
            case SUMMARY -> summaryShape(s);
            default -> null;
        };
    }

    Buckets buckets() {
        return (Buckets) shape;
    }

    SummaryState.Shape summary() {
        return (SummaryState.Shape) shape;
    }

    private static SummaryState.Shape summaryShape(SummaryOptions s) {
        double[] phis = new double[s.objectives().size()];
        double[] eps = new double[phis.length];
        for (int i = 0; i < phis.length; i++) {
            phis[i] = s.objectives().get(i).quantile();
            eps[i] = s.objectives().get(i).error();
        }
        long window = Math.max(1, s.maxAge().toMillis() / s.ageBuckets());
        return new SummaryState.Shape(phis, eps, window, s.ageBuckets(), s.bufCap());
    }

    /** Counts one more series; false when the family is retired. */
    boolean join() {
        for (;;) {
            int n = series;
            if (n < 0) {
                return false;
            }
            if (SERIES.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    void leave() {
        SERIES.getAndAdd(this, -1);
    }

    /** Retires the family if it holds no series; true when it did. */
    boolean retireIfEmpty() {
        return SERIES.compareAndSet(this, 0, -1);
    }

    boolean retired() {
        return series < 0;
    }

    int seriesCount() {
        return Math.max(0, series);
    }
}
