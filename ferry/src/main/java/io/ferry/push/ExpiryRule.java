package io.ferry.push;

import io.ferry.model.LabelSelector;
import io.ferry.model.Labels;

import java.time.Duration;
import java.util.List;

/**
 * One {@code push.expire} rule: a group whose grouping labels {@code match} and that was not pushed
 * successfully for {@code after} is deleted.
 *
 * @param name  the {@code rule} label of {@code ferry_push_groups_expired_total}: {@code name:}, or
 *              the rule's position in the list ({@code "0"})
 * @param match the conditions on grouping labels ({@code match:} globs and {@code match_re:} regexes)
 * @param after the time to live, positive
 */
public record ExpiryRule(String name, LabelSelector match, Duration after) {

    /** The first of {@code rules} matching {@code key}, or null when the group never expires. */
    public static ExpiryRule firstMatching(List<ExpiryRule> rules, Labels key) {
        for (ExpiryRule r : rules) {
            if (r.match().test(key)) {
                return r;
            }
        }
        return null;
    }
}
