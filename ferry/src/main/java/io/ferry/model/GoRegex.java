package io.ferry.model;

import io.ferry.model.internal.AtomRegex;
import io.ferry.model.internal.Re2Syntax;

import java.util.Map;

/**
 * A regular expression in Go's RE2 syntax, as Prometheus writes them in {@code relabel_configs}
 * and label matchers, matched with RE2's semantics and in time linear in the input (RE2/J, a Java
 * port of Go's engine; no backtracking, so no pattern can make a match take exponential time).
 *
 * <pre>{@code
 * GoRegex re = GoRegex.compile("(?P<host>[^:]+):\\d+");
 * re.matchesWhole("db-1:9100");          // true: fully anchored, as Prometheus' ^(?s:re)$
 * GoMatcher m = re.matcher();            // one per thread, reused
 * m.matchesWhole("db-1:9100");
 * m.start(re.groupIndex("host"));        // 0
 * }</pre>
 *
 * <p>Matching is anchored at both ends and {@code .} matches a newline, as Prometheus compiles
 * relabel regexes and label matchers ({@code ^(?s:re)$}); {@code $} is the end of the text unless
 * {@code (?m)}. Named groups are {@code (?P<name>re)} or {@code (?<name>re)}, and a name may
 * repeat. What Go refuses is refused, with the reason and its offset: backreferences,
 * lookarounds, atomic groups, possessive quantifiers, Java-only escapes, repeat counts above
 * 1000; so is the ungreedy flag {@code U}. Go's limits on size hold too (see {@link Re2Syntax}),
 * so that a pattern cannot exhaust memory when compiled nor take more than time proportional to
 * the input's length times the pattern's size when matched.
 *
 * <p>Regexes built of single-character atoms with groups, {@code |} and repeats, the usual
 * {@code go_.*}, {@code (.*):\d+} or {@code (go|process)_.+}, are matched by a small automaton that
 * allocates nothing ({@link AtomRegex}); RE2/J matches the rest, and finds the group positions the
 * automaton cannot pin.
 *
 * <p>Immutable and thread-safe; {@link GoMatcher}s are not, so keep one per thread.
 */
public final class GoRegex {
    private static final int[] NO_GROUPS = new int[0];

    private final String source;
    private final com.google.re2j.Pattern pattern;
    /** The fast path, or null. */
    private final AtomRegex atoms;
    private final Map<String, int[]> names;
    private final int groupCount;

    private GoRegex(String source, com.google.re2j.Pattern pattern, Map<String, int[]> names, int groupCount) {
        this.source = source;
        this.pattern = pattern;
        this.atoms = AtomRegex.of(source);
        this.names = names;
        this.groupCount = groupCount;
    }

    /**
     * Compiles RE2 syntax; throws {@link RegexSyntaxException} whose message says what is wrong
     * and where ({@code at offset 3}), for syntax Go would refuse too.
     */
    public static GoRegex compile(String re2) {
        Re2Syntax syntax;
        try {
            syntax = Re2Syntax.read(re2);
        } catch (IllegalArgumentException e) {
            throw new RegexSyntaxException(re2, e.getMessage());
        }
        com.google.re2j.Pattern p;
        try {
            p = com.google.re2j.Pattern.compile(syntax.forEngine(), com.google.re2j.Pattern.DOTALL);
        } catch (com.google.re2j.PatternSyntaxException e) {
            String where = e.getPattern() == null || e.getPattern().isEmpty() ? "" : ": `" + e.getPattern() + "`";
            throw new RegexSyntaxException(re2, e.getDescription() + where);
        } catch (StackOverflowError e) {
            throw new RegexSyntaxException(re2, "nested too deeply");
        }
        if (p.groupCount() != syntax.groups()) {
            throw new IllegalStateException("group count mismatch reading " + re2); // a bug here, not in the input
        }
        return new GoRegex(re2, p, syntax.names(), syntax.groups());
    }

    /** {@code text} with RE2's special characters escaped, so that it matches itself alone. */
    public static String quote(String text) {
        return com.google.re2j.Pattern.quote(text);
    }

    /** The RE2 text as given. */
    public String source() {
        return source;
    }

    /** A new matcher, for one thread at a time; reuse it across matches. */
    public GoMatcher matcher() {
        return new GoMatcher(this, atoms, pattern.matcher(""));
    }

    /** Whether the whole of {@code input} matches, as Prometheus' anchored {@code ^(?s:re)$} does. */
    public boolean matchesWhole(CharSequence input) {
        return atoms != null ? atoms.matchesWhole(input) : pattern.matcher(input).matches();
    }

    /** Whether the fast path serves this regex (for tests). */
    boolean hasFastPath() {
        return atoms != null;
    }

    /** The number of capturing groups, named ones included. */
    public int groupCount() {
        return groupCount;
    }

    /** The first group named {@code name}, or -1. */
    public int groupIndex(String name) {
        int[] g = names.get(name);
        return g == null ? -1 : g[0];
    }

    /** Every group named {@code name}, in order (RE2 lets a name repeat), possibly none. */
    int[] groupIndexes(String name) {
        return names.getOrDefault(name, NO_GROUPS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoRegex r && r.source.equals(source);
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
