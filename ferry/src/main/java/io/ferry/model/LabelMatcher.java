package io.ferry.model;

import java.util.Objects;

/**
 * One condition on one label, as in a PromQL selector ({@code job="etl"}, {@code env!="prod"},
 * {@code instance=~"db-.*"}, {@code zone!~"eu-.*"}) or a glob of the config file ({@code ci-*}).
 *
 * <pre>{@code
 * LabelMatcher m = LabelMatcher.regex("instance", "db-.*");
 * m.matches(Labels.of("job", "etl", "instance", "db-1"));   // true
 * LabelMatcher.glob("job", "ci-*").matches(Labels.of("job", "ci-42"));   // true
 * }</pre>
 *
 * <p>As in PromQL, a label the set does not have counts as the empty string, so {@code env!="prod"}
 * and {@code env=~".*"} hold for a set without {@code env}, and {@code env="x"} does not. Regexes
 * and globs are fully anchored: they must match the whole value. Regexes are RE2's (Prometheus')
 * syntax and semantics, matched in time linear in the value ({@link GoRegex}). Immutable and
 * thread-safe; equal when name, operator and text are equal.
 */
public final class LabelMatcher {

    /** The operator, with the text PromQL writes for it; {@link #GLOB} is the config file's. */
    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~"), GLOB("=~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Op op;
    private final String value;
    private final GoRegex pattern;

    private LabelMatcher(String name, Op op, String value, GoRegex pattern) {
        this.name = Objects.requireNonNull(name);
        this.op = op;
        this.value = Objects.requireNonNull(value);
        this.pattern = pattern;
    }

    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(name, Op.EQUAL, value, null);
    }

    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(name, Op.NOT_EQUAL, value, null);
    }

    /** Throws {@link RegexSyntaxException} (an {@link IllegalArgumentException}) for a bad regex. */
    public static LabelMatcher regex(String name, String regex) {
        return new LabelMatcher(name, Op.REGEX, regex, GoRegex.compile(regex));
    }

    /** Throws {@link RegexSyntaxException} (an {@link IllegalArgumentException}) for a bad regex. */
    public static LabelMatcher notRegex(String name, String regex) {
        return new LabelMatcher(name, Op.NOT_REGEX, regex, GoRegex.compile(regex));
    }

    /**
     * A glob: {@code *} matches any run of characters, {@code ?} any one character, everything else
     * itself (there is no escape); without a wildcard it is an exact match.
     */
    public static LabelMatcher glob(String name, String glob) {
        return new LabelMatcher(name, Op.GLOB, glob, GoRegex.compile(globToRegex(glob)));
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    /** The value, regex or glob as given. */
    public String value() {
        return value;
    }

    /** Whether {@code labels} satisfy this matcher, an absent label counting as {@code ""}. */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return matches(v == null ? "" : v);
    }

    /** Whether a label with this value (the empty string for an absent one) satisfies this matcher. */
    public boolean matches(String labelValue) {
        return switch (op) {
            case EQUAL -> labelValue.equals(value);
            case NOT_EQUAL -> !labelValue.equals(value);
            case REGEX, GLOB -> pattern.matchesWhole(labelValue);
            case NOT_REGEX -> !pattern.matchesWhole(labelValue);
        };
    }

    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 8);
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (i > literalStart) {
                    re.append(GoRegex.quote(glob.substring(literalStart, i)));
                }
                re.append(c == '*' ? ".*" : ".");
                literalStart = i + 1;
            }
        }
        if (literalStart < glob.length()) {
            re.append(GoRegex.quote(glob.substring(literalStart)));
        }
        return re.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && op == m.op && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /** PromQL's form, {@code job="etl"}, the value quoted as Go quotes it; a glob reads {@code job glob "ci-*"}. */
    @Override
    public String toString() {
        return op == Op.GLOB ? name + " glob " + quote(value) : name + op.symbol() + quote(value);
    }

    /** {@code s} in double quotes with Go's escapes, so that {@link LabelSelectorParser} reads it back. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
