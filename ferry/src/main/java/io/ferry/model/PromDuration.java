package io.ferry.model;

import java.time.Duration;

/**
 * Durations as prometheus.yml writes them (Prometheus' {@code model.ParseDuration}): whole numbers
 * with units in descending order, each at most once, from {@code y} (365 days), {@code w}, {@code d},
 * {@code h}, {@code m}, {@code s} to {@code ms}; {@code 0} needs no unit. No fractions, no signs:
 * {@code 1d}, {@code 2w}, {@code 1h30m}, {@code 500ms}. Go's {@code 1.5s} and {@code 30m1h} are refused,
 * as Prometheus refuses them. Stateless, thread-safe.
 *
 * <pre>{@code
 * PromDuration.parse("1h30m");                  // PT1H30M
 * PromDuration.format(Duration.ofDays(14));     // "2w"
 * }</pre>
 */
public final class PromDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private PromDuration() {
    }

    /** The duration {@code s} names; throws {@link IllegalArgumentException} saying why not. */
    public static Duration parse(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(s);
        }
        long total = 0;
        int next = 0; // the first unit still allowed: units go from large to small, each once
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw invalid(s);
            }
            String digits = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            int u = indexOf(unit);
            if (u < 0 || u < next) {
                throw invalid(s);
            }
            next = u + 1;
            try {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(digits), MILLIS[u]));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration \"" + s + "\" out of range");
            }
        }
        // Prometheus keeps durations as Go nanoseconds (int64): about 292 years at most.
        if (total > Long.MAX_VALUE / 1_000_000) {
            throw new IllegalArgumentException("duration \"" + s + "\" out of range");
        }
        return Duration.ofMillis(total);
    }

    /** As Prometheus writes it: the largest units first, {@code 0s} for zero; {@link #parse} reads it back. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int u = 0; u < UNITS.length; u++) {
            // Prometheus writes years and weeks only when they divide the whole, as model.Duration.String does.
            if (u < 2 && (ms % MILLIS[u]) != 0) {
                continue;
            }
            if (ms >= MILLIS[u]) {
                out.append(ms / MILLIS[u]).append(UNITS[u]);
                ms %= MILLIS[u];
            }
        }
        return out.toString();
    }

    private static int indexOf(String unit) {
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].equals(unit)) {
                return u;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid duration \"" + s
                + "\" (whole numbers with units y, w, d, h, m, s, ms in that order, for example 1d, 1h30m, 15s)");
    }

    /**
     * Seconds as Go's {@code strconv.FormatFloat(s, 'f', -1, 64)} writes them ({@code 60}, {@code 0.5}),
     * the form of Prometheus' {@code X-Prometheus-*-Seconds} request headers.
     */
    public static String seconds(Duration d) {
        return new java.math.BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
