package io.ferry.exposition.internal;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionException.Problem;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.Exemplar;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The line syntax of the two text formats, read byte by byte with no regular expressions; the
 * grouping of samples into families is {@link FamilyAssembler}'s. The differences between the
 * formats are all here, behind {@code openMetrics}:
 *
 * <table>
 *   <tr><th></th><th>text 0.0.4</th><th>OpenMetrics 1.0</th></tr>
 *   <tr><td>blanks</td><td>any run of spaces and tabs, blank lines skipped, a trailing CR ignored</td>
 *       <td>exactly one space; no blank lines</td></tr>
 *   <tr><td>comments</td><td>ignored unless HELP or TYPE</td><td>forbidden; UNIT and EOF added</td></tr>
 *   <tr><td>HELP escapes</td><td>{@code \\} and {@code \n}</td><td>as label values</td></tr>
 *   <tr><td>timestamps</td><td>integer milliseconds</td><td>decimal seconds</td></tr>
 *   <tr><td>end</td><td>optional final newline</td><td>{@code # EOF} required, nothing after</td></tr>
 * </table>
 *
 * Not thread-safe: one instance per thread; it may be reused for successive bodies.
 */
public final class TextParser {
    private final boolean openMetrics;
    private final ParseLimits limits;
    private final boolean collectAll;
    private final boolean keepDuplicates;
    // Names and values apart, so a body of unique label values cannot evict the few names.
    private final StringCache names = new StringCache();
    private final StringCache values = new StringCache();
    private final Labels.Builder labels = Labels.builder();
    private final Labels.Builder exemplarLabels = Labels.builder();
    private final SeriesIndex series = new SeriesIndex();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private byte[] scratch = new byte[256];

    // The previous sample line, to reuse the tokens the current line repeats: in a histogram
    // every bucket line repeats the name and all labels but le, and parsing them is most of the work.
    private int prevStart = -1;
    private int prevEnd;
    private int prevGeneration;
    private int prevNameLength;
    private String prevName;
    private LinePairs prevPairs = new LinePairs();
    private LinePairs pairs = new LinePairs();
    private String boundLabel;
    private boolean hasBound;
    private double bound;
    private int sampleStart;
    private int common;
    /** Whether the previous sample line's bytes are still where {@link #prevStart} says. */
    private boolean prevValid;
    private int generation;

    private byte[] b;
    private int p;
    private int end;
    private int lineStart;
    private long lineNo;
    private FamilyAssembler families;

    /**
     * @param collectAll keep going after a bad line and report every problem at the end (for
     *                   {@code ferry check metrics}); otherwise stop at the first
     */
    public TextParser(boolean openMetrics, ParseLimits limits, boolean collectAll) {
        this(openMetrics, limits, collectAll, false);
    }

    /** @param keepDuplicates keep a repeated value series as another metric instead of refusing the body */
    public TextParser(boolean openMetrics, ParseLimits limits, boolean collectAll, boolean keepDuplicates) {
        this.openMetrics = openMetrics;
        this.limits = limits;
        this.collectAll = collectAll;
        this.keepDuplicates = keepDuplicates;
    }

    public List<MetricFamily> parse(LineReader reader) throws ExpositionException {
        families = new FamilyAssembler(openMetrics, keepDuplicates, series);
        prevStart = -1; // offsets of an earlier body mean nothing in this one
        List<Problem> problems = new ArrayList<>();
        boolean eof = false;
        try {
            while (reader.next()) {
                b = reader.buf();
                p = reader.start;
                end = reader.end;
                lineStart = p;
                lineNo = reader.lineNo;
                generation = reader.generation;
                try {
                    if (eof) {
                        throw new ParseError(1, "unexpected data after # EOF");
                    }
                    eof = parseLine();
                } catch (ParseError e) {
                    problems.add(new Problem(lineNo, e.column, e.getMessage()));
                    if (!collectAll) {
                        throw e.duplicateSeries ? ExpositionException.duplicateSeries(problems.getFirst())
                                : e.tooManyLabels ? ExpositionException.tooManyLabels(problems.getFirst())
                                : new ExpositionException(problems);
                    }
                }
            }
            if (openMetrics && !eof) {
                problems.add(new Problem(lineNo, 0, "the exposition does not end with # EOF"));
            }
            List<MetricFamily> result = families.finish(problems);
            if (!problems.isEmpty()) {
                throw new ExpositionException(problems);
            }
            return result;
        } finally {
            b = null;
            families = null;
            series.clear(); // holds the body's label sets and points
        }
    }

    /** Parses the current line; true when it was OpenMetrics' {@code # EOF}. */
    private boolean parseLine() {
        if (openMetrics) {
            if (p == end) {
                throw new ParseError(1, "blank lines are not allowed in OpenMetrics");
            }
        } else {
            if (end > p && b[end - 1] == '\r') {
                end--;
            }
            skipBlanks();
            if (p == end) {
                return false;
            }
        }
        if (b[p] == '#') {
            return openMetrics ? metadataOpenMetrics() : metadataText();
        }
        sample();
        return false;
    }

    // ---- metadata -------------------------------------------------------------------------

    private boolean metadataText() {
        p++; // '#'
        if (p == end || b[p] != ' ' && b[p] != '\t') {
            return false; // "#HELP" is a comment, as in Prometheus
        }
        skipBlanks();
        int wordStart = p;
        while (p < end && b[p] != ' ' && b[p] != '\t') {
            p++;
        }
        boolean help = is(wordStart, p, "HELP");
        if (!help && !is(wordStart, p, "TYPE")) {
            return false; // an ordinary comment
        }
        skipBlanks();
        String name = metricName("metric name");
        if (p < end && b[p] != ' ' && b[p] != '\t') {
            throw invalidName(name);
        }
        skipBlanks();
        if (help) {
            families.help(name, helpText(false), lineNo);
        } else {
            int typeStart = p;
            while (p < end && b[p] != ' ' && b[p] != '\t') {
                p++;
            }
            MetricType type = textType(typeStart, p);
            skipBlanks();
            if (p != end) {
                throw error("unexpected text after the metric type");
            }
            families.type(name, type, lineNo);
        }
        return false;
    }

    private boolean metadataOpenMetrics() {
        if (end - p == 5 && is(p, end, "# EOF")) {
            return true;
        }
        if (end - p < 7 || b[p + 1] != ' ' || b[p + 6] != ' ') {
            throw new ParseError(1, "comments are not allowed in OpenMetrics (only # HELP, # TYPE, # UNIT and # EOF)");
        }
        int kw = p + 2;
        p += 7;
        if (is(kw, kw + 4, "HELP")) {
            String name = metricName("metric family name");
            String help = null;
            if (p < end) {
                if (b[p] != ' ') {
                    throw invalidName(token());
                }
                p++;
                help = helpText(true);
            }
            families.help(name, help == null || help.isEmpty() ? null : help, lineNo);
        } else if (is(kw, kw + 4, "TYPE")) {
            String name = metricName("metric family name");
            expectSpace();
            MetricType type = openMetricsType(p, end);
            families.type(name, type, lineNo);
        } else if (is(kw, kw + 4, "UNIT")) {
            String name = metricName("metric family name");
            String unit = "";
            if (p < end) {
                if (b[p] != ' ') {
                    throw invalidName(token());
                }
                p++;
                int s = p;
                while (p < end && isNameChar(b[p], true)) {
                    p++;
                }
                if (p != end) {
                    throw error("invalid unit");
                }
                unit = names.ascii(b, s, end);
            }
            families.unit(name, unit, lineNo);
        } else {
            throw new ParseError(1, "comments are not allowed in OpenMetrics (only # HELP, # TYPE, # UNIT and # EOF)");
        }
        return false;
    }

    private MetricType textType(int s, int e) {
        if (is(s, e, "counter")) {
            return MetricType.COUNTER;
        } else if (is(s, e, "gauge")) {
            return MetricType.GAUGE;
        } else if (is(s, e, "histogram")) {
            return MetricType.HISTOGRAM;
        } else if (is(s, e, "summary")) {
            return MetricType.SUMMARY;
        } else if (is(s, e, "untyped")) {
            return MetricType.UNTYPED;
        }
        throw new ParseError(s - lineStart + 1, "invalid metric type \"" + text(s, e)
                + "\" (text 0.0.4 knows counter, gauge, histogram, summary and untyped)");
    }

    private MetricType openMetricsType(int s, int e) {
        for (MetricType t : OPENMETRICS_TYPES) {
            if (is(s, e, t.openMetricsName())) {
                return t;
            }
        }
        throw new ParseError(s - lineStart + 1, "invalid metric type \"" + text(s, e)
                + "\" (OpenMetrics knows counter, gauge, histogram, gaugehistogram, stateset, info, summary and unknown)");
    }

    private static final MetricType[] OPENMETRICS_TYPES = {MetricType.COUNTER, MetricType.GAUGE,
            MetricType.HISTOGRAM, MetricType.GAUGE_HISTOGRAM, MetricType.STATESET, MetricType.INFO,
            MetricType.SUMMARY, MetricType.UNKNOWN};

    /** The rest of the line as HELP text, unescaped for the format, valid UTF-8. */
    private String helpText(boolean om) {
        int s = p;
        p = end;
        int n = 0;
        byte[] out = scratch(end - s);
        boolean ascii = true;
        for (int i = s; i < end; i++) {
            byte c = b[i];
            ascii &= c >= 0;
            if (c == '\\' && i + 1 < end) {
                byte next = b[i + 1];
                if (next == '\\' || next == 'n' || om && next == '"') {
                    out[n++] = next == 'n' ? (byte) '\n' : next;
                    i++;
                    continue;
                }
            }
            out[n++] = c;
        }
        return decode(out, 0, n, ascii, s, "HELP text");
    }

    // ---- samples --------------------------------------------------------------------------

    private void sample() {
        sampleStart = p;
        prevValid = prevStart >= 0 && generation == prevGeneration;
        common = prevValid ? commonPrefix() : 0;
        String name;
        if (common > prevNameLength) {
            name = prevName;
            p += prevNameLength;
        } else {
            name = metricName("metric name");
        }
        FamilyAssembler.Family family = families.route(name, lineNo);
        FamilyAssembler.Role role = families.role();
        int afterName = p;
        if (!openMetrics) {
            skipBlanks();
        }
        labels.clear();
        pairs.clear();
        boundLabel = FamilyAssembler.boundLabel(role);
        hasBound = false;
        if (p < end && b[p] == '{') {
            labelSet(labels, true);
            if (!openMetrics) {
                if (p < end && b[p] != ' ' && b[p] != '\t') {
                    throw error("expected a blank after the labels");
                }
                skipBlanks();
            }
        } else if (p == afterName && p < end && b[p] != ' ') {
            p = afterName;
            while (p > lineStart && b[p - 1] != ' ' && b[p - 1] != '\t') {
                p--;
            }
            throw invalidName(token());
        }
        if (openMetrics) {
            expectSpace();
        }
        double value = value();
        long ts = Metric.NO_TIMESTAMP;
        Exemplar exemplar = null;
        if (openMetrics) {
            if (p < end) {
                expectSpace();
                if (b[p] != '#') {
                    ts = timestamp();
                    if (p < end) {
                        expectSpace();
                    }
                }
                if (p < end) {
                    exemplar = exemplar();
                }
            }
        } else {
            skipBlanks();
            if (p < end) {
                ts = timestamp();
                skipBlanks();
                if (p < end) {
                    throw error("unexpected text after the timestamp");
                }
            }
        }
        families.add(family, role, labels, hasBound, bound, value, ts, exemplar, lineNo);
        rememberLine(name);
    }

    /** How many bytes from the sample's start this line shares with the previous sample line. */
    private int commonPrefix() {
        int n = Math.min(end - sampleStart, prevEnd - prevStart);
        int m = Arrays.mismatch(b, sampleStart, sampleStart + n, b, prevStart, prevStart + n);
        return m < 0 ? n : m;
    }

    private void rememberLine(String name) {
        prevStart = sampleStart;
        prevEnd = end;
        prevGeneration = generation;
        prevName = name;
        prevNameLength = name.length();
        LinePairs previous = prevPairs;
        prevPairs = pairs;
        pairs = previous;
    }

    private String metricName(String what) {
        int s = p;
        if (p < end && isNameStart(b[p], true)) {
            p++;
            while (p < end && isNameChar(b[p], true)) {
                p++;
            }
            return names.ascii(b, s, p);
        }
        if (p < end && (b[p] == '{' || b[p] == '"')) {
            throw error("quoted UTF-8 metric names are not supported; Ferry accepts legacy names "
                    + "([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        if (p == end) {
            throw error("missing " + what);
        }
        throw invalidName(token());
    }

    private ParseError invalidName(String token) {
        if (token.startsWith("\uFEFF")) {
            // Shown as is, the mark is invisible and the message would quote what looks like a valid name.
            return new ParseError(p - lineStart + 1, "invalid metric name: it begins with a UTF-8 byte order mark "
                    + "(EF BB BF), which the text format does not allow; save the file without one");
        }
        return new ParseError(p - lineStart + 1, "invalid metric name \"" + token + "\"");
    }

    /** The text from {@code p} to the next blank, brace or line end, for error messages. */
    private String token() {
        int e = p;
        while (e < end && b[e] != ' ' && b[e] != '\t' && b[e] != '{' && e - p < 64) {
            e++;
        }
        return text(p, e);
    }

    /**
     * Parses {@code {name="value",...}} into {@code into}. For the series' own labels
     * ({@code series}), pairs that lie within the prefix shared with the previous line are taken from
     * it; past that prefix, a name or a raw value that repeats the previous line's at the same pair
     * index is taken from it too (a histogram's {@code _sum} after its buckets, the next series of a
     * family); every pair is recorded for the next line.
     */
    private void labelSet(Labels.Builder into, boolean series) {
        p++; // '{'
        int count = 0;
        while (true) {
            if (!openMetrics) {
                skipBlanks();
            }
            if (p >= end) {
                throw error("unterminated label set");
            }
            if (b[p] == '}') {
                p++;
                return;
            }
            int nameCol = p;
            String name;
            String value;
            double boundValue = Double.NaN;
            int valueStart;
            if (series && count < prevPairs.count && prevPairs.end(count) <= common) {
                name = prevPairs.name(count);
                value = prevPairs.value(count);
                boundValue = prevPairs.bound(count);
                valueStart = sampleStart + prevPairs.valueStart(count);
                p = sampleStart + prevPairs.end(count);
            } else {
                boolean again = series && count < prevPairs.count && prevValid;
                name = again && repeatsName(count) ? prevPairs.name(count) : labelName();
                toValueQuote(name);
                valueStart = p + 1;
                boolean isBound = series && name.equals(boundLabel);
                if (again && name == prevPairs.name(count) && (prevPairs.value(count) == null) == isBound
                        && repeatsValue(count)) {
                    value = prevPairs.value(count);
                    boundValue = prevPairs.bound(count);
                } else if (isBound) {
                    value = null;
                    boundValue = boundValue(name);
                } else {
                    value = labelValue();
                }
            }
            if (series) {
                pairs.add(nameCol - sampleStart, valueStart - sampleStart, p - 1 - sampleStart, p - sampleStart,
                        name, value, boundValue);
            }
            if (++count > limits.maxLabelsPerSeries()) {
                throw ParseError.tooManyLabels(nameCol - lineStart + 1,
                        "more than " + limits.maxLabelsPerSeries() + " labels on one series");
            }
            boolean fresh;
            if (value == null) {
                // le or quantile: kept as a number beside the labels, not as a label.
                fresh = !hasBound;
                hasBound = true;
                bound = boundValue;
            } else {
                fresh = into.tryAdd(name, value);
            }
            if (!fresh) {
                throw new ParseError(nameCol - lineStart + 1, "duplicate label name \"" + name + "\"");
            }
            if (!openMetrics) {
                skipBlanks();
            }
            if (p >= end) {
                throw error("unterminated label set");
            }
            if (b[p] == ',') {
                p++;
            } else if (b[p] != '}') {
                throw error("expected \",\" or \"}\" after the value of label \"" + name + "\"");
            }
        }
    }

    /**
     * Whether the previous line's pair {@code i} has the name that starts at {@code p}; if so,
     * moves past it. The name must end where the previous one did, or it is a longer name.
     */
    private boolean repeatsName(int i) {
        int len = prevPairs.name(i).length();
        if (p + len >= end || isNameChar(b[p + len], false) || !sameBytes(p, prevStart + prevPairs.nameStart(i), len)) {
            return false;
        }
        p += len;
        return true;
    }

    /**
     * Whether the quoted value at {@code p} has the previous line's pair {@code i}'s raw text; if
     * so, moves past its closing quote. The same bytes after an opening quote end at the same
     * quote and decode to the same value, escapes and all.
     */
    private boolean repeatsValue(int i) {
        int s = p + 1;
        int len = prevPairs.valueEnd(i) - prevPairs.valueStart(i);
        if (s + len >= end || b[s + len] != '"' || !sameBytes(s, prevStart + prevPairs.valueStart(i), len)) {
            return false;
        }
        p = s + len + 1;
        return true;
    }

    /**
     * Whether {@code b[at, at + len)} equals {@code b[prevAt, prevAt + len)}, both within the
     * buffer, {@code prevAt < at}: eight bytes at a time, the last word overlapping the one before
     * or, under eight bytes, masked.
     */
    private boolean sameBytes(int at, int prevAt, int len) {
        if (len >= 8) {
            for (int k = 0; k < len - 8; k += 8) {
                if (Swar.longAt(b, at + k) != Swar.longAt(b, prevAt + k)) {
                    return false;
                }
            }
            return Swar.longAt(b, at + len - 8) == Swar.longAt(b, prevAt + len - 8);
        }
        if (at + 8 <= b.length) {
            long diff = Swar.longAt(b, at) ^ Swar.longAt(b, prevAt);
            return (diff & ((1L << (len << 3)) - 1)) == 0; // little-endian: the low bytes come first
        }
        for (int k = 0; k < len; k++) {
            if (b[at + k] != b[prevAt + k]) {
                return false;
            }
        }
        return true;
    }

    /** Moves from after a label name to its value's opening quote. */
    private void toValueQuote(String name) {
        if (!openMetrics) {
            skipBlanks();
        }
        if (p >= end || b[p] != '=') {
            throw error("expected \"=\" after label name \"" + name + "\"");
        }
        p++;
        if (!openMetrics) {
            skipBlanks();
        }
        if (p >= end || b[p] != '"') {
            throw error("expected a quoted value for label \"" + name + "\"");
        }
    }

    /** The quoted value of an {@code le} or {@code quantile} label at {@code p}, parsed as a number. */
    private double boundValue(String name) {
        int s = p + 1;
        int stop = Swar.indexOfQuoteBackslashOrHigh(b, s, end);
        byte[] text = b;
        int from = s;
        int to = stop;
        if (stop < end && b[stop] == '"') {
            p = stop + 1; // plain ASCII, parsed where it lies
        } else {
            text = labelValue().getBytes(StandardCharsets.UTF_8);
            from = 0;
            to = text.length;
        }
        try {
            return Numbers.parseDouble(text, from, to);
        } catch (NumberFormatException e) {
            throw new ParseError(s - lineStart + 1, "invalid \"" + name + "\" label value \""
                    + new String(text, from, to - from, StandardCharsets.UTF_8) + "\": " + e.getMessage());
        }
    }

    private String labelName() {
        int s = p;
        if (p < end && isNameStart(b[p], false)) {
            p++;
            while (p < end && isNameChar(b[p], false)) {
                p++;
            }
            return names.ascii(b, s, p);
        }
        if (p < end && b[p] == '"') {
            throw error("quoted UTF-8 label names are not supported; Ferry accepts legacy names "
                    + "([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        int e = Math.min(p + 1, end);
        while (e < end && b[e] != '=' && b[e] != ',' && b[e] != '}' && b[e] != ' ' && e - p < 64) {
            e++;
        }
        throw error("invalid label name \"" + text(p, e) + "\"");
    }

    /** A quoted label value starting at the opening quote; escapes {@code \\ \" \n}, others kept. */
    private String labelValue() {
        int s = ++p;
        boolean ascii = true;
        boolean escaped = false;
        while ((p = Swar.indexOfQuoteBackslashOrHigh(b, p, end)) < end) {
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                p++;
            } else {
                ascii = false;
            }
            p++;
        }
        if (p >= end) {
            p = s - 1;
            throw error("label value has no closing quote");
        }
        int e = p++;
        if (!escaped) {
            return ascii ? values.ascii(b, s, e) : decode(b, s, e, false, s, "label value");
        }
        byte[] out = scratch(e - s);
        int n = 0;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < e) {
                byte next = b[++i];
                switch (next) {
                    case '\\', '"' -> out[n++] = next;
                    case 'n' -> out[n++] = '\n';
                    default -> {
                        out[n++] = '\\';
                        out[n++] = next;
                    }
                }
            } else {
                out[n++] = c;
            }
        }
        return decode(out, 0, n, ascii, s, "label value");
    }

    private double value() {
        int s = p;
        // Most values are plain integers (counters, bucket counts): read those in the same pass
        // that finds the value's end. Up to 15 digits a long converts to the double exactly.
        long integer = 0;
        int i = s;
        int digit;
        while (i < end && (digit = b[i] - '0') >= 0 && digit <= 9 && i - s < 15) {
            integer = integer * 10 + digit;
            i++;
        }
        if (i > s && (i == end || b[i] == ' ' || b[i] == '\t')) {
            p = i;
            return integer;
        }
        while (p < end && b[p] != ' ' && b[p] != '\t') {
            p++;
        }
        if (s == p) {
            throw error("missing value");
        }
        try {
            return Numbers.parseDouble(b, s, p);
        } catch (NumberFormatException e) {
            throw new ParseError(s - lineStart + 1, "invalid value \"" + text(s, p) + "\": " + e.getMessage());
        }
    }

    private long timestamp() {
        int s = p;
        while (p < end && b[p] != ' ' && b[p] != '\t') {
            p++;
        }
        try {
            return openMetrics ? Numbers.parseSecondsAsMillis(b, s, p) : Numbers.parseMillis(b, s, p);
        } catch (NumberFormatException e) {
            throw new ParseError(s - lineStart + 1, "invalid timestamp \"" + text(s, p) + "\": " + e.getMessage()
                    + (openMetrics ? "" : " (text 0.0.4 timestamps are integer milliseconds)"));
        }
    }

    private Exemplar exemplar() {
        if (end - p < 2 || b[p] != '#' || b[p + 1] != ' ') {
            throw error("expected an exemplar (\" # {labels} value\") or the end of the line");
        }
        p += 2;
        if (p >= end || b[p] != '{') {
            throw error("an exemplar starts with a label set");
        }
        exemplarLabels.clear();
        labelSet(exemplarLabels, false);
        Labels l = exemplarLabels.build();
        int length = 0;
        for (int i = 0; i < l.size(); i++) {
            length += l.name(i).codePointCount(0, l.name(i).length()) + l.value(i).codePointCount(0, l.value(i).length());
        }
        if (length > Exemplar.MAX_LABEL_SET_CODE_POINTS) {
            throw error("exemplar labels are " + length + " characters long; OpenMetrics allows "
                    + Exemplar.MAX_LABEL_SET_CODE_POINTS);
        }
        expectSpace();
        double v = value();
        long ts = Metric.NO_TIMESTAMP;
        if (p < end) {
            expectSpace();
            ts = timestamp();
            if (p < end) {
                throw error("unexpected text after the exemplar");
            }
        }
        return new Exemplar(l, v, ts);
    }

    // ---- helpers --------------------------------------------------------------------------

    private void skipBlanks() {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
    }

    private void expectSpace() {
        if (p >= end || b[p] != ' ') {
            throw error(p >= end ? "unexpected end of line" : "expected a single space");
        }
        p++;
        if (p >= end || b[p] == ' ') {
            throw error(p >= end ? "unexpected end of line" : "OpenMetrics separates tokens with exactly one space");
        }
    }

    // Bit 1: may start a label name; 2: may start a metric name; 4: label name; 8: metric name.
    private static final byte[] NAME_CLASS = new byte[256];

    static {
        for (int c = 0; c < 128; c++) {
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            boolean digit = c >= '0' && c <= '9';
            NAME_CLASS[c] = (byte) ((letter ? 1 | 2 | 4 | 8 : 0) | (c == ':' ? 2 | 8 : 0) | (digit ? 4 | 8 : 0));
        }
    }

    private static boolean isNameStart(byte c, boolean colon) {
        return (NAME_CLASS[c & 0xFF] & (colon ? 2 : 1)) != 0;
    }

    private static boolean isNameChar(byte c, boolean colon) {
        return (NAME_CLASS[c & 0xFF] & (colon ? 8 : 4)) != 0;
    }

    private boolean is(int s, int e, String word) {
        if (e - s != word.length() || e > end) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[s + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String text(int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }

    private String decode(byte[] src, int s, int e, boolean ascii, int col, String what) {
        if (ascii) {
            return new String(src, s, e - s, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(src, s, e - s)).toString();
        } catch (CharacterCodingException ex) {
            throw new ParseError(col - lineStart + 1, what + " is not valid UTF-8");
        }
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    private ParseError error(String reason) {
        return new ParseError(p - lineStart + 1, reason);
    }

    @Override
    public String toString() {
        return (openMetrics ? "OpenMetrics" : "text 0.0.4") + " parser " + Arrays.asList(limits);
    }
}
