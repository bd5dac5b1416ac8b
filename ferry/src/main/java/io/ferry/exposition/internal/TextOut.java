package io.ferry.exposition.internal;

import io.ferry.wire.ByteSink;
import io.ferry.model.Exemplar;
import io.ferry.model.Labels;

/** Pieces both text writers share: label sets, escaped strings, values. */
public final class TextOut {
    private TextOut() {
    }

    /** Appends {@code {a="1",b="2"}}, or nothing when there are no labels. */
    public static void writeLabels(ByteSink out, Labels labels) {
        if (!labels.isEmpty()) {
            out.write('{');
            writePairs(out, labels);
            out.write('}');
        }
    }

    /**
     * Writes the part of a bucket or quantile line that repeats within one metric,
     * {@code name_bucket{a="1",b="2"}, once, and copies it for the following lines, since rendering
     * the labels is most of a line's cost. Not thread-safe: one per write.
     */
    public static final class SeriesPrefix {
        private int start = -1;
        private int length;
        private boolean hasLabels;

        /** Forgets the prefix, before the next metric. */
        public void reset() {
            start = -1;
        }

        /** Appends {@code name+suffix{labels} and the bound label, ready for {@code " value"}. */
        public void writeWithBound(ByteSink out, String name, String suffix, Labels labels, String boundName,
                                   double bound, boolean canonical) {
            if (start >= 0) {
                out.copyWithin(start, length);
            } else {
                start = out.size();
                out.writeAscii(name).writeAscii(suffix).write('{');
                hasLabels = writePairs(out, labels);
                length = out.size() - start;
            }
            if (hasLabels) {
                out.write(',');
            }
            out.writeAscii(boundName).write('=').write('"');
            if (canonical) {
                FloatFormat.writeCanonical(out, bound);
            } else {
                FloatFormat.writeBound(out, bound);
            }
            out.write('"').write('}');
        }
    }

    private static boolean writePairs(ByteSink out, Labels labels) {
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeAscii(labels.name(i)).write('=').write('"');
            writeEscaped(out, labels.value(i), true);
            out.write('"');
        }
        return n > 0;
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
    public static void writeExemplar(ByteSink out, Exemplar e) {
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
