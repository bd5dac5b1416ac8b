package io.ferry.statsd.line;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Parses StatsD lines from bytes into {@link StatsdEvent}s, exactly as statsd_exporter's
 * {@code LineToEvents} does, and counts what it sees and refuses in {@link ParseStats}.
 *
 * <pre>{@code
 * ParseStats stats = new ParseStats();
 * LineParser parser = new LineParser(TagStyles.ALL, stats);
 * byte[] packet = "api.hits:1|c|#env:prod\napi.latency:250|ms|@0.5".getBytes(UTF_8);
 * parser.parsePacket(packet, 0, packet.length, events::add);
 * // COUNTER api.hits 1.0 {env="prod"}, then OBSERVER api.latency 0.25 repeat 2
 * }</pre>
 *
 * <p>The grammar, as statsd_exporter reads it: {@code name:value|type[|@rate][|#tags][|c:id][|T...]}
 * with types {@code c}, {@code g} ({@code +x}/{@code -x} relative), {@code ms} (divided by 1000),
 * {@code h}, {@code d}, and {@code s} (a set member: statsd_exporter refuses sets, Ferry passes them
 * on, its member any non-empty text); several samples on one line ({@code a:1|c:2|g}) unless
 * DogStatsD tags are present; DogStatsD extended aggregation ({@code a:1:2:3|ms}, observers only);
 * tags in the name (SignalFX {@code [k=v]} first, then Librato {@code #k=v} or InfluxDB
 * {@code ,k=v}) or DogStatsD's {@code |#k:v} section, never both. A sample rate divides a
 * counter, repeats an observer {@code int(1/rate)} times (carried as {@link StatsdEvent#repeat()}),
 * and is ignored for gauges; a rate that does not parse, or is 0, counts as 1 (and a bad one is
 * counted). The DogStatsD timestamp section {@code |T...} is ignored.
 *
 * <p>Errors: a line statsd_exporter refuses yields no event and one count in
 * {@link ParseStats#sampleErrors} by {@link SampleError reason}; a refused sample of a multi-sample
 * line drops that sample only; a malformed tag is counted in {@link ParseStats#tagErrors} and
 * ignored. Invalid UTF-8 anywhere in a line refuses the whole line ({@code malformed_line}). No line
 * affects another: each starts afresh. Where statsd_exporter differs from its own intent Ferry
 * keeps its output and adds a count: an observer sample whose rate leaves no observation (such as
 * {@code @2}) is counted as {@code invalid_sample_factor}; a name with {@code ]} before {@code [},
 * on which statsd_exporter's SignalFX reading fails, keeps its name and counts a tag error.
 *
 * <p>Thread-safety: immutable; any number of threads may parse with one instance at once. Nothing
 * is kept between calls. Events go to {@code out} in the order of the input, on the calling thread,
 * as each is parsed; if {@code out} throws, parsing stops and the exception propagates (the counts
 * so far are still added). The parser does not keep {@code buf} or change it.
 */
public final class LineParser {
    private static final int UNKNOWN = 0;
    private static final int COUNTER = 1;
    private static final int GAUGE = 2;
    private static final int TIMER = 3;
    private static final int HISTOGRAM = 4;
    private static final int SET = 5;

    private static final int REASONS = SampleError.values().length;

    /** statsd_exporter allows 2 to 6 {@code |}-separated parts per sample. */
    private static final int MAX_BARS_AFTER_TYPE = 4;

    private final TagStyles styles;
    private final ParseStats stats;

    public LineParser(TagStyles styles, ParseStats stats) {
        this.styles = Objects.requireNonNull(styles, "styles");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /**
     * Parses a datagram: splits {@code buf[off, off + len)} on {@code \n} and parses each line, an
     * empty one included (it yields nothing, but counts as a line, as in statsd_exporter). Only
     * {@code \n} is a separator: a {@code \r} before it stays on the line.
     */
    public void parsePacket(byte[] buf, int off, int len, Consumer<StatsdEvent> out) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Pass pass = new Pass();
        try {
            int end = off + len;
            int start = off;
            while (true) {
                int newline = indexOf(buf, start, end, '\n');
                if (newline < 0) {
                    line(buf, start, end, out, pass);
                    break;
                }
                line(buf, start, newline, out, pass);
                start = newline + 1;
            }
        } finally {
            pass.addTo(stats);
        }
    }

    /** Parses one line without its line ending (TCP's reader removes {@code \n} or {@code \r\n} before). */
    public void parseLine(byte[] buf, int off, int len, Consumer<StatsdEvent> out) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Pass pass = new Pass();
        try {
            line(buf, off, off + len, out, pass);
        } finally {
            pass.addTo(stats);
        }
    }

    private void line(byte[] b, int start, int end, Consumer<StatsdEvent> out, Pass p) {
        p.lines++;
        if (start == end) {
            return;
        }
        int colon = indexOf(b, start, end, ':');
        if (colon <= start || !Utf8.isValid(b, start, end)) {
            p.error(SampleError.MALFORMED_LINE);
            return;
        }
        p.startLine(start, colon);
        readNameTags(b, start, colon, p);
        int rest = colon + 1;
        boolean dogStatsdTags = containsBarHash(b, rest, end);
        if (dogStatsdTags && p.tags.size() > 0) {
            p.error(SampleError.MIXED_TAGGING_STYLES);
            return;
        }
        int bar = indexOf(b, rest, end, '|');
        if (bar < 0) {
            p.error(SampleError.NOT_ENOUGH_PARTS_AFTER_COLON);
            return;
        }
        if (indexOf(b, rest, bar, ':') >= 0) {
            // DogStatsD extended aggregation: name:v1:v2:v3|type|..., each value with the same suffix.
            int typeEnd = indexOf(b, bar + 1, end, '|');
            int type = type(b, bar + 1, typeEnd < 0 ? end : typeEnd);
            if (type != TIMER && type != HISTOGRAM) {
                p.error(SampleError.INVALID_EXTENDED_AGGREGATE_TYPE);
                return;
            }
            int value = rest;
            while (true) {
                int next = indexOf(b, value, bar, ':');
                sample(b, value, next < 0 ? bar : next, bar + 1, end, out, p);
                if (next < 0) {
                    break;
                }
                value = next + 1;
            }
        } else if (dogStatsdTags) {
            sample(b, rest, bar, bar + 1, end, out, p); // tags may hold ':', so one sample
        } else {
            int sample = rest;
            while (true) {
                int next = indexOf(b, sample, end, ':');
                int sampleEnd = next < 0 ? end : next;
                int sampleBar = indexOf(b, sample, sampleEnd, '|');
                if (sampleBar < 0) {
                    p.samples++;
                    p.error(SampleError.MALFORMED_COMPONENT);
                } else {
                    sample(b, sample, sampleBar, sampleBar + 1, sampleEnd, out, p);
                }
                if (next < 0) {
                    break;
                }
                sample = next + 1;
            }
        }
    }

    /**
     * Reads the tags in a name (statsd_exporter's {@code parseNameAndTags}): SignalFX brackets
     * anywhere first, which rule out the others when present; else from the first {@code #}
     * (Librato) or {@code ,} (InfluxDB), whichever comes first of the styles on.
     */
    private void readNameTags(byte[] b, int start, int end, Pass p) {
        if (styles.signalfx()) {
            int open = indexOf(b, start, end, '[');
            int close = indexOf(b, start, end, ']');
            if (open >= 0 && close > open) {
                p.tags.read(b, open + 1, close, (byte) '=', false);
                p.cutName(open, close + 1);
                return;
            }
            if (open >= 0 || close >= 0) {
                p.tags.errors++; // one bracket (or "]" before "["): the name stays as sent
                return;
            }
        }
        if (styles.librato() || styles.influxdb()) {
            for (int i = start; i < end; i++) {
                if (b[i] == '#' && styles.librato() || b[i] == ',' && styles.influxdb()) {
                    p.tags.read(b, i + 1, end, (byte) '=', false);
                    p.endName(i);
                    return;
                }
            }
        }
    }

    /**
     * One sample: the value {@code b[valueStart, valueEnd)} and what followed its {@code |},
     * {@code b[tailStart, tailEnd)}: the type, then {@code |}-separated sections.
     */
    private void sample(byte[] b, int valueStart, int valueEnd, int tailStart, int tailEnd,
            Consumer<StatsdEvent> out, Pass p) {
        p.samples++;
        int bars = count(b, tailStart, tailEnd, '|');
        if (bars > MAX_BARS_AFTER_TYPE) {
            p.error(SampleError.MALFORMED_COMPONENT);
            return;
        }
        int typeEnd = bars == 0 ? tailEnd : indexOf(b, tailStart, tailEnd, '|');
        int type = type(b, tailStart, typeEnd);
        double value = 0;
        if (type == SET) {
            if (valueStart == valueEnd) {
                p.error(SampleError.MALFORMED_VALUE);
                return;
            }
        } else {
            try {
                value = GoFloat.parse(b, valueStart, valueEnd);
            } catch (GoFloat.Malformed e) {
                p.error(SampleError.MALFORMED_VALUE);
                return;
            }
        }
        long repeat = 1;
        if (bars > 0) {
            if (hasEmptySection(b, typeEnd, tailEnd)) {
                p.error(SampleError.MALFORMED_COMPONENT);
                return;
            }
            int section = typeEnd + 1;
            while (section <= tailEnd) {
                int sectionEnd = indexOf(b, section, tailEnd, '|');
                if (sectionEnd < 0) {
                    sectionEnd = tailEnd;
                }
                switch (b[section]) {
                    case '@' -> {
                        double rate = rate(b, section + 1, sectionEnd, p);
                        if (type == COUNTER) {
                            value /= rate;
                        } else if (type == TIMER || type == HISTOGRAM) {
                            repeat = goInt(1 / rate);
                        }
                    }
                    case '#' -> {
                        if (styles.dogstatsd()) {
                            p.tags.read(b, section + 1, sectionEnd, (byte) ':', true);
                        }
                    }
                    case 'c' -> {
                        if (sectionEnd - section <= 2 || b[section + 1] != ':') {
                            p.error(SampleError.MALFORMED_CONTAINER_ID);
                            return;
                        }
                        p.tags.put(LineTags.CONTAINER_ID, LineTags.text(b, section + 2, sectionEnd));
                    }
                    case 'T' -> {
                        // DogStatsD's timestamp: statsd_exporter does not use it.
                    }
                    default -> {
                        p.error(SampleError.INVALID_SAMPLE_FACTOR);
                        return;
                    }
                }
                section = sectionEnd + 1;
            }
        }
        if (p.tags.size() > 0) {
            p.taggedSamples++;
        }
        switch (type) {
            case COUNTER -> p.emit(b, MetricKind.COUNTER, value, false, 1, null, out);
            case GAUGE -> p.emit(b, MetricKind.GAUGE, value, b[valueStart] == '+' || b[valueStart] == '-', 1, null, out);
            case TIMER, HISTOGRAM -> {
                if (repeat <= 0) {
                    p.error(SampleError.INVALID_SAMPLE_FACTOR); // the rate leaves no observation
                    return;
                }
                double observed = type == TIMER ? value / 1000 : value;
                p.emit(b, MetricKind.OBSERVER, observed, false, (int) Math.min(repeat, Integer.MAX_VALUE), null, out);
            }
            case SET -> p.emit(b, MetricKind.SET, 0, false, 1, LineTags.text(b, valueStart, valueEnd), out);
            default -> p.error(SampleError.ILLEGAL_EVENT);
        }
    }

    /** A sample rate as statsd_exporter takes it: Go's value even on error (0, or ±Inf out of range), 0 read as 1. */
    private static double rate(byte[] b, int from, int to, Pass p) {
        double rate;
        try {
            rate = GoFloat.parse(b, from, to);
        } catch (GoFloat.Malformed e) {
            p.error(SampleError.INVALID_SAMPLE_FACTOR);
            rate = e == GoFloat.RANGE ? (b[from] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : 0;
        }
        return rate == 0 ? 1 : rate;
    }

    /**
     * Go's {@code int(x)} for a float64 on amd64, where statsd_exporter runs: truncation toward
     * zero, and the minimum int64 for NaN or a value out of range (so no observation).
     */
    private static long goInt(double x) {
        if (Double.isNaN(x) || x >= 0x1p63 || x < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) x;
    }

    private static int type(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 1) {
            return switch (b[from]) {
                case 'c' -> COUNTER;
                case 'g' -> GAUGE;
                case 'h', 'd' -> HISTOGRAM;
                case 's' -> SET;
                default -> UNKNOWN;
            };
        }
        return len == 2 && b[from] == 'm' && b[from + 1] == 's' ? TIMER : UNKNOWN;
    }

    /** Whether any section after the type ({@code b[typeEnd, to)} starts at a {@code |}) is empty. */
    private static boolean hasEmptySection(byte[] b, int typeEnd, int to) {
        if (b[to - 1] == '|') {
            return true;
        }
        for (int i = typeEnd; i < to - 1; i++) {
            if (b[i] == '|' && b[i + 1] == '|') {
                return true;
            }
        }
        return false;
    }

    private static boolean containsBarHash(byte[] b, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (b[i] == '|' && b[i + 1] == '#') {
                return true;
            }
        }
        return false;
    }

    private static int count(byte[] b, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                n++;
            }
        }
        return n;
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One parse call's state: counts added to {@link ParseStats} once at the end, the tags of the
     * current line, and where its name lies (the name's {@code String} made only when an event needs it).
     */
    private static final class Pass {
        final LineTags tags = new LineTags();
        long lines;
        long samples;
        long taggedSamples;
        int[] errors;
        private int nameStart;
        private int nameEnd;
        private int cutStart;
        private int cutEnd;
        private String name;

        void startLine(int start, int end) {
            tags.clear();
            nameStart = start;
            nameEnd = end;
            cutStart = -1;
            name = null;
        }

        void cutName(int from, int to) {
            cutStart = from;
            cutEnd = to;
        }

        void endName(int end) {
            nameEnd = end;
        }

        void error(SampleError reason) {
            if (errors == null) {
                errors = new int[REASONS];
            }
            errors[reason.ordinal()]++;
        }

        void emit(byte[] b, MetricKind kind, double value, boolean relative, int repeat, String member,
                Consumer<StatsdEvent> out) {
            if (name == null) {
                name = cutStart < 0 ? LineTags.text(b, nameStart, nameEnd)
                        : LineTags.text(b, nameStart, cutStart) + LineTags.text(b, cutEnd, nameEnd);
            }
            out.accept(new StatsdEvent(kind, name, value, relative, repeat, member, tags.labels()));
        }

        void addTo(ParseStats stats) {
            stats.add(lines, samples, taggedSamples, tags.errors, errors);
        }
    }
}
