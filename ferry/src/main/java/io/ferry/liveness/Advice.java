package io.ferry.liveness;

import java.util.Objects;

/**
 * One thing a producer does that the field's guidance advises against, with the better route.
 * Computed by {@link ProducerRegistry#producers()}; the kinds and their thresholds are the
 * constants of {@link ProducerRegistry} (see {@code docs/fleet.md}).
 *
 * <pre>{@code
 * new Advice(Advice.PUSH_LIKE_A_SERVICE, "pushed every 15s for over an hour: ...");
 * }</pre>
 *
 * @param kind    one of {@link #PUSH_LIKE_A_SERVICE}, {@link #ROTATING_JOB_NAMES}, {@link #PUSHED_AND_SCRAPED}
 * @param message one line for people: what was seen and what is better
 */
public record Advice(String kind, String message) {
    /** A push group pushed more often than once a minute for over an hour. */
    public static final String PUSH_LIKE_A_SERVICE = "push_like_a_service";
    /** A family of push job names that differ only in numbers or hex ids. */
    public static final String ROTATING_JOB_NAMES = "rotating_job_names";
    /** A push group whose instance is also an up scrape target's. */
    public static final String PUSHED_AND_SCRAPED = "pushed_and_scraped";

    public Advice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
