package io.ferry.model;

/**
 * Validation of metric and label names by Prometheus' legacy rules: metric names match
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, and label names
 * starting with {@code __} are reserved for Prometheus' own use.
 *
 * <pre>{@code
 * MetricNames.isValidMetricName("http_requests_total"); // true
 * MetricNames.isValidLabelName("0abc");                 // false
 * MetricNames.isReservedLabelName("__name__");          // true
 * }</pre>
 */
public final class MetricNames {
    /** The label that holds a series' metric name in a full label set. */
    public static final String NAME_LABEL = "__name__";

    private MetricNames() {
    }

    public static boolean isValidMetricName(CharSequence name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidLabelName(CharSequence name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Label names beginning with {@code __} belong to Prometheus (relabeling, {@code __name__}). */
    public static boolean isReservedLabelName(CharSequence name) {
        return name.length() >= 2 && name.charAt(0) == '_' && name.charAt(1) == '_';
    }

    /** Throws {@link IllegalArgumentException} naming the problem unless {@code name} is a valid metric name. */
    public static String checkMetricName(String name) {
        if (!isValidMetricName(name)) {
            throw new IllegalArgumentException("invalid metric name \"" + name + "\"");
        }
        return name;
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a valid, unreserved label name. */
    public static String checkLabelName(String name) {
        if (!isValidLabelName(name)) {
            throw new IllegalArgumentException("invalid label name \"" + name + "\"");
        }
        if (isReservedLabelName(name)) {
            throw new IllegalArgumentException("label name \"" + name + "\" is reserved (it starts with __)");
        }
        return name;
    }
}
