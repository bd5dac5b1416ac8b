package io.ferry.liveness;

import io.ferry.model.Labels;

import java.util.List;

/**
 * The liveness rules in effect: which push groups get an {@code up} series, and how often each must
 * push. {@link #NONE} gives no group one, as in the Pushgateway.
 *
 * @param rules  in file order; the first that matches a group applies
 * @param expect grouping keys that must exist: their liveness series reads 0 until they push
 */
public record LivenessRules(List<LivenessRule> rules, List<Labels> expect) {

    public static final LivenessRules NONE = new LivenessRules(List.of(), List.of());

    public LivenessRules {
        rules = List.copyOf(rules);
        expect = List.copyOf(expect);
    }

    /** The first rule matching {@code key}, or null. */
    public LivenessRule ruleFor(Labels key) {
        for (LivenessRule r : rules) {
            if (r.match().test(key)) {
                return r;
            }
        }
        return null;
    }

    /** Whether any group can have a liveness series: a rule or an expected group exists. */
    public boolean enabled() {
        return !rules.isEmpty() || !expect.isEmpty();
    }
}
