package io.ferry.statsd.mapping.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code name} or label value of a glob rule, expanded as statsd_exporter's glob formatter does:
 * a reference is {@code $}, an optional <code>{</code>, a run of letters, digits, {@code _} and
 * {@code $}, and an optional <code>}</code>; when the run is a number from 1 to the rule's count of
 * {@code *}, it is that capture, and anything else is the empty string.
 *
 * <pre>{@code
 * GlobTemplate.parse("${1}_foo", 1).expand(new String[] {"a"});   // "a_foo"
 * GlobTemplate.parse("$1_foo", 1).expand(new String[] {"a"});     // "": the name is "1_foo"
 * GlobTemplate.parse("$1-$2-$3", 2).expand(new String[] {"a", "b"});   // "a-b-"
 * }</pre>
 *
 * <p>statsd_exporter substitutes with {@code strings.Replace} and {@code fmt.Sprintf}, so a literal
 * {@code %} or a template holding both {@code $1} and {@code $10} comes out garbled there; here
 * each reference is expanded where it stands. Immutable and thread-safe.
 */
public final class GlobTemplate {
    /** Literal text (String) and 0-based capture indexes (Integer), in order. */
    private final Object[] parts;
    private final String constant;

    private GlobTemplate(Object[] parts) {
        this.parts = parts;
        this.constant = parts.length == 0 ? "" : parts.length == 1 && parts[0] instanceof String s ? s : null;
    }

    public static GlobTemplate parse(String template, int captureCount) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int n = template.length();
        int i = 0;
        while (i < n) {
            char c = template.charAt(i);
            int nameStart = i + 1 < n && template.charAt(i + 1) == '{' ? i + 2 : i + 1;
            int nameEnd = c == '$' ? nameEnd(template, nameStart) : nameStart;
            if (c == '$' && nameEnd == nameStart && nameStart == i + 2) {
                // "${" followed by no name: the regex retries without the brace, which is no name either.
                nameStart = nameEnd = i + 1;
            }
            if (c != '$' || nameEnd == nameStart) {
                lit.append(c);
                i++;
                continue;
            }
            int index = captureIndex(template.substring(nameStart, nameEnd), captureCount);
            if (index >= 0) {
                if (!lit.isEmpty()) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(index);
            }
            i = nameEnd < n && template.charAt(nameEnd) == '}' ? nameEnd + 1 : nameEnd;
        }
        if (!lit.isEmpty()) {
            parts.add(lit.toString());
        }
        return new GlobTemplate(parts.toArray());
    }

    private static int nameEnd(String s, int from) {
        int j = from;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$')) {
                break;
            }
            j++;
        }
        return j;
    }

    /** Go's {@code strconv.Atoi} of the name, as a 0-based capture index, or -1 for the empty string. */
    private static int captureIndex(String name, int captureCount) {
        if (name.length() > 9) {
            // Leading zeros aside, ten digits exceed any capture count; Atoi would read them all.
            String trimmed = name.replaceFirst("^0+(?=.)", "");
            if (trimmed.length() > 9) {
                return -1;
            }
            name = trimmed;
        }
        int v = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v >= 1 && v <= captureCount ? v - 1 : -1;
    }

    /** The text with no references, or null when it has some. */
    public String constant() {
        return constant;
    }

    /** The expansion for {@code captures}, the segments the rule's {@code *}s matched, in order. */
    public String expand(String[] captures) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else {
                out.append(captures[(Integer) part]);
            }
        }
        return out.toString();
    }
}
