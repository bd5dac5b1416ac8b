package io.ferry.exposition.fuzz;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The properties every exposition parser's fuzz target checks. Any throwable other than
 * {@link ExpositionException} that escapes these methods is a finding.
 *
 * <ol>
 *   <li><b>Contract.</b> {@code parse} returns normally or throws {@link ExpositionException}
 *       (nothing else: no runtime exception, no error, no hang, no unbounded allocation), under
 *       small limits so a limit check that is missing or late shows up quickly.</li>
 *   <li><b>Stream and array agree.</b> Parsing the same bytes from an {@link InputStream} that
 *       hands them out in small irregular pieces gives the same families, or fails too: buffer
 *       refills must not change what is read.</li>
 *   <li><b>The writer's output reads back, and is stable.</b> When parsing succeeds, the same
 *       format's writer renders the families, the parser must accept that (under generous limits,
 *       since escaping and added {@code +Inf} buckets can make it longer than the input), and
 *       writing the re-parsed families must give the same bytes. One round may normalise (a missing
 *       {@code +Inf} bucket is added, numbers are re-rendered); a second must change nothing.</li>
 * </ol>
 */
final class FuzzChecks {
    /** Small limits: a 64 KiB body, 4 KiB lines, 32 labels per series. */
    static final ParseLimits LIMITS = new ParseLimits(64 << 10, 4 << 10, 32);

    /** For re-reading the writer's output, which may be longer than what was parsed. */
    private static final ParseLimits REPARSE_LIMITS = new ParseLimits(16L << 20, 1 << 20, 64);

    private FuzzChecks() {
    }

    static void check(ExpositionFormat format, byte[] data) {
        List<MetricFamily> fromArray = parseOrNull(format, LIMITS, data, false);
        List<MetricFamily> fromStream = parseOrNull(format, LIMITS, data, true);
        if (fromArray == null != (fromStream == null) || fromArray != null && !fromArray.equals(fromStream)) {
            throw new AssertionError("parse(byte[]) and parse(InputStream) disagree on input " + show(data)
                    + "\n  array:  " + fromArray + "\n  stream: " + fromStream);
        }
        if (fromArray != null) {
            roundTrip(format, data, fromArray);
        }
    }

    private static void roundTrip(ExpositionFormat format, byte[] input, List<MetricFamily> parsed) {
        byte[] first = format.writer().toBytes(parsed);
        List<MetricFamily> reparsed;
        try {
            reparsed = format.parser(REPARSE_LIMITS).parse(first);
        } catch (ExpositionException e) {
            throw new AssertionError(format + " parser rejects its own writer's output: " + e.getMessage()
                    + "\n  input:  " + show(input) + "\n  model:  " + parsed + "\n  output: " + show(first), e);
        }
        byte[] second = format.writer().toBytes(reparsed);
        if (!Arrays.equals(first, second)) {
            throw new AssertionError(format + " write-parse-write is not stable"
                    + "\n  input:  " + show(input) + "\n  first:  " + show(first) + "\n  second: " + show(second)
                    + "\n  model1: " + parsed + "\n  model2: " + reparsed);
        }
    }

    /** The families, or null when the parser rejected the input with its own exception. */
    private static List<MetricFamily> parseOrNull(ExpositionFormat format, ParseLimits limits, byte[] data,
                                                  boolean trickle) {
        try {
            return trickle ? format.parser(limits).parse(new TrickleInputStream(data))
                    : format.parser(limits).parse(data);
        } catch (ExpositionException e) {
            return null;
        }
    }

    /** Text bodies as a Java string literal would show them; binary ones in hex too. */
    static String show(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (data.length <= 512) {
            sb.append(" (hex ").append(HexFormat.of().formatHex(data)).append(')');
        }
        return sb.toString();
    }

    /** Hands out its bytes a few at a time (1, 2, 3, 5, 8 and 13 in turn), as a slow socket would. */
    private static final class TrickleInputStream extends InputStream {
        private static final int[] STEPS = {1, 2, 3, 5, 8, 13};
        private final byte[] data;
        private int pos;
        private int step;

        TrickleInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, STEPS[step++ % STEPS.length]), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
