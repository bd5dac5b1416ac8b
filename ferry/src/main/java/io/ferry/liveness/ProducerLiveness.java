package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One route's producers that send on their own (StatsD clients, OTLP service instances), as the
 * {@link ProducerRegistry} judges them, served as {@code up} and the route's last-seen gauge
 * labelled with each producer's labels.
 *
 * <pre>{@code
 * ProducerLiveness live = new ProducerLiveness(registry, Route.OTLP,
 *         new ProducerLiveness.Names("up", "1 when ...", "ferry_otlp_last_seen_timestamp_seconds", "Unix time ..."),
 *         new ProducerLiveness.Rules(Optional.empty(), Duration.ofSeconds(30), List.of(), 100_000),
 *         untracked::inc);
 * live.seen(Labels.of("job", "shop/cart", "instance", "a1"));   // each event or export
 * live.families();                                              // at each scrape
 * }</pre>
 *
 * <p><b>What is served.</b> For every producer seen, and every expected one ({@link Rules#expect}):
 * <ul>
 *   <li>{@code up}: 1 once the producer sent, while its last noted event is at most
 *       {@code every + grace} old, and always while its interval is not yet learned; 0 otherwise,
 *       and 0 for an expected producer that never sent ({@link Health#isUp()});</li>
 *   <li>the last-seen gauge: the Unix time of its last noted event, 0 for never.</li>
 * </ul>
 * Both families are gauges, series sorted by labels; there are none while no producer is tracked
 * or expected.
 *
 * <p><b>Noted to the second, sends, learning</b>: as {@link ProducerRegistry#seen} notes events
 * ({@link #RESOLUTION_MILLIS}, {@link #PAUSE_MILLIS}, {@link #LONGEST_MILLIS}); {@code every: auto}
 * learns the median interval between send starts ({@link LearnedCadence}).
 *
 * <p><b>Memory.</b> The registry's, at most {@link Rules#maxProducers} producers (give or take
 * first events racing each other); events of further producers are counted by {@code untracked}
 * and not tracked. Producers are not forgotten, and nothing is kept on disk: after a restart they
 * are learned again.
 *
 * <p><b>Thread-safety and cost.</b> Every method may be called from any thread at once.
 * {@link #seen} is {@link ProducerRegistry#seen} plus a volatile read: for a producer already
 * tracked whose last noted event is less than a second old, no lock, no allocation and no write.
 * {@link #families} is one pass over the route's producers.
 *
 * <p><b>Visibility.</b> A noted event (a producer's first, or one a second after the last noted)
 * is visible to every {@link #families} call that starts after {@link #seen} returned. Rules set
 * by {@link #rules(Rules)} apply to every call that starts after it returned.
 */
public final class ProducerLiveness {
    /** How far apart in time two noted events of a producer are at least. */
    public static final long RESOLUTION_MILLIS = ProducerRegistry.RESOLUTION_MILLIS;
    /** A noted event this long after the last noted one starts a send. */
    public static final long PAUSE_MILLIS = ProducerRegistry.PAUSE_MILLIS;
    /** A producer that never pauses starts a send this long after the last one started. */
    public static final long LONGEST_MILLIS = ProducerRegistry.LONGEST_MILLIS;

    /**
     * The names and HELP texts of the two families, each route's own.
     *
     * @param up           the liveness series' name ({@code push.liveness_metric}, {@code up} by default)
     * @param upHelp       its HELP
     * @param lastSeen     the last-seen gauge's name, such as {@code ferry_statsd_last_seen_timestamp_seconds}
     * @param lastSeenHelp its HELP
     */
    public record Names(String up, String upHelp, String lastSeen, String lastSeenHelp) {
    }

    /**
     * How often producers must send, and which must exist.
     *
     * @param every        the expected interval between sends; empty for {@code every: auto} (learned per producer)
     * @param grace        added to the interval before a producer counts as down
     * @param expect       producers that must exist: {@code up} 0 until they send
     * @param maxProducers the most producers tracked; 0 turns liveness off (no series, nothing counted)
     */
    public record Rules(Optional<Duration> every, Duration grace, List<Labels> expect, int maxProducers) {
        /** No producer liveness: no series. */
        public static final Rules OFF = new Rules(Optional.empty(), Duration.ZERO, List.of(), 0);

        public Rules {
            expect = List.copyOf(expect);
        }

        /** Whether producers are tracked at all. */
        public boolean enabled() {
            return maxProducers > 0;
        }

        /** The registry's rules for the route: every producer judged alike. */
        RouteRules routeRules() {
            return enabled() ? RouteRules.all(new Expectation(every, grace), expect, maxProducers) : RouteRules.OFF;
        }
    }

    private final ProducerRegistry registry;
    private final Route route;
    private final Names names;
    private final Runnable untracked;
    private volatile Rules rules;

    /**
     * The view of {@code route} in {@code registry}, whose rules for the route it sets now.
     *
     * @param untracked run for each event of a producer beyond {@link Rules#maxProducers}
     */
    public ProducerLiveness(ProducerRegistry registry, Route route, Names names, Rules rules, Runnable untracked) {
        this.registry = registry;
        this.route = route;
        this.names = names;
        this.untracked = untracked;
        rules(rules);
    }

    /** A producer liveness with a registry of its own (alone, as in tests). */
    public ProducerLiveness(Names names, Rules rules, Clock clock, Runnable untracked) {
        this(new ProducerRegistry(clock), Route.OTLP, names, rules, untracked);
    }

    /** Applies new rules from the next call on; what was learned of each producer is kept. */
    public void rules(Rules next) {
        rules = next;
        registry.rules(route, next.routeRules());
    }

    /** Forgets every producer of the route: they are named anew (StatsD's {@code label} changed). */
    public void forget() {
        registry.retain(route, l -> false);
    }

    /**
     * Notes an event of {@code producer}, whose labels are those of its series.
     *
     * @return whether the producer is tracked: false while liveness is off or when it is beyond
     *         {@link Rules#maxProducers} (then counted)
     */
    public boolean seen(Labels producer) {
        if (!rules.enabled()) {
            return false;
        }
        if (registry.seen(route, producer)) {
            return true;
        }
        untracked.run();
        return false;
    }

    /** {@code up} and the last-seen gauge, series sorted by labels; none when no producer is tracked or expected. */
    public List<MetricFamily> families() {
        if (!rules.enabled()) {
            return List.of();
        }
        List<ProducerView> producers = registry.producers(route);
        if (producers.isEmpty()) {
            return List.of();
        }
        List<Metric> up = new ArrayList<>(producers.size());
        List<Metric> lastSeen = new ArrayList<>(producers.size());
        for (ProducerView p : producers) {
            up.add(ValueMetric.of(p.labels(), p.health().isUp() ? 1 : 0));
            lastSeen.add(ValueMetric.of(p.labels(), p.lastSeenMillis() / 1000.0));
        }
        return List.of(Gauges.family(names.lastSeen(), names.lastSeenHelp(), lastSeen),
                Gauges.family(names.up(), names.upHelp(), up));
    }
}
