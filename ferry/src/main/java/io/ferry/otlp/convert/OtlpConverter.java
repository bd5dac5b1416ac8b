package io.ferry.otlp.convert;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Metric;
import io.ferry.model.StaleNaN;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.otlp.convert.internal.RequestConverter;
import io.ferry.otlp.convert.internal.Rejections;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.ResourceMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Converts OTLP export requests to Prometheus' model by the OpenTelemetry–Prometheus compatibility
 * rules as Prometheus 3.14 applies them (names, labels, {@code job}/{@code instance},
 * {@code target_info}, every metric kind), with the choices written in docs/otlp.md
 * ("Conversion"). Bad points are rejected one by one, counted by reason; the rest is kept.
 *
 * <p>Stateless and thread-safe: each call works on its own caches, so one converter serves all
 * request threads.
 *
 * <pre>{@code
 * OtlpConverter converter = new OtlpConverter(ConversionOptions.DEFAULTS);
 * Conversion c = converter.convert(OtlpProtobufDecoder.decode(body, 0, body.length));
 * for (ConvertedResource r : c.resources()) {
 *     // store r.cumulative() under r.groupKey(); add each of r.deltas() with DeltaSeries.accumulate
 * }
 * }</pre>
 */
public final class OtlpConverter {
    /** Points older than this are rejected: a day covers any retrying exporter's backlog. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    /** Points further ahead than this are rejected, as Prometheus' OTLP receiver does. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(10);

    private final ConversionOptions options;
    private final LongSupplier clockMillis;

    public OtlpConverter(ConversionOptions options) {
        this(options, System::currentTimeMillis);
    }

    /** A converter whose time bounds follow {@code clockMillis} (milliseconds since the epoch). */
    public OtlpConverter(ConversionOptions options, LongSupplier clockMillis) {
        this.options = options;
        this.clockMillis = clockMillis;
    }

    public ConversionOptions options() {
        return options;
    }

    /** Converts {@code request}; never throws for any well-formed request. */
    public Conversion convert(ExportRequest request) {
        long nowNanos = clockMillis.getAsLong() * 1_000_000L;
        Rejections rejections = new Rejections(Conversion.MAX_MESSAGES);
        RequestConverter converter = new RequestConverter(options, Math.max(1, nowNanos - MAX_AGE.toNanos()),
                nowNanos + MAX_AHEAD.toNanos(), rejections);
        List<ConvertedResource> out = new ArrayList<>(request.resources().size());
        for (ResourceMetrics rm : request.resources()) {
            ConvertedResource r = converter.convert(rm);
            if (r != null) {
                out.add(r);
            }
        }
        return new Conversion(out, rejections.total(), rejections.messages(), rejections.byReason(),
                rejections.warnings());
    }

    /** The same as {@link DeltaSeries#accumulate}. */
    public static Metric accumulate(Metric stored, DeltaSeries d) {
        return DeltaSeries.accumulate(stored, d);
    }

    /**
     * Whether {@code m} is a stale marker, made from a point with no recorded value: the series has
     * ended. The collector's {@code prometheusexporter} deletes such series rather than serving them.
     */
    public static boolean isStale(Metric m) {
        return switch (m) {
            case ValueMetric v -> StaleNaN.is(v.value());
            case HistogramMetric h -> StaleNaN.is(h.count());
            case SummaryMetric s -> StaleNaN.is(s.count());
        };
    }
}
