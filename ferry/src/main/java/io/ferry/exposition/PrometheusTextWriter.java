package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.exposition.internal.TextOut;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

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
    public void write(Iterable<MetricFamily> families, ByteSink out) {
        for (MetricFamily f : families) {
            if (!f.metrics().isEmpty()) {
                writeFamily(f, out);
            }
        }
    }

    private static void writeFamily(MetricFamily f, ByteSink out) {
        String name = f.name();
        if (f.help() != null) {
            out.writeAscii("# HELP ").writeAscii(name).write(' ');
            TextOut.writeEscaped(out, f.help(), false);
            out.write('\n');
        }
        out.writeAscii("# TYPE ").writeAscii(name).write(' ').writeAscii(f.type().textName()).write('\n');
        for (Metric m : f.metrics()) {
            switch (m) {
                case ValueMetric v -> line(out, name, null, v.labels(), null, 0, v.value(), v.timestampMs());
                case SummaryMetric s -> writeSummary(out, name, s);
                case HistogramMetric h -> writeHistogram(out, name, h);
            }
        }
    }

    private static void writeSummary(ByteSink out, String name, SummaryMetric s) {
        double[] q = s.quantiles();
        for (int i = 0; i < q.length; i++) {
            line(out, name, null, s.labels(), "quantile", q[i], s.values()[i], s.timestampMs());
        }
        if (s.hasCount()) {
            line(out, name, "_sum", s.labels(), null, 0, s.sum(), s.timestampMs());
            line(out, name, "_count", s.labels(), null, 0, s.count(), s.timestampMs());
        }
    }

    private static void writeHistogram(ByteSink out, String name, HistogramMetric h) {
        double[] le = h.upperBounds();
        boolean infSeen = false;
        for (int i = 0; i < le.length; i++) {
            infSeen |= le[i] == Double.POSITIVE_INFINITY;
            line(out, name, "_bucket", h.labels(), "le", le[i], h.cumulativeCounts()[i], h.timestampMs());
        }
        if (h.hasCount()) {
            if (!infSeen) {
                line(out, name, "_bucket", h.labels(), "le", Double.POSITIVE_INFINITY, h.count(), h.timestampMs());
            }
            line(out, name, "_sum", h.labels(), null, 0, h.sum(), h.timestampMs());
            line(out, name, "_count", h.labels(), null, 0, h.count(), h.timestampMs());
        }
    }

    private static void line(ByteSink out, String name, String suffix, Labels labels, String extraName,
                             double extraValue, double value, long timestampMs) {
        out.writeAscii(name);
        if (suffix != null) {
            out.writeAscii(suffix);
        }
        TextOut.writeLabels(out, labels, extraName, extraValue, false);
        out.write(' ');
        FloatFormat.write(out, value);
        if (timestampMs != Metric.NO_TIMESTAMP) {
            out.write(' ').writeLong(timestampMs);
        }
        out.write('\n');
    }
}
