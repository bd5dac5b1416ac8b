package io.ferry.otlp.convert;

import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.DataPoint;
import io.ferry.otlp.wire.ExpHistogramPoint;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.HistogramPoint;
import io.ferry.otlp.wire.MetricKind;
import io.ferry.otlp.wire.NumberPoint;
import io.ferry.otlp.wire.OtlpExemplar;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.SummaryPoint;
import io.ferry.otlp.wire.Temporality;

import java.util.List;

/** Builds OTLP requests for the converter's tests: one resource, one scope, points at {@link #T}. */
final class Otlp {
    /** The converter's clock in the tests, milliseconds. */
    static final long NOW_MS = 1_780_000_000_000L;
    /** A point's time: one second before now, in nanoseconds. */
    static final long T = (NOW_MS - 1000) * 1_000_000L;
    /** A point's start time: a minute before {@link #T}. */
    static final long START = T - 60_000_000_000L;

    static final Attributes SHOP = Attributes.of("service.name", "shop", "service.instance.id", "i-1");

    private Otlp() {
    }

    static ExportRequest request(Attributes resource, OtlpMetric... metrics) {
        return new ExportRequest(List.of(new ResourceMetrics(resource,
                List.of(new ScopeMetrics("io.test", "1.0", Attributes.EMPTY, List.of(metrics))))));
    }

    static ExportRequest request(OtlpMetric... metrics) {
        return request(SHOP, metrics);
    }

    static OtlpMetric gauge(String name, String unit, DataPoint... points) {
        return new OtlpMetric(name, "", unit, MetricKind.GAUGE, Temporality.UNSPECIFIED, false, List.of(points));
    }

    static OtlpMetric sum(String name, String unit, Temporality t, boolean monotonic, DataPoint... points) {
        return new OtlpMetric(name, "help of " + name, unit, MetricKind.SUM, t, monotonic, List.of(points));
    }

    static OtlpMetric histogram(String name, String unit, Temporality t, DataPoint... points) {
        return new OtlpMetric(name, "", unit, MetricKind.HISTOGRAM, t, false, List.of(points));
    }

    static OtlpMetric exponential(String name, String unit, Temporality t, DataPoint... points) {
        return new OtlpMetric(name, "", unit, MetricKind.EXPONENTIAL_HISTOGRAM, t, false, List.of(points));
    }

    static OtlpMetric summary(String name, DataPoint... points) {
        return new OtlpMetric(name, "", "", MetricKind.SUMMARY, Temporality.UNSPECIFIED, false, List.of(points));
    }

    static NumberPoint num(double value, String... attributes) {
        return new NumberPoint(Attributes.of(attributes), START, T, value, false, 0, 0, List.of());
    }

    static NumberPoint numAt(long timeNanos, double value, String... attributes) {
        return new NumberPoint(Attributes.of(attributes), START, timeNanos, value, false, 0, 0, List.of());
    }

    static NumberPoint stale(String... attributes) {
        return new NumberPoint(Attributes.of(attributes), START, T, 0, false, 0, DataPoint.FLAG_NO_RECORDED_VALUE,
                List.of());
    }

    static NumberPoint withExemplars(double value, OtlpExemplar... exemplars) {
        return new NumberPoint(Attributes.EMPTY, START, T, value, false, 0, 0, List.of(exemplars));
    }

    static HistogramPoint hist(long count, double sum, double[] bounds, long[] counts, String... attributes) {
        return new HistogramPoint(Attributes.of(attributes), START, T, count, true, sum, bounds, counts, false, 0,
                false, 0, 0, List.of());
    }

    static ExpHistogramPoint exp(long count, double sum, int scale, long zeroCount, int offset, long[] positive,
                                 int negativeOffset, long[] negative) {
        return new ExpHistogramPoint(Attributes.EMPTY, START, T, count, true, sum, scale, zeroCount, 0, offset,
                positive, negativeOffset, negative, 0, List.of());
    }

    static SummaryPoint summaryPoint(long count, double sum, double[] quantiles, double[] values) {
        return new SummaryPoint(Attributes.EMPTY, START, T, count, sum, quantiles, values, 0);
    }
}
