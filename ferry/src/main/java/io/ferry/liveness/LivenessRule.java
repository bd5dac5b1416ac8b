package io.ferry.liveness;

import io.ferry.model.LabelSelector;

import java.time.Duration;
import java.util.Optional;

/**
 * One {@code push.liveness} rule: groups whose grouping labels {@code match} must push successfully
 * at least every {@code every}, with {@code grace} to spare, or their {@code up} series reads 0.
 *
 * @param name  {@code name:}, or the rule's position in the list ({@code "0"})
 * @param every the expected interval, positive; empty for {@code every: auto} (learned per group)
 * @param grace added to the interval before a group counts as overdue, zero or more (default 0)
 */
public record LivenessRule(String name, LabelSelector match, Optional<Duration> every, Duration grace) {

    /** Whether the interval is learned from each group's pushes ({@code every: auto}). */
    public boolean learned() {
        return every.isEmpty();
    }
}
