package io.ferry.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A replacement template with the rules of Go's {@code Regexp.Expand}, which Prometheus uses for
 * {@code replacement} and {@code target_label}:
 *
 * <pre>{@code
 * GoMatcher m = GoRegex.compile("(?P<host>[^:]+):(\\d+)").matcher();
 * m.matchesWhole("db-1:9100");
 * GoTemplate.parse("${host}_$2").expand(new StringBuilder(), m);   // "db-1_9100"
 * GoTemplate.parse("$2x").expand(...);   // "": the group is named "2x", which does not exist
 * }</pre>
 *
 * <ul>
 *   <li>{@code $name} takes the longest run of letters, digits and {@code _} as the name, so
 *       {@code $1x} refers to a group named {@code 1x}, not group 1 followed by {@code x}; write
 *       {@code ${1}x}. Java's {@code Matcher.appendReplacement} reads it the other way.</li>
 *   <li>A name of digits only (without a leading zero) is a group number; any other name is a
 *       named group. A group that does not exist or did not take part expands to nothing (Java
 *       would throw).</li>
 *   <li>{@code $$} is a literal {@code $}; a {@code $} not followed by a name or a well-formed
 *       {@code {name}} stays as a literal {@code $}.</li>
 * </ul>
 *
 * <p>Parsing never fails: every string is a template. Immutable and thread-safe.
 */
public final class GoTemplate {
    private static final long GO_MAX_NUMBER = 100_000_000L;

    private final String source;
    /** Literal text (String) and references (Ref), in order. */
    private final Object[] parts;

    private GoTemplate(String source, Object[] parts) {
        this.source = source;
        this.parts = parts;
    }

    private record Ref(String name, int number) {
    }

    public static GoTemplate parse(String template) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            i++;
            if (i < n && template.charAt(i) == '$') {
                lit.append('$');
                i++;
                continue;
            }
            boolean brace = i < n && template.charAt(i) == '{';
            int start = brace ? i + 1 : i;
            int j = start;
            while (j < n) {
                int cp = template.codePointAt(j);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                j += Character.charCount(cp);
            }
            if (j == start || brace && (j >= n || template.charAt(j) != '}')) {
                lit.append('$'); // malformed: the $ is text, and what follows is read as text
                continue;
            }
            if (!lit.isEmpty()) {
                parts.add(lit.toString());
                lit.setLength(0);
            }
            String name = template.substring(start, j);
            parts.add(new Ref(name, number(name)));
            i = brace ? j + 1 : j;
        }
        if (!lit.isEmpty()) {
            parts.add(lit.toString());
        }
        return new GoTemplate(template, parts.toArray());
    }

    /** Go's reading of a name as a group number: ASCII digits, no leading zero, else -1. */
    private static int number(String name) {
        long num = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || num >= GO_MAX_NUMBER) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            return -1;
        }
        return num > Integer.MAX_VALUE ? -1 : (int) num;
    }

    public String source() {
        return source;
    }

    /** Whether the text has a {@code $} at all: Prometheus' test for "this is a template". */
    public boolean hasDollar() {
        return source.indexOf('$') >= 0;
    }

    /** The text when it has no references (a {@code $$} counts as text), else null. */
    public String constant() {
        if (parts.length == 0) {
            return "";
        }
        return parts.length == 1 && parts[0] instanceof String s ? s : null;
    }

    /**
     * Appends the expansion for {@code match} (after a successful {@link GoMatcher#matchesWhole} or
     * {@link GoMatcher#find}) to {@code out}, and returns {@code out}. Allocates nothing.
     */
    public StringBuilder expand(StringBuilder out, GoMatcher match) {
        CharSequence input = match.input();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
                continue;
            }
            Ref ref = (Ref) part;
            int groups = match.groupCount();
            if (ref.number >= 0) {
                if (ref.number <= groups) {
                    appendGroup(out, match, input, ref.number);
                }
                continue;
            }
            for (int g : match.regex().groupIndexes(ref.name)) {
                if (g <= groups && match.start(g) >= 0) {
                    appendGroup(out, match, input, g);
                    break;
                }
            }
        }
        return out;
    }

    private static void appendGroup(StringBuilder out, GoMatcher m, CharSequence input, int g) {
        int s = m.start(g);
        if (s >= 0) {
            out.append(input, s, m.end(g));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoTemplate t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
