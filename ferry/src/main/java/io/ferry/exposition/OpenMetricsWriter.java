package io.ferry.exposition;

import io.ferry.exposition.internal.TextOut;
import io.ferry.model.ClassicSeries;
import io.ferry.model.HistogramMetric;
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
        TextOut.SeriesLines lines = new TextOut.SeriesLines(out, base, true);
        String suffix = valueSuffix(type);
        if (f.forEachPlain((names, values, from, value) -> {
            lines.plain(names, values, from);
            lines.line(suffix, value, null);
        })) {
            return; // a stored family: written from its columns, no series built
        }
        for (Metric m : f.metrics()) {
            lines.metric(m);
            switch (m) {
                case ValueMetric v -> writeValue(lines, type, v);
                case SummaryMetric s -> {
                    ClassicSeries.visit(s, false, lines);
                    if (s.hasCreated()) {
                        lines.line("_created", s.createdSeconds(), null);
                    }
                }
                case HistogramMetric h -> {
                    boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
                    ClassicSeries.visit(h, gauge, lines);
                    if (!gauge && h.hasCreated()) {
                        lines.line("_created", h.createdSeconds(), null);
                    }
                }
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

    /** The suffix of a value series' name: OpenMetrics writes counters and infos under their base name. */
    private static String valueSuffix(MetricType type) {
        return switch (type) {
            case COUNTER -> "_total";
            case INFO -> "_info";
            default -> "";
        };
    }

    private static void writeValue(TextOut.SeriesLines lines, MetricType type, ValueMetric v) {
        lines.line(valueSuffix(type), v.value(), type == MetricType.COUNTER ? v.exemplar() : null);
        if (type == MetricType.COUNTER && v.hasCreated()) {
            lines.line("_created", v.createdSeconds(), null);
        }
    }
}
