package io.ferry.model;

import java.util.List;
import java.util.function.Predicate;

/**
 * Conditions on a label set that must all hold: a PromQL selector in braces without a metric name
 * ({@code {job="etl",instance=~"db-.*"}}), or the {@code match}/{@code match_re} of a config rule.
 *
 * <pre>{@code
 * LabelSelector s = LabelSelector.parse("{job=\"etl\",env!=\"prod\"}");
 * s.test(Labels.of("job", "etl"));   // true: an absent env is "", not "prod"
 * }</pre>
 *
 * <p>Immutable and thread-safe. Equal when the matchers are equal, in order.
 */
public final class LabelSelector implements Predicate<Labels> {
    /** No condition: every label set matches. */
    public static final LabelSelector ANY = new LabelSelector(List.of());

    private final List<LabelMatcher> matchers;

    public LabelSelector(List<LabelMatcher> matchers) {
        this.matchers = List.copyOf(matchers);
    }

    /** Reads PromQL's braces syntax; see {@link LabelSelectorParser}. */
    public static LabelSelector parse(String text) throws LabelSelectorException {
        return LabelSelectorParser.parse(text);
    }

    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** Whether every matcher holds for {@code labels}. */
    @Override
    public boolean test(Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && matchers.equals(s.matchers);
    }

    @Override
    public int hashCode() {
        return matchers.hashCode();
    }

    /** The braces form, which {@link #parse} reads back to an equal selector (globs excepted). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < matchers.size(); i++) {
            out.append(i == 0 ? "" : ",").append(matchers.get(i));
        }
        return out.append('}').toString();
    }
}
