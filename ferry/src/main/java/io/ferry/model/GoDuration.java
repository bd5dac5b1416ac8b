package io.ferry.model;

import java.time.Duration;

/**
 * Durations as Go's {@code time.ParseDuration} reads them and {@code Duration.String} writes them,
 * because the Pushgateway's duration flags ({@code --persistence.interval=5m}) are spelled that way.
 *
 * <pre>{@code
 * GoDuration.parse("1h30m");                  // PT1H30M
 * GoDuration.format(Duration.ofMinutes(5));   // "5m0s"
 * }</pre>
 */
public final class GoDuration {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private GoDuration() {
    }

    /**
     * Reads a sequence of decimal numbers, each with an optional fraction and a unit ({@code ns},
     * {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), with an optional sign:
     * {@code 300ms}, {@code -1.5h}, {@code 2h45m}; {@code 0} needs no unit. Throws
     * {@link IllegalArgumentException} naming the problem.
     */
    public static Duration parse(String s) {
        String orig = s;
        boolean negative = false;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(orig);
        }
        // Nanoseconds as a fraction-free total; Go's limit is the int64 range, checked as we go.
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')
                    || !number.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
                throw invalid(orig);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> NANOS_PER_SECOND;
                case "m" -> 60 * NANOS_PER_SECOND;
                case "h" -> 3600 * NANOS_PER_SECOND;
                case "" -> throw new IllegalArgumentException("missing unit in duration \"" + orig
                        + "\" (units: ns, us, ms, s, m, h)");
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + orig
                        + "\" (units: ns, us, ms, s, m, h)");
            };
            java.math.BigDecimal value = new java.math.BigDecimal(number.startsWith(".") ? "0" + number : number);
            total = total.add(value.multiply(java.math.BigDecimal.valueOf(scale)));
        }
        // Go truncates fractions of a nanosecond.
        java.math.BigInteger nanos = total.toBigInteger();
        if (negative) {
            nanos = nanos.negate();
        }
        if (nanos.bitLength() > 63) {
            throw new IllegalArgumentException("duration \"" + orig + "\" out of range");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid duration \"" + s + "\" (for example 5m, 1h30m, 300ms)");
    }

    /** As Go's {@code Duration.String}: {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (n < 0) {
            out.append('-');
        }
        // Unsigned magnitude: Long.MIN_VALUE has none as a long, so go through the unsigned string.
        long u = n == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(n);
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            if (u < 1_000) {
                return out.append(u).append("ns").toString();
            } else if (u < 1_000_000) {
                return out.append(fraction(u, 3)).append("\u00b5s").toString();
            }
            return out.append(fraction(u, 6)).append("ms").toString();
        }
        long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
        String frac = fractionDigits(Long.remainderUnsigned(u, NANOS_PER_SECOND), 9);
        long minutes = seconds / 60;
        long hours = minutes / 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes % 60).append('m');
        }
        return out.append(seconds % 60).append(frac).append('s').toString();
    }

    /** {@code v} divided by 10^digits, with the fraction's trailing zeros dropped. */
    private static String fraction(long v, int digits) {
        long scale = (long) Math.pow(10, digits);
        return (v / scale) + fractionDigits(v % scale, digits);
    }

    private static String fractionDigits(long rest, int digits) {
        if (rest == 0) {
            return "";
        }
        String s = String.format("%0" + digits + "d", rest);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return "." + s.substring(0, end);
    }
}
