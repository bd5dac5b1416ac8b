package io.ferry.config;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Sizes as prometheus.yml writes them ({@code body_size_limit}: Go's {@code units.Base2Bytes}):
 * numbers with units, all powers of 1024 whether written {@code KB} or {@code KiB} ({@code 10MB} is
 * 10 MiB here, unlike {@link ByteSize}, which follows Ferry's own decimal {@code KB}). Units are
 * {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code GB}/{@code GiB}, {@code TB}/{@code TiB},
 * {@code PB}/{@code PiB}, {@code EB}/{@code EiB}, case-sensitive; fractions and sums are allowed
 * ({@code 1.5MB}, {@code 1MB512KB}); a bare number other than {@code 0} is refused, as Prometheus
 * refuses it. Stateless, thread-safe.
 */
public final class PromSize {
    private static final String[] PREFIXES = {"K", "M", "G", "T", "P", "E"};

    private PromSize() {
    }

    /** The number of bytes {@code s} names (fractions of a byte truncated); throws {@link IllegalArgumentException}. */
    public static long parse(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(s);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(s);
            }
            int unitStart = i;
            while (i < s.length() && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) && s.charAt(i) != '.') {
                i++;
            }
            long multiplier = multiplier(s.substring(unitStart, i));
            if (multiplier == 0) {
                throw new IllegalArgumentException("size \"" + s + "\" has an unknown unit \"" + s.substring(unitStart, i)
                        + "\" (use B, KB, MB, GB, TB, PB, EB or KiB, MiB, ...: all powers of 1024)");
            }
            BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number);
            total = total.add(value.multiply(BigDecimal.valueOf(multiplier)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("size \"" + s + "\" is too large");
            }
        }
        BigInteger bytes = total.toBigInteger();
        return bytes.longValueExact();
    }

    private static long multiplier(String unit) {
        if (unit.equals("B")) {
            return 1;
        }
        for (int p = 0; p < PREFIXES.length; p++) {
            if (unit.equals(PREFIXES[p] + "B") || unit.equals(PREFIXES[p] + "iB")) {
                return 1L << (10 * (p + 1));
            }
        }
        return 0;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid size \"" + s + "\" (a number with a unit, for example 10MB or 100MiB)");
    }
}
