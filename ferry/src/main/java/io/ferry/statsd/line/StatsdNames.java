package io.ferry.statsd.line;

/**
 * StatsD names made valid Prometheus names, as statsd_exporter's {@code EscapeMetricName} makes them.
 *
 * <pre>{@code
 * StatsdNames.escape("test.web-server.foo.bar");   // "test_web_server_foo_bar"
 * StatsdNames.escape("0starts_with_digit");        // "_0starts_with_digit"
 * StatsdNames.escape("with---multiple-dashes");    // "with_multiple_dashes"
 * }</pre>
 *
 * <p>Every character outside {@code [A-Za-z0-9_]} becomes one {@code _} (one per code point, so an
 * emoji is one {@code _}), except that a run of {@code -} becomes a single {@code _}; other runs
 * are not collapsed ({@code with.*.multiple} gives {@code with___multiple}). A leading digit gets a
 * {@code _} in front. Used for tag keys here, and for metric names by the event processor.
 * Stateless and thread-safe.
 */
public final class StatsdNames {
    private StatsdNames() {
    }

    /** The escaped name; {@code name} itself (no copy) when it needs no change, {@code ""} for {@code ""}. */
    public static String escape(String name) {
        int n = name.length();
        if (n == 0) {
            return name;
        }
        boolean leadingDigit = isDigit(name.charAt(0));
        int i = 0;
        while (i < n && isValid(name.charAt(i))) {
            i++;
        }
        if (i == n && !leadingDigit) {
            return name;
        }
        StringBuilder sb = new StringBuilder(n + 1);
        if (leadingDigit) {
            sb.append('_');
        }
        sb.append(name, 0, i);
        int prev = i > 0 ? name.charAt(i - 1) : -1;
        while (i < n) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c < 128 && isValid((char) c)) {
                sb.append((char) c);
            } else if (c == '-' && prev == '-') {
                continue; // a run of dashes is one underscore; prev stays '-'
            } else {
                sb.append('_');
            }
            prev = c;
        }
        return sb.toString();
    }

    private static boolean isValid(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
