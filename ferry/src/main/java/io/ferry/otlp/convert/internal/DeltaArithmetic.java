package io.ferry.otlp.convert.internal;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Metric;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.StaleNaN;
import io.ferry.model.ValueMetric;
import io.ferry.otlp.convert.DeltaSeries;
import io.ferry.otlp.convert.HistogramDelta;

import java.util.Arrays;
import java.util.List;

/**
 * Adds a {@link DeltaSeries} to a stored series; the rules are on {@link DeltaSeries#accumulate},
 * which is the public way in. Stateless.
 *
 * <pre>{@code
 * Metric next = DeltaArithmetic.accumulate(stored, delta); // stored may be null
 * }</pre>
 */
public final class DeltaArithmetic {
    private DeltaArithmetic() {
    }

    public static Metric accumulate(Metric stored, DeltaSeries d) {
        if (d.histogram() == null) {
            return stored instanceof ValueMetric v && !StaleNaN.is(v.value()) && !StaleNaN.is(d.value())
                    ? new ValueMetric(d.labels(), v.value() + d.value(), Times.millis(d.timeNanos()),
                            v.createdSeconds(), d.exemplar() != null ? d.exemplar() : v.exemplar())
                    : start(d);
        }
        HistogramDelta h = d.histogram();
        if (!(stored instanceof HistogramMetric s) || isStale(s) || StaleNaN.is(h.count())) {
            return start(d);
        }
        long ts = Times.millis(d.timeNanos());
        if (h.nativeHistogram() != null) {
            NativeHistogram sn = s.nativeHistogram();
            if (sn == null || sn.integerCounts() != h.nativeHistogram().integerCounts()) {
                return start(d);
            }
            NativeHistogram sum = NativeBuckets.add(sn, h.nativeHistogram(), latestExemplars(sn, h.nativeHistogram()));
            double count = s.count() + h.count();
            NativeBuckets.Classic c = NativeBuckets.classic(sum, count);
            return new HistogramMetric(d.labels(), c.upperBounds(), c.cumulativeCounts(), null,
                    s.sum() + h.sum(), count, ts, s.createdSeconds(), sum);
        }
        if (s.nativeHistogram() != null || !Arrays.equals(s.upperBounds(), h.upperBounds())) {
            return start(d); // a changed bucket layout cannot be added to: the series restarts
        }
        double[] counts = s.cumulativeCounts().clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += h.cumulativeCounts()[i];
        }
        Exemplar[] exemplars = mergeExemplars(s, h);
        return new HistogramMetric(d.labels(), h.upperBounds(), counts, exemplars, s.sum() + h.sum(),
                s.count() + h.count(), ts, s.createdSeconds(), null);
    }

    private static List<Exemplar> latestExemplars(NativeHistogram stored, NativeHistogram delta) {
        return delta.exemplars().isEmpty() ? stored.exemplars() : delta.exemplars();
    }

    /** Each bucket keeps the delta's exemplar where it has one, else the stored one. */
    private static Exemplar[] mergeExemplars(HistogramMetric s, HistogramDelta h) {
        if (h.exemplars() == null) {
            return s.exemplars();
        }
        Exemplar[] out = h.exemplars().clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = s.exemplar(i);
            }
        }
        return out;
    }

    private static boolean isStale(HistogramMetric h) {
        return StaleNaN.is(h.count()) || StaleNaN.is(h.sum());
    }

    /** A new series from the delta alone. */
    private static Metric start(DeltaSeries d) {
        long ts = Times.millis(d.timeNanos());
        double created = d.type() == MetricType.GAUGE ? Double.NaN : Times.seconds(d.startTimeNanos());
        HistogramDelta h = d.histogram();
        if (h == null) {
            return new ValueMetric(d.labels(), d.value(), ts, created, d.exemplar());
        }
        return new HistogramMetric(d.labels(), h.upperBounds(), h.cumulativeCounts(), h.exemplars(), h.sum(),
                h.count(), ts, created, h.nativeHistogram());
    }

}
