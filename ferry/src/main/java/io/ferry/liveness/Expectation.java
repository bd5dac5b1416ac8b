package io.ferry.liveness;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often a producer is expected and how late it may be.
 *
 * <pre>{@code
 * new Expectation(Optional.of(Duration.ofHours(1)), Duration.ofMinutes(5));   // every: 1h, grace: 5m
 * Expectation.learned(Duration.ofSeconds(30));                                 // every: auto
 * }</pre>
 *
 * @param every the expected interval between events, positive; empty when learned from the
 *              producer's own events ({@code every: auto}, {@link LearnedCadence})
 * @param grace how much later than {@code every} it may be before it is down, zero or more
 */
public record Expectation(Optional<Duration> every, Duration grace) {

    public Expectation {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(grace, "grace");
        if (every.isPresent() && (every.get().isNegative() || every.get().isZero())) {
            throw new IllegalArgumentException("every must be positive: " + every.get());
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
    }

    /** An interval fixed at {@code every}, with {@code grace}. */
    public static Expectation every(Duration every, Duration grace) {
        return new Expectation(Optional.of(every), grace);
    }

    /** An interval learned from the producer's events ({@code every: auto}), with {@code grace}. */
    public static Expectation learned(Duration grace) {
        return new Expectation(Optional.empty(), grace);
    }
}
