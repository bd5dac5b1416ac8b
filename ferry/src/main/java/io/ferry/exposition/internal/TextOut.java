package io.ferry.exposition.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.Exemplar;
import io.ferry.model.Labels;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Metric;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.wire.ByteSink;

/** Pieces both text writers share: sample lines, label sets, escaped strings, exemplars. */
public final class TextOut {
    private TextOut() {
    }

    /** Appends {@code {a="1",b="2"}}, or nothing when there are no labels. */
    private static void writeLabels(ByteSink out, Labels labels) {
        if (!labels.isEmpty()) {
            out.write('{');
            writePairs(out, labels);
            out.write('}');
        }
    }

    /** As {@link #writeLabels(ByteSink, Labels)}, for labels as columns hold them. */
    private static void writeLabels(ByteSink out, String[] names, String[] values, int from) {
        if (names.length > 0) {
            out.write('{');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                writePair(out, names[i], values[from + i]);
            }
            out.write('}');
        }
    }

    /**
     * Writes the sample lines of one family, in text 0.0.4's form or OpenMetrics': a metric's
     * {@link ClassicSeries} as they are visited, and any other line the writer adds. Not
     * thread-safe: one per family written.
     *
     * <pre>{@code
     * TextOut.SeriesLines lines = new TextOut.SeriesLines(out, name, false);
     * for (Metric m : family.metrics()) {
     *     lines.metric(m);
     *     ClassicSeries.visit(m, false, lines);
     * }
     * }</pre>
     */
    public static final class SeriesLines implements ClassicSeries.Visitor {
        private final ByteSink out;
        private final String name;
        private final boolean openMetrics;
        private Labels labels;
        /** Instead of {@link #labels}, when not null: a plain series' labels as columns hold them. */
        private String[] columnNames;
        private String[] columnValues;
        private int columnFrom;
        private long timestampMs;
        /*
         * The part of a bucket or quantile line that repeats within one metric, name_bucket{a="1",b="2",
         * is rendered once and copied for the following lines, since rendering the labels is most of a
         * line's cost. Start -1: not yet written for this metric.
         */
        private int prefixStart = -1;
        private int prefixLength;
        private boolean prefixHasLabels;

        /**
         * @param openMetrics OpenMetrics' forms: canonical bounds, timestamps in seconds, exemplars;
         *                    else text 0.0.4's, which has no exemplars
         */
        public SeriesLines(ByteSink out, String name, boolean openMetrics) {
            this.out = out;
            this.name = name;
            this.openMetrics = openMetrics;
        }

        /** Makes {@code m}'s labels and timestamp those of the following lines. */
        public void metric(Metric m) {
            // By concrete type: calls through the interface, with three classes behind it, cost
            // more than the rest of a short line.
            if (m instanceof ValueMetric v) {
                labels = v.labels();
                timestampMs = v.timestampMs();
            } else if (m instanceof HistogramMetric h) {
                labels = h.labels();
                timestampMs = h.timestampMs();
            } else {
                SummaryMetric s = (SummaryMetric) m;
                labels = s.labels();
                timestampMs = s.timestampMs();
            }
            columnNames = null;
            prefixStart = -1;
        }

        /**
         * Makes a plain value series' labels, as columns hold them
         * ({@link io.ferry.model.MetricFamily#forEachPlain}), those of the following lines, which have
         * no timestamp: the series need not be built to be written.
         */
        public void plain(String[] names, String[] values, int from) {
            columnNames = names;
            columnValues = values;
            columnFrom = from;
            timestampMs = Metric.NO_TIMESTAMP;
            prefixStart = -1;
        }

        /** The suffix is the same for every bounded line of a metric, as {@link ClassicSeries} gives them. */
        @Override
        public void bounded(String suffix, String boundLabel, double bound, double value, Exemplar exemplar) {
            if (prefixStart >= 0) {
                out.copyWithin(prefixStart, prefixLength);
            } else {
                prefixStart = out.size();
                out.writeAscii(name).writeAscii(suffix).write('{');
                prefixHasLabels = writePairs(out, labels);
                prefixLength = out.size() - prefixStart;
            }
            if (prefixHasLabels) {
                out.write(',');
            }
            out.writeAscii(boundLabel).write('=').write('"');
            if (openMetrics) {
                FloatFormat.writeCanonical(out, bound);
            } else {
                FloatFormat.writeBound(out, bound);
            }
            out.write('"').write('}');
            valueAndEnd(value, exemplar);
        }

        @Override
        public void unbounded(String suffix, double value) {
            line(suffix, value, null);
        }

        /** Writes {@code name+suffix{labels} value [timestamp] [exemplar]} for the current metric. */
        public void line(String suffix, double value, Exemplar exemplar) {
            out.writeAscii(name).writeAscii(suffix);
            if (columnNames == null) {
                writeLabels(out, labels);
            } else {
                writeLabels(out, columnNames, columnValues, columnFrom);
            }
            valueAndEnd(value, exemplar);
        }

        private void valueAndEnd(double value, Exemplar exemplar) {
            out.write(' ');
            FloatFormat.write(out, value);
            if (timestampMs != Metric.NO_TIMESTAMP) {
                out.write(' ');
                if (openMetrics) {
                    FloatFormat.writeSeconds(out, timestampMs);
                } else {
                    out.writeLong(timestampMs);
                }
            }
            if (openMetrics && exemplar != null) {
                writeExemplar(out, exemplar);
            }
            out.write('\n');
        }
    }

    private static boolean writePairs(ByteSink out, Labels labels) {
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            writePair(out, labels.name(i), labels.value(i));
        }
        return n > 0;
    }

    private static void writePair(ByteSink out, String name, String value) {
        out.writeAscii(name).write('=').write('"');
        writeEscaped(out, value, true);
        out.write('"');
    }

    /**
     * Appends {@code s} as UTF-8 with backslash and newline escaped, and the double quote too when
     * {@code quotes} (label values, OpenMetrics HELP; text 0.0.4 HELP leaves quotes alone).
     */
    public static void writeEscaped(ByteSink out, String s, boolean quotes) {
        if (out.tryWritePlainAscii(s, quotes)) {
            return;
        }
        int n = s.length();
        int plain = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\n' || quotes && c == '"') {
                if (i > plain) {
                    out.writeUtf8(s.substring(plain, i));
                }
                out.write('\\').write(c == '\n' ? 'n' : c);
                plain = i + 1;
            }
        }
        if (plain == 0) {
            out.writeUtf8(s);
        } else if (plain < n) {
            out.writeUtf8(s.substring(plain));
        }
    }

    /** Appends {@code " # {labels} value [timestamp]"}: an OpenMetrics exemplar. */
    private static void writeExemplar(ByteSink out, Exemplar e) {
        out.writeAscii(" # ");
        out.write('{');
        writePairs(out, e.labels());
        out.write('}').write(' ');
        FloatFormat.write(out, e.value());
        if (e.hasTimestamp()) {
            out.write(' ');
            FloatFormat.writeSeconds(out, e.timestampMs());
        }
    }
}
