package io.ferry.relabel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code action} of a {@code relabel_configs} rule, with Prometheus' names. See
 * {@link RelabelRule} for what each does.
 */
public enum RelabelAction {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

    private static final String NAMES = Arrays.stream(values()).map(RelabelAction::yamlName)
            .collect(Collectors.joining(", "));

    /** The name as written in YAML ({@code keepequal}). */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action named {@code s}, in any case as Prometheus allows; throws
     * {@link IllegalArgumentException} listing the actions otherwise.
     */
    public static RelabelAction parse(String s) {
        // Go's strings.ToLower maps each code point on its own (the Kelvin sign becomes k, a long s
        // stays), which String.equalsIgnoreCase does not reproduce.
        StringBuilder lower = new StringBuilder(s.length());
        s.codePoints().forEach(c -> lower.appendCodePoint(Character.toLowerCase(c)));
        String l = lower.toString();
        for (RelabelAction a : values()) {
            if (a.yamlName().equals(l)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action \"" + s + "\" (one of " + NAMES + ")");
    }
}
