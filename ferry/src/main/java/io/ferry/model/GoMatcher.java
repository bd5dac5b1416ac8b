package io.ferry.model;

import io.ferry.model.internal.AtomRegex;

/**
 * One thread's reusable matcher of a {@link GoRegex}: matches the whole of an input (or, with
 * {@link #find}, a part of it), then tells where each group matched, for {@link GoTemplate#expand}.
 *
 * <pre>{@code
 * GoMatcher m = GoRegex.compile("([^:]+):(\\d+)").matcher();
 * if (m.matchesWhole("db-1:9100")) {
 *     m.start(2);   // 5
 * }
 * }</pre>
 *
 * <p>Group positions are computed on first request, by a second pass over the input unless the
 * fast path knows them, so a match whose groups are not read costs one pass (and, for a regex of
 * single-character atoms, allocates nothing). Not thread-safe.
 */
public final class GoMatcher {
    private final GoRegex regex;
    /** The fast path for whether it matches, or null. */
    private final AtomRegex atoms;
    private final com.google.re2j.Matcher matcher;
    private CharSequence input = "";
    private boolean matched;
    /** Whether {@link #matcher} has matched {@link #input}, so that it knows the groups. */
    private boolean groupsFound;

    GoMatcher(GoRegex regex, AtomRegex atoms, com.google.re2j.Matcher matcher) {
        this.regex = regex;
        this.atoms = atoms;
        this.matcher = matcher;
    }

    /** Whether the whole of {@code input} matches; it stays this matcher's input until the next call. */
    public boolean matchesWhole(CharSequence input) {
        this.input = input;
        if (atoms != null) {
            matched = atoms.matchesWhole(input);
            groupsFound = false;
        } else {
            matched = matcher.reset(input).matches();
            groupsFound = matched;
        }
        return matched;
    }

    /**
     * Whether the regex matches somewhere in {@code input}, unanchored: the leftmost match, as Go's
     * {@code FindStringSubmatchIndex} finds it (statsd_exporter's mapping rules match this way).
     * Group 0 is then that match, not the whole input; the input stays this matcher's until the
     * next call.
     */
    public boolean find(CharSequence input) {
        this.input = input;
        matched = matcher.reset(input).find();
        groupsFound = matched;
        return matched;
    }

    public GoRegex regex() {
        return regex;
    }

    /** The input of the last {@link #matchesWhole} call. */
    public CharSequence input() {
        return input;
    }

    /** The number of capturing groups of the regex. */
    public int groupCount() {
        return regex.groupCount();
    }

    /** Where group {@code g} (0: the whole match) starts in the input, or -1 when it took no part; after a match only. */
    public int start(int g) {
        requireMatch();
        return groupsFound ? matcher.start(g) : atoms.start(input, g);
    }

    /** Where group {@code g} ends in the input, or -1 when it took no part; after a match only. */
    public int end(int g) {
        requireMatch();
        return groupsFound ? matcher.end(g) : atoms.end(input, g);
    }

    private void requireMatch() {
        if (!matched) {
            throw new IllegalStateException("no match");
        }
        if (!groupsFound && !atoms.locatesGroups()) {
            groupsFound = matcher.reset(input).matches();
            if (!groupsFound) {
                throw new IllegalStateException("the fast path and RE2/J disagree on " + regex); // a bug here
            }
        }
    }
}
