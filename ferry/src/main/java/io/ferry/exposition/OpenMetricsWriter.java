package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.exposition.internal.TextOut;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.wire.ByteSink;

/**
 * Writes OpenMetrics 1.0 text: TYPE, UNIT and HELP lines on the family's OpenMetrics name (a
 * counter's {@code _total} and an info family's {@code _info} stripped), samples with their
 * suffixes, {@code _created} series, exemplars, timestamps in seconds, {@code le} and
 * {@code quantile} in canonical form, and {@code # EOF} at the end. A UNIT that is not a suffix of
 * the family name (possible from protobuf) is left out, since OpenMetrics forbids it. A counter
 * whose name does not end in {@code _total} is written as unknown, keeping its name.
 */
public final class OpenMetricsWriter implements ExpositionWriter {
    public static final OpenMetricsWriter INSTANCE = new OpenMetricsWriter();

    private OpenMetricsWriter() {
    }

    @Override
    public String contentType() {
        return ExpositionFormat.OPENMETRICS.contentType();
    }

    @Override
    public void finish(ByteSink out) {
        out.writeAscii("# EOF\n");
    }

    /** The family's name on OpenMetrics metadata lines. */
    public static String openMetricsName(MetricFamily f) {
        String name = f.name();
        if (f.type() == MetricType.COUNTER && name.endsWith("_total")) {
            return name.substring(0, name.length() - 6);
        }
        if (f.type() == MetricType.INFO && name.endsWith("_info")) {
            return name.substring(0, name.length() - 5);
        }
        return name;
    }

    @Override
    public void writeFamily(MetricFamily f, ByteSink out) {
        if (f.metrics().isEmpty()) {
            return;
        }
        String base = openMetricsName(f);
        MetricType type = writtenType(f);
        out.writeAscii("# TYPE ").writeAscii(base).write(' ').writeAscii(type.openMetricsName()).write('\n');
        if (f.unit() != null && !f.unit().isEmpty() && base.endsWith("_" + f.unit())) {
            out.writeAscii("# UNIT ").writeAscii(base).write(' ').writeAscii(f.unit()).write('\n');
        }
        if (f.help() != null) {
            out.writeAscii("# HELP ").writeAscii(base).write(' ');
            TextOut.writeEscaped(out, f.help(), true);
            out.write('\n');
        }
        TextOut.SeriesPrefix prefix = new TextOut.SeriesPrefix();
        for (Metric m : f.metrics()) {
            switch (m) {
                case ValueMetric v -> writeValue(out, base, type, v);
                case SummaryMetric s -> writeSummary(out, base, s, prefix);
                case HistogramMetric h -> writeHistogram(out, base, type, h, prefix);
            }
        }
    }

    /**
     * OpenMetrics has no counter without {@code _total}; one named so (text 0.0.4 and protobuf allow
     * it) is written as unknown, so its series keeps the name Prometheus gives it from those formats
     * rather than gaining {@code _total}.
     */
    private static MetricType writtenType(MetricFamily f) {
        return f.type() == MetricType.COUNTER && !f.name().endsWith("_total") ? MetricType.UNKNOWN : f.type();
    }

    private static void writeValue(ByteSink out, String base, MetricType type, ValueMetric v) {
        String suffix = switch (type) {
            case COUNTER -> "_total";
            case INFO -> "_info";
            default -> null;
        };
        line(out, base, suffix, v.labels(), v.value(), v.timestampMs(), type == MetricType.COUNTER ? v.exemplar() : null);
        if (type == MetricType.COUNTER && v.hasCreated()) {
            line(out, base, "_created", v.labels(), v.createdSeconds(), v.timestampMs(), null);
        }
    }

    private static void writeSummary(ByteSink out, String base, SummaryMetric s, TextOut.SeriesPrefix prefix) {
        double[] q = s.quantiles();
        prefix.reset();
        for (int i = 0; i < q.length; i++) {
            prefix.writeWithBound(out, base, "", s.labels(), "quantile", q[i], true);
            valueAndEnd(out, s.values()[i], s.timestampMs(), null);
        }
        if (s.hasCount()) {
            line(out, base, "_sum", s.labels(), s.sum(), s.timestampMs(), null);
            line(out, base, "_count", s.labels(), s.count(), s.timestampMs(), null);
        }
        if (s.hasCreated()) {
            line(out, base, "_created", s.labels(), s.createdSeconds(), s.timestampMs(), null);
        }
    }

    private static void writeHistogram(ByteSink out, String base, MetricType type, HistogramMetric h,
                                       TextOut.SeriesPrefix prefix) {
        boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
        double[] le = h.upperBounds();
        boolean infSeen = false;
        prefix.reset();
        for (int i = 0; i < le.length; i++) {
            infSeen |= le[i] == Double.POSITIVE_INFINITY;
            prefix.writeWithBound(out, base, "_bucket", h.labels(), "le", le[i], true);
            valueAndEnd(out, h.cumulativeCounts()[i], h.timestampMs(), h.exemplar(i));
        }
        if (h.hasCount()) {
            if (!infSeen) {
                prefix.writeWithBound(out, base, "_bucket", h.labels(), "le", Double.POSITIVE_INFINITY, true);
                valueAndEnd(out, h.count(), h.timestampMs(), null);
            }
            line(out, base, gauge ? "_gsum" : "_sum", h.labels(), h.sum(), h.timestampMs(), null);
            line(out, base, gauge ? "_gcount" : "_count", h.labels(), h.count(), h.timestampMs(), null);
        }
        if (!gauge && h.hasCreated()) {
            line(out, base, "_created", h.labels(), h.createdSeconds(), h.timestampMs(), null);
        }
    }

    private static void line(ByteSink out, String base, String suffix, Labels labels, double value, long timestampMs,
                             Exemplar exemplar) {
        out.writeAscii(base);
        if (suffix != null) {
            out.writeAscii(suffix);
        }
        TextOut.writeLabels(out, labels);
        valueAndEnd(out, value, timestampMs, exemplar);
    }

    private static void valueAndEnd(ByteSink out, double value, long timestampMs, Exemplar exemplar) {
        out.write(' ');
        FloatFormat.write(out, value);
        if (timestampMs != Metric.NO_TIMESTAMP) {
            out.write(' ');
            FloatFormat.writeSeconds(out, timestampMs);
        }
        if (exemplar != null) {
            TextOut.writeExemplar(out, exemplar);
        }
        out.write('\n');
    }
}
