package io.ferry.liveness;

import io.ferry.model.Labels;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one route's producers are judged: set by {@link ProducerRegistry#rules(Route, RouteRules)}
 * from that route's configuration, again at each {@code /-/reload}.
 *
 * <pre>{@code
 * new RouteRules(labels -> Optional.of(Expectation.learned(Duration.ofSeconds(30))),
 *         List.of(Labels.of("job", "statsd", "instance", "10.0.0.7")), 100_000);
 * }</pre>
 *
 * @param expectation  the producer's expectation; empty = not judged for lateness
 *                     ({@link ProducerView#judged()} false: up once seen while its last outcome was ok).
 *                     Called at {@link ProducerRegistry#producers()} and on a producer's first event;
 *                     it must be cheap and thread-safe.
 * @param expected     producers that must exist: down until they are seen
 * @param maxProducers the most producers tracked on this route; events of further ones are not
 *                     tracked ({@code seen}/{@code report} return false); 0 turns the route off
 */
public record RouteRules(Function<Labels, Optional<Expectation>> expectation, List<Labels> expected,
                         int maxProducers) {
    /** A route not tracked: no producers, no series. */
    public static final RouteRules OFF = new RouteRules(l -> Optional.empty(), List.of(), 0);

    public RouteRules {
        Objects.requireNonNull(expectation, "expectation");
        expected = List.copyOf(expected);
        if (maxProducers < 0) {
            throw new IllegalArgumentException("maxProducers must not be negative: " + maxProducers);
        }
    }

    /** The same expectation for every producer of the route. */
    public static RouteRules all(Expectation expectation, List<Labels> expected, int maxProducers) {
        Optional<Expectation> e = Optional.of(expectation);
        return new RouteRules(l -> e, expected, maxProducers);
    }

    /** Whether the route tracks producers at all. */
    public boolean enabled() {
        return maxProducers > 0;
    }
}
