package io.ferry.statsd.line;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.ParseFloat(s, 64)}, strictly: what statsd_exporter accepts as a value or a
 * sample rate, and nothing else. Decimal ({@code 1}, {@code -.5}, {@code 1e3}, {@code 1.}) and
 * hexadecimal ({@code 0x1.8p1}, exponent required) forms, {@code _} between digits as Go literals
 * allow it ({@code 1_000}), {@code inf}, {@code infinity} with an optional sign and an unsigned
 * {@code nan}, in any case. No surrounding whitespace, no Java suffixes ({@code 1d}, {@code 1f}).
 * A value beyond the double range is a range error (Go returns ±Inf with {@code ErrRange}); one
 * below it rounds to 0 without error, as in Go.
 *
 * <pre>{@code
 * GoFloat.parse("0x1p-2");    // 0.25
 * GoFloat.parse("Infinity");  // +Inf
 * GoFloat.parse(" 1");        // NumberFormatException
 * }</pre>
 *
 * <p>Stateless and thread-safe. The byte form signals failure with shared exceptions without a
 * stack trace, so refusing hostile input costs no more than reading it.
 */
final class GoFloat {
    private static final double[] POW10 = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
            1e18, 1e19, 1e20, 1e21, 1e22};

    /** Not Go float syntax; Go returns 0. */
    static final Malformed SYNTAX = new Malformed("invalid syntax");
    /** Out of the double range; Go returns ±Inf, signed as the text. */
    static final Malformed RANGE = new Malformed("value out of range");

    private GoFloat() {
    }

    /** Parses {@code s}; throws {@link NumberFormatException} quoting it when Go would return an error. */
    static double parse(CharSequence s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c >= 128) {
                throw new NumberFormatException("invalid syntax: \"" + s + "\"");
            }
            b[i] = (byte) c;
        }
        try {
            return parse(b, 0, b.length);
        } catch (Malformed e) {
            throw new NumberFormatException(e.getMessage() + ": \"" + s + "\"");
        }
    }

    /** Parses {@code b[from, to)}; throws {@link #SYNTAX} or {@link #RANGE}. */
    static double parse(byte[] b, int from, int to) throws Malformed {
        int i = from;
        if (i == to) {
            throw SYNTAX;
        }
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        if (i < to && isLetter(b[i])) {
            return special(b, i, to, negative, i != from);
        }
        if (i + 2 < to && b[i] == '0' && (b[i + 1] | 0x20) == 'x') {
            return hex(b, from, i + 2, to);
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        boolean exact = true;
        boolean sawDigits = false;
        boolean sawDot = false;
        boolean underscores = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                sawDigits = true;
                if (mantissa == 0 && c == '0') {
                    if (sawDot) {
                        exp10--;
                    }
                    continue;
                }
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    if (sawDot) {
                        exp10--;
                    }
                } else {
                    exact = false;
                }
            } else if (c == '.' && !sawDot) {
                sawDot = true;
            } else if (c == '_') {
                underscores = true;
            } else {
                break;
            }
        }
        if (!sawDigits) {
            throw SYNTAX;
        }
        exact &= i == to; // an exponent takes the general path
        underscores = exponentAndEnd(b, from, i, to, 'e', false, underscores);
        if (exact) {
            if (mantissa == 0) {
                return negative ? -0.0 : 0.0;
            }
            if (mantissa < (1L << 53) && exp10 >= -22) {
                // Both operands are exact doubles, so one IEEE division rounds correctly.
                double v = exp10 == 0 ? mantissa : mantissa / POW10[-exp10];
                return negative ? -v : v;
            }
        }
        return general(b, from, to, underscores);
    }

    private static double hex(byte[] b, int from, int i, int to) throws Malformed {
        boolean sawDigits = false;
        boolean sawDot = false;
        boolean underscores = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                sawDigits = true;
            } else if (c == '.' && !sawDot) {
                sawDot = true;
            } else if (c == '_') {
                underscores = true;
            } else {
                break;
            }
        }
        if (!sawDigits) {
            throw SYNTAX;
        }
        underscores = exponentAndEnd(b, from, i, to, 'p', true, underscores); // binary exponent required
        return general(b, from, to, underscores);
    }

    /**
     * Checks what follows a mantissa ending at {@code i}: the exponent ({@code marker} then an
     * optional sign and digits), optional or {@code required}, then the end of the text; and Go's
     * rule for underscores over the whole. Returns whether there were underscores.
     */
    private static boolean exponentAndEnd(byte[] b, int from, int i, int to, char marker, boolean required,
            boolean underscores) throws Malformed {
        if (i < to && (b[i] | 0x20) == marker) {
            i = exponentEnd(b, i + 1, to);
            underscores |= contains(b, from, i, '_');
        } else if (required) {
            throw SYNTAX;
        }
        if (i != to || underscores && !underscoresOk(b, from, to)) {
            throw SYNTAX;
        }
        return underscores;
    }

    /** Where the exponent's digits (and underscores) starting at {@code i} end; the sign is optional, a digit required. */
    private static int exponentEnd(byte[] b, int i, int to) throws Malformed {
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        if (i == to || b[i] < '0' || b[i] > '9') {
            throw SYNTAX;
        }
        while (i < to && (b[i] >= '0' && b[i] <= '9' || b[i] == '_')) {
            i++;
        }
        return i;
    }

    /** The rare forms, read by the JDK once the syntax is known to be Go's (which the JDK's also accepts). */
    private static double general(byte[] b, int from, int to, boolean underscores) throws Malformed {
        String text;
        if (underscores) {
            StringBuilder sb = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                if (b[i] != '_') {
                    sb.append((char) b[i]);
                }
            }
            text = sb.toString();
        } else {
            text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) {
            throw RANGE;
        }
        return v;
    }

    private static double special(byte[] b, int i, int to, boolean negative, boolean signed) throws Malformed {
        int len = to - i;
        if (len == 3 && matches(b, i, "inf") || len == 8 && matches(b, i, "infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!signed && len == 3 && matches(b, i, "nan")) {
            return Double.NaN;
        }
        throw SYNTAX;
    }

    /**
     * Go's rule for {@code _}: only between digits, or between the {@code 0x} prefix and a digit
     * ({@code strconv}'s {@code underscoreOK}).
     */
    private static boolean underscoresOk(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        char saw = '^';
        boolean hex = false;
        if (i + 1 < to && b[i] == '0' && ((b[i + 1] | 0x20) == 'x' || (b[i + 1] | 0x20) == 'b' || (b[i + 1] | 0x20) == 'o')) {
            hex = (b[i + 1] | 0x20) == 'x';
            saw = '0';
            i += 2;
        }
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9' || hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    private static boolean contains(byte[] b, int from, int to, int c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetter(byte c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    private static boolean matches(byte[] b, int i, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((b[i + k] | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A refusal without a stack trace, shared: thrown per malformed value, so it must be cheap. */
    static final class Malformed extends Exception {
        private Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
