package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.exposition.internal.TextOut;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.wire.ByteSink;

/**
 * Writes the Prometheus text format 0.0.4 exactly as client_golang's {@code expfmt} does, so that
 * Ferry's {@code /metrics} is byte-identical to the Pushgateway's for the same data: numbers in Go's
 * shortest form, {@code le} and {@code quantile} after the other labels, a {@code +Inf} bucket
 * added when a histogram lacks one. What the format cannot say is left out: exemplars, created
 * times, units and native buckets. OpenMetrics-only types fall back as {@link
 * io.ferry.model.MetricType#textName()} says. Families without metrics are skipped.
 */
public final class PrometheusTextWriter implements ExpositionWriter {
    public static final PrometheusTextWriter INSTANCE = new PrometheusTextWriter();

    private PrometheusTextWriter() {
    }

    @Override
    public String contentType() {
        return ExpositionFormat.PROMETHEUS_TEXT.contentType();
    }

    @Override
    public void writeFamily(MetricFamily f, ByteSink out) {
        if (f.metrics().isEmpty()) {
            return;
        }
        String name = f.name();
        if (f.help() != null) {
            out.writeAscii("# HELP ").writeAscii(name).write(' ');
            TextOut.writeEscaped(out, stripTrailingCarriageReturns(f.help()), false);
            out.write('\n');
        }
        out.writeAscii("# TYPE ").writeAscii(name).write(' ').writeAscii(f.type().textName()).write('\n');
        TextOut.SeriesPrefix prefix = new TextOut.SeriesPrefix();
        for (Metric m : f.metrics()) {
            switch (m) {
                case ValueMetric v -> line(out, name, null, v.labels(), v.value(), v.timestampMs());
                case SummaryMetric s -> writeSummary(out, name, s, prefix);
                case HistogramMetric h -> writeHistogram(out, name, h, prefix);
            }
        }
    }

    /**
     * A HELP text cannot end in a carriage return here: the format has no escape for it, and readers
     * (Ferry's included) take a trailing CR for a CRLF line end.
     */
    private static String stripTrailingCarriageReturns(String help) {
        int end = help.length();
        while (end > 0 && help.charAt(end - 1) == '\r') {
            end--;
        }
        return end == help.length() ? help : help.substring(0, end);
    }

    private static void writeSummary(ByteSink out, String name, SummaryMetric s, TextOut.SeriesPrefix prefix) {
        double[] q = s.quantiles();
        prefix.reset();
        for (int i = 0; i < q.length; i++) {
            prefix.writeWithBound(out, name, "", s.labels(), "quantile", q[i], false);
            valueAndEnd(out, s.values()[i], s.timestampMs());
        }
        if (s.hasCount()) {
            line(out, name, "_sum", s.labels(), s.sum(), s.timestampMs());
            line(out, name, "_count", s.labels(), s.count(), s.timestampMs());
        }
    }

    private static void writeHistogram(ByteSink out, String name, HistogramMetric h, TextOut.SeriesPrefix prefix) {
        double[] le = h.upperBounds();
        boolean infSeen = false;
        prefix.reset();
        for (int i = 0; i < le.length; i++) {
            infSeen |= le[i] == Double.POSITIVE_INFINITY;
            prefix.writeWithBound(out, name, "_bucket", h.labels(), "le", le[i], false);
            valueAndEnd(out, h.cumulativeCounts()[i], h.timestampMs());
        }
        if (h.hasCount()) {
            if (!infSeen) {
                prefix.writeWithBound(out, name, "_bucket", h.labels(), "le", Double.POSITIVE_INFINITY, false);
                valueAndEnd(out, h.count(), h.timestampMs());
            }
            line(out, name, "_sum", h.labels(), h.sum(), h.timestampMs());
            line(out, name, "_count", h.labels(), h.count(), h.timestampMs());
        }
    }

    private static void line(ByteSink out, String name, String suffix, Labels labels, double value, long timestampMs) {
        out.writeAscii(name);
        if (suffix != null) {
            out.writeAscii(suffix);
        }
        TextOut.writeLabels(out, labels);
        valueAndEnd(out, value, timestampMs);
    }

    private static void valueAndEnd(ByteSink out, double value, long timestampMs) {
        out.write(' ');
        FloatFormat.write(out, value);
        if (timestampMs != Metric.NO_TIMESTAMP) {
            out.write(' ').writeLong(timestampMs);
        }
        out.write('\n');
    }
}
