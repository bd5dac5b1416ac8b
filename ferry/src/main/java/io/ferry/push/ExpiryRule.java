package io.ferry.push;

import io.ferry.model.LabelSelector;

import java.time.Duration;

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
}
