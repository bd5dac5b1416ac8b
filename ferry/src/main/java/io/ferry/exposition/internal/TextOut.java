package io.ferry.exposition.internal;

import io.ferry.exposition.ByteSink;
import io.ferry.model.Exemplar;
import io.ferry.model.Labels;

/** Pieces both text writers share: label sets, escaped strings, values. */
public final class TextOut {
    private TextOut() {
    }

    /**
     * Appends {@code {a="1",b="2",extra="x"}}, or nothing when there are no labels. The extra label
     * ({@code le} or {@code quantile}) comes last, after the sorted labels, as client_golang writes it.
     * {@code canonicalExtra} renders it in OpenMetrics' canonical float form.
     */
    public static void writeLabels(ByteSink out, Labels labels, String extraName, double extraValue,
                                   boolean canonicalExtra) {
        int n = labels.size();
        if (n == 0 && extraName == null) {
            return;
        }
        out.write('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeAscii(labels.name(i)).write('=').write('"');
            writeEscaped(out, labels.value(i), true);
            out.write('"');
        }
        if (extraName != null) {
            if (n > 0) {
                out.write(',');
            }
            out.writeAscii(extraName).write('=').write('"');
            if (canonicalExtra) {
                FloatFormat.writeCanonical(out, extraValue);
            } else {
                FloatFormat.write(out, extraValue);
            }
            out.write('"');
        }
        out.write('}');
    }

    /**
     * Appends {@code s} as UTF-8 with backslash and newline escaped, and the double quote too when
     * {@code quotes} (label values, OpenMetrics HELP; text 0.0.4 HELP leaves quotes alone).
     */
    public static void writeEscaped(ByteSink out, String s, boolean quotes) {
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
        Labels l = e.labels();
        out.write('{');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeAscii(l.name(i)).write('=').write('"');
            writeEscaped(out, l.value(i), true);
            out.write('"');
        }
        out.write('}').write(' ');
        FloatFormat.write(out, e.value());
        if (e.hasTimestamp()) {
            out.write(' ');
            FloatFormat.writeSeconds(out, e.timestampMs());
        }
    }
}
