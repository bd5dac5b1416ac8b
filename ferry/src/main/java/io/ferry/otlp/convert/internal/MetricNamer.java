package io.ferry.otlp.convert.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metric names and units to Prometheus names, as prometheus/otlptranslator's
 * {@code MetricNamer} and {@code UnitNamer} build them in their escaping modes. Stateless.
 *
 * <pre>{@code
 * MetricNamer.name("http.server.duration", "s", Kind.HISTOGRAM, true);   // "http_server_duration_seconds"
 * MetricNamer.name("requests.count", "1", Kind.MONOTONIC_COUNTER, true); // "requests_count_total"
 * MetricNamer.unit("By/s");                                               // "bytes_per_second"
 * }</pre>
 */
public final class MetricNamer {
    /** The namer's view of a metric's type: what decides {@code _total} and {@code _ratio}. */
    public enum Kind { GAUGE, MONOTONIC_COUNTER, NON_MONOTONIC_COUNTER, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

    /** UCUM units to words (otlptranslator's {@code unitMap}, its spellings kept: {@code KBy}, "tibibytes"). */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"),
            Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"), Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"),
            Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"), Map.entry("m", "meters"), Map.entry("V", "volts"),
            Map.entry("A", "amperes"), Map.entry("J", "joules"), Map.entry("W", "watts"), Map.entry("g", "grams"),
            Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"), Map.entry("1", ""), Map.entry("%", "percent"));

    /** The denominators of rates, singular: {@code By/s} is bytes per second. */
    private static final Map<String, String> PER_UNITS = Map.of(
            "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    private MetricNamer() {
    }

    /**
     * The Prometheus name of a metric, or null when nothing of it survives (empty, or underscores only).
     *
     * @param withSuffixes add unit and type suffixes (collapsing runs of separators), or only escape
     */
    public static String name(String name, String unit, Kind kind, boolean withSuffixes) {
        String result = withSuffixes ? withSuffixes(name, unit == null ? "" : unit, kind) : escapeOnly(name);
        if (result.isEmpty() || isUnderscoresOnly(result)) {
            return null;
        }
        return result;
    }

    /** The unit as a word for the family's UNIT ({@code By/s} gives {@code bytes_per_second}), or null when none. */
    public static String unit(String unit) {
        if (unit == null || unit.isEmpty()) {
            return null;
        }
        String[] parts = unitParts(unit);
        String main = cleanUnit(parts[0]);
        String per = cleanUnit(parts[1]);
        String u = !main.isEmpty() && !per.isEmpty() ? main + "_" + per : main.isEmpty() ? per : main;
        if (u.startsWith("_")) {
            u = u.substring(1);
        }
        if (u.endsWith("_")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.isEmpty() ? null : u;
    }

    private static String withSuffixes(String name, String unit, Kind kind) {
        List<String> tokens = tokens(name);
        String[] parts = unitParts(unit);
        addUnitTokens(tokens, cleanUnit(parts[0]), cleanUnit(parts[1]));
        if (kind == Kind.MONOTONIC_COUNTER) {
            tokens.removeIf("total"::equals);
            tokens.add("total");
        }
        if (unit.equals("1") && kind == Kind.GAUGE) {
            tokens.removeIf("ratio"::equals);
            tokens.add("ratio");
        }
        String joined = String.join("_", tokens);
        return !joined.isEmpty() && isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }

    /** Splits on every character outside {@code [a-zA-Z0-9:]}: runs of separators, {@code _} included, vanish. */
    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>(6);
        int start = -1;
        for (int i = 0; i < name.length(); i++) {
            if (isNameChar(name.charAt(i))) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                tokens.add(name.substring(start, i));
                start = -1;
            }
        }
        if (start >= 0) {
            tokens.add(name.substring(start));
        }
        return tokens;
    }

    private static void addUnitTokens(List<String> tokens, String main, String per) {
        if (tokens.contains(main)) {
            main = "";
        }
        if (per.equals("per_")) {
            per = "";
        } else {
            per = trimTrailingUnderscore(per);
            if (tokens.contains(per)) {
                per = "";
            }
        }
        if (!per.isEmpty()) {
            main = trimTrailingUnderscore(main);
        }
        if (!main.isEmpty()) {
            tokens.add(main);
        }
        if (!per.isEmpty()) {
            tokens.add(per);
        }
    }

    /**
     * The unit's main and per parts as words: split on the first {@code /}, each trimmed and dropped
     * when it holds a {@code {}} annotation, the per part prefixed {@code per_}.
     */
    private static String[] unitParts(String unit) {
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        String mainWord = "";
        if (!main.isEmpty() && !hasBrace(main)) {
            mainWord = UNITS.getOrDefault(main, main);
        }
        String perWord = "";
        if (slash >= 0) {
            String per = unit.substring(slash + 1).strip();
            if (!per.isEmpty() && !hasBrace(per)) {
                perWord = "per_" + PER_UNITS.getOrDefault(per, per);
            }
        }
        return new String[] {mainWord, perWord};
    }

    /** Invalid characters to {@code _}, runs of {@code _} collapsed, a leading {@code _} dropped. */
    private static String cleanUnit(String unit) {
        StringBuilder sb = new StringBuilder(unit.length());
        boolean lastUnderscore = false;
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            char out = isNameChar(c) ? c : '_';
            if (out == '_') {
                if (lastUnderscore) {
                    continue;
                }
                lastUnderscore = true;
            } else {
                lastUnderscore = false;
            }
            // A surrogate pair is one rune, hence one '_'.
            if (Character.isHighSurrogate(c) && i + 1 < unit.length() && Character.isLowSurrogate(unit.charAt(i + 1))) {
                i++;
            }
            sb.append(out);
        }
        return sb.length() > 0 && sb.charAt(0) == '_' ? sb.substring(1) : sb.toString();
    }

    /** Without suffixes: each run of characters outside {@code [a-zA-Z0-9:_]} becomes one {@code _}, ends trimmed. */
    private static String escapeOnly(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean pendingSeparator = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isNameChar(c) || c == '_') {
                if (pendingSeparator && sb.length() > 0) {
                    sb.append('_');
                }
                pendingSeparator = false;
                sb.append(c);
            } else {
                pendingSeparator = true;
            }
        }
        return sb.length() > 0 && isDigit(sb.charAt(0)) ? "_" + sb : sb.toString();
    }

    private static String trimTrailingUnderscore(String s) {
        return s.endsWith("_") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean hasBrace(String s) {
        return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUnderscoresOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '_') {
                return false;
            }
        }
        return true;
    }
}
