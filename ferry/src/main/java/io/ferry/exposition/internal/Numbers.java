package io.ferry.exposition.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing over bytes with the acceptance rules of Go's {@code strconv.ParseFloat} as
 * Prometheus applies them: decimal and exponent forms, {@code inf}/{@code infinity} with an optional
 * sign and {@code nan}, case-insensitive; no hex floats, no underscores, no Java suffixes such as
 * {@code 1d}; out-of-range values are errors rather than infinities.
 */
public final class Numbers {
    private static final double[] POW10 = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
            1e18, 1e19, 1e20, 1e21, 1e22};

    private Numbers() {
    }

    /** Parses {@code b[from, to)} as a float; throws {@link NumberFormatException} with a short reason. */
    public static double parseDouble(byte[] b, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException("empty number");
        }
        int i = from;
        boolean negative = false;
        boolean signed = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            signed = true;
            i++;
        }
        if (i < to && (b[i] | 0x20) >= 'a' && (b[i] | 0x20) <= 'z') {
            return special(b, i, to, negative, signed);
        }
        long mantissa = 0;
        int digits = 0;       // significant digits held in mantissa
        int exp10 = 0;
        boolean sawDigit = false;
        boolean exact = true;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (mantissa == 0 && c == '0') {
                    continue;
                }
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                } else {
                    exact = false;
                    exp10++;
                }
            } else {
                break;
            }
        }
        if (i < to && b[i] == '.') {
            i++;
            for (; i < to; i++) {
                int c = b[i];
                if (c < '0' || c > '9') {
                    break;
                }
                sawDigit = true;
                if (mantissa == 0 && c == '0') {
                    exp10--;
                    continue;
                }
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    exp10--;
                } else {
                    exact = false;
                }
            }
        }
        if (!sawDigit) {
            throw new NumberFormatException("not a number");
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i == to) {
                throw new NumberFormatException("exponent has no digits");
            }
            int e = 0;
            for (; i < to; i++) {
                int c = b[i];
                if (c < '0' || c > '9') {
                    throw new NumberFormatException("not a number");
                }
                if (e < 100_000) {
                    e = e * 10 + (c - '0');
                }
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != to) {
            throw new NumberFormatException("not a number");
        }
        double v;
        if (mantissa == 0) {
            v = 0;
        } else if (exact && mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            // Both operands are exact doubles, so one IEEE operation rounds correctly.
            v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
        } else {
            v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(v)) {
                throw new NumberFormatException("value out of range");
            }
            return v;
        }
        return negative ? -v : v;
    }

    private static double special(byte[] b, int i, int to, boolean negative, boolean signed) {
        int len = to - i;
        if (len == 3 && lower(b, i, "inf") || len == 8 && lower(b, i, "infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!signed && len == 3 && lower(b, i, "nan")) {
            return Double.NaN;
        }
        throw new NumberFormatException("not a number");
    }

    private static boolean lower(byte[] b, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Parses an integer of milliseconds (text 0.0.4 timestamps); an optional leading minus. */
    public static long parseMillis(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && b[i] == '-') {
            negative = true;
            i++;
        }
        if (i == to) {
            throw new NumberFormatException("not an integer");
        }
        long v = 0;
        for (; i < to; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not an integer");
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new NumberFormatException("out of range");
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    /**
     * Parses OpenMetrics float seconds into milliseconds, truncating below the millisecond. The
     * decimal is read exactly ({@code 1.005} is 1005 ms), unlike a multiplication in binary floating point.
     */
    public static long parseSecondsAsMillis(byte[] b, int from, int to) {
        double check = parseDouble(b, from, to); // grammar, and NaN/Inf rejection below
        if (Double.isNaN(check) || Double.isInfinite(check)) {
            throw new NumberFormatException("timestamp must be finite");
        }
        if (Math.abs(check) >= 9.2e15) {
            throw new NumberFormatException("timestamp out of range");
        }
        if (Math.abs(check) < 1e-3) {
            return 0;
        }
        if (to - from > 64) {
            throw new NumberFormatException("timestamp is longer than 64 characters");
        }
        int i = from;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        long whole = 0;
        int fracDigits = 0;
        long frac = 0;
        boolean simple = true;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            if (whole > 922_337_203_685_477L) {
                simple = false;
                break;
            }
            whole = whole * 10 + (b[i] - '0');
        }
        if (simple && i < to && b[i] == '.') {
            for (i++; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                if (fracDigits < 3) {
                    frac = frac * 10 + (b[i] - '0');
                    fracDigits++;
                }
            }
        }
        if (simple && i == to) {
            for (; fracDigits < 3; fracDigits++) {
                frac *= 10;
            }
            long ms = whole * 1000 + frac;
            return negative ? -ms : ms;
        }
        BigDecimal seconds = new BigDecimal(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        BigDecimal ms = seconds.movePointRight(3).setScale(0, RoundingMode.DOWN);
        try {
            return ms.longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("timestamp out of range");
        }
    }
}
