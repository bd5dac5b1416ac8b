package io.ferry.otlp.convert.internal;

/**
 * OTLP attribute keys to Prometheus label names, as prometheus/otlptranslator's {@code LabelNamer}
 * builds them with Prometheus 3.14's defaults ({@code label_name_underscore_sanitization} and
 * {@code label_name_preserve_multiple_underscores} both true), plus one rule of Ferry's: a name
 * that would start with {@code __}, which Ferry's model reserves, gets the {@code key} prefix too.
 * Stateless.
 *
 * <pre>{@code
 * LabelNamer.name("http.method");  // "http_method"
 * LabelNamer.name("123invalid");   // "key_123invalid"
 * LabelNamer.name("_private");     // "key_private"
 * LabelNamer.name("__name__");     // "key__name__"
 * LabelNamer.name("__");           // null: nothing but underscores
 * }</pre>
 */
public final class LabelNamer {
    private LabelNamer() {
    }

    /** The label name for {@code key}, or null when it cannot be one (empty, or underscores only). */
    public static String name(String key) {
        if (key.isEmpty()) {
            return null;
        }
        String sanitized = isValidAsIs(key) ? key : sanitize(key);
        if (MetricNamer.isUnderscoresOnly(sanitized)) {
            return null;
        }
        char first = sanitized.charAt(0);
        if (first >= '0' && first <= '9') {
            return "key_" + sanitized;
        }
        if (first == '_') {
            return "key" + sanitized;
        }
        return sanitized;
    }

    private static boolean isValidAsIs(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (!isLabelChar(key.charAt(i)) && key.charAt(i) != '_') {
                return false;
            }
        }
        return true;
    }

    /** Each rune outside {@code [a-zA-Z0-9]}, {@code _} included, becomes one {@code _}; runs are kept. */
    private static String sanitize(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (isLabelChar(c)) {
                sb.append(c);
            } else {
                sb.append('_');
                if (Character.isHighSurrogate(c) && i + 1 < key.length()
                        && Character.isLowSurrogate(key.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return sb.toString();
    }

    private static boolean isLabelChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
