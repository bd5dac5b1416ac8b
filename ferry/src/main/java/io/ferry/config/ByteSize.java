package io.ferry.config;

import java.util.Locale;

/**
 * Sizes as config files write them: a whole number of bytes, or a number with a unit,
 * {@code 16MiB}, {@code 512KiB}, {@code 1GB}. Binary units ({@code KiB}, {@code MiB}, {@code GiB},
 * {@code TiB}) are powers of 1024, decimal ones ({@code KB}, {@code MB}, {@code GB}, {@code TB})
 * powers of 1000, as in Prometheus' own size settings; {@code B} or no unit is bytes.
 *
 * <pre>{@code
 * ByteSize.parse("16MiB");  // 16777216
 * ByteSize.format(16L << 20); // "16MiB"
 * }</pre>
 */
public final class ByteSize {
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB"};
    private static final String[] DECIMAL = {"KB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    /** The number of bytes {@code s} names; throws {@link IllegalArgumentException} saying why not. */
    public static long parse(String s) {
        String t = s.strip();
        int digits = 0;
        while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("size \"" + s + "\" must start with a whole number of bytes or units "
                    + "(for example 16MiB)");
        }
        String unit = t.substring(digits).strip();
        long multiplier = multiplier(unit);
        if (multiplier == 0) {
            throw new IllegalArgumentException("size \"" + s + "\" has an unknown unit \"" + unit
                    + "\" (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(t.substring(0, digits)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + s + "\" is too large");
        }
    }

    /** {@code bytes} in the largest binary unit that divides it, as {@link #parse} reads it. */
    public static String format(long bytes) {
        for (int i = BINARY.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + BINARY[i];
            }
        }
        return bytes + "B";
    }

    private static long multiplier(String unit) {
        if (unit.isEmpty() || unit.equals("B")) {
            return 1;
        }
        for (int i = 0; i < BINARY.length; i++) {
            if (unit.equals(BINARY[i])) {
                return 1L << (10 * (i + 1));
            }
            if (unit.toUpperCase(Locale.ROOT).equals(DECIMAL[i])) {
                long m = 1;
                for (int k = 0; k <= i; k++) {
                    m *= 1000;
                }
                return m;
            }
        }
        return 0;
    }
}
