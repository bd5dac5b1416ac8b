package io.ferry.exposition;

import io.ferry.exposition.internal.TextOut;
import io.ferry.model.ClassicSeries;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
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
        TextOut.SeriesLines lines = new TextOut.SeriesLines(out, name, false);
        if (f.forEachPlain((names, values, from, value) -> {
            lines.plain(names, values, from);
            lines.line(ClassicSeries.NONE, value, null);
        })) {
            return; // a stored family: written from its columns, no series built
        }
        for (Metric m : f.metrics()) {
            // Text 0.0.4 has no gauge histogram: one is written as a histogram, with _sum and _count.
            lines.metric(m);
            ClassicSeries.visit(m, false, lines);
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
}
