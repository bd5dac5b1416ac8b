package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The liveness of producers that send on their own (StatsD clients, OTLP service instances):
 * which producers sent, when, and whether they are overdue, served as {@code up} and a last-seen
 * gauge labelled with each producer's labels.
 *
 * <pre>{@code
 * ProducerLiveness live = new ProducerLiveness(
 *         new ProducerLiveness.Names("up", "1 when ...", "ferry_otlp_last_seen_timestamp_seconds", "Unix time ..."),
 *         new ProducerLiveness.Rules(Optional.empty(), Duration.ofSeconds(30), List.of(), 100_000),
 *         Clock.systemUTC(), untracked::inc);
 * live.seen(Labels.of("job", "shop/cart", "instance", "a1"));   // each event or export
 * live.families();                                              // at each scrape
 * }</pre>
 *
 * <p><b>What is served.</b> For every producer seen, and every expected one ({@link Rules#expect}):
 * <ul>
 *   <li>{@code up}: 1 once the producer sent, while its last noted event is at most
 *       {@code every + grace} old, and always while its interval is not yet learned; 0 otherwise,
 *       and 0 for an expected producer that never sent;</li>
 *   <li>the last-seen gauge: the Unix time of its last noted event, 0 for never.</li>
 * </ul>
 * Both families are gauges, series sorted by labels; there are none while no producer is tracked
 * or expected.
 *
 * <p><b>Noted to the second.</b> An event is noted when it comes {@link #RESOLUTION_MILLIS} or
 * more after the producer's last noted one; the others only confirm it. So the last-seen time is
 * at most a second behind the producer's true last event, and {@code up} may read 0 up to a
 * second before {@code every + grace} has passed since that event.
 *
 * <p><b>Sends.</b> A producer sends in bursts: a StatsD client flushes many packets at once, an
 * OTLP exporter may split an export or retry it. A send starts at a noted event more than
 * {@link #PAUSE_MILLIS} after the last noted one (so a pause of more than two seconds always
 * starts one, a pause under a second never), or {@link #LONGEST_MILLIS} after the last send
 * started (so a producer that never pauses is still learned). {@code every: auto} learns the
 * median interval between send starts ({@link LearnedCadence}).
 *
 * <p><b>Memory.</b> One entry per producer, at most {@link Rules#maxProducers} (give or take
 * first events racing each other); events of further producers are counted by {@code untracked}
 * and not tracked. Producers are not forgotten, and nothing is kept on disk: after a restart they
 * are learned again.
 *
 * <p><b>Thread-safety and cost.</b> Every method may be called from any thread at once.
 * {@link #seen} is the hot path (StatsD calls it for each event, over a million a second): for a
 * producer already tracked whose last noted event is less than a second old it costs two volatile
 * reads, a map lookup (with the hash {@link Labels} caches) and a clock read, with no lock, no
 * allocation and no write. Noting an event takes the producer's own lock, at most about once a
 * second per producer; a first event adds the producer to a concurrent map. {@link #families}
 * is one pass over the producers.
 *
 * <p><b>Visibility.</b> A noted event (a producer's first, or one a second after the last noted)
 * is visible to every {@link #families} call that starts after {@link #seen} returned. Rules set
 * by {@link #rules(Rules)} apply to every call that starts after it returned.
 */
public final class ProducerLiveness {
    /** How far apart in time two noted events of a producer are at least. */
    public static final long RESOLUTION_MILLIS = 1000;
    /** A noted event this long after the last noted one starts a send. */
    public static final long PAUSE_MILLIS = 2000;
    /** A producer that never pauses starts a send this long after the last one started. */
    public static final long LONGEST_MILLIS = 60_000;

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
    }

    /** One producer's times; {@code lastSeenMillis} is read without the lock, both are written under it. */
    private static final class Producer {
        static final long NEVER = Long.MIN_VALUE / 2;  // far in the past, yet no overflow in now - NEVER

        final LearnedCadence cadence = new LearnedCadence();
        volatile long lastSeenMillis = NEVER;
        long sendStartMillis = NEVER;

        synchronized void note(long now) {
            if (now - lastSeenMillis < RESOLUTION_MILLIS) {
                return;  // another thread noted it, or this clock read is older than the one noted
            }
            if (now - lastSeenMillis > PAUSE_MILLIS || now - sendStartMillis >= LONGEST_MILLIS) {
                sendStartMillis = now;
                cadence.observe(now / 1000.0);
            }
            lastSeenMillis = now;
        }
    }

    private final Names names;
    private final Clock clock;
    private final Runnable untracked;
    private final Map<Labels, Producer> producers = new ConcurrentHashMap<>();
    private volatile Rules rules;

    /** @param untracked run for each event of a producer beyond {@link Rules#maxProducers} */
    public ProducerLiveness(Names names, Rules rules, Clock clock, Runnable untracked) {
        this.names = names;
        this.rules = rules;
        this.clock = clock;
        this.untracked = untracked;
    }

    /** Applies new rules from the next call on; what was learned of each producer is kept. */
    public void rules(Rules next) {
        rules = next;
    }

    /**
     * Notes an event of {@code producer}, whose labels are those of its series.
     *
     * @return whether the producer is tracked: false while liveness is off or when it is beyond
     *         {@link Rules#maxProducers} (then counted)
     */
    public boolean seen(Labels producer) {
        Rules r = rules;
        if (!r.enabled()) {
            return false;
        }
        Producer p = producers.get(producer);
        if (p == null) {
            if (producers.size() >= r.maxProducers()) {
                untracked.run();
                return false;
            }
            p = producers.computeIfAbsent(producer, k -> new Producer());
        }
        long now = clock.millis();
        if (now - p.lastSeenMillis >= RESOLUTION_MILLIS) {
            p.note(now);
        }
        return true;
    }

    /** {@code up} and the last-seen gauge, series sorted by labels; none when no producer is tracked or expected. */
    public List<MetricFamily> families() {
        Rules r = rules;
        if (!r.enabled() || producers.isEmpty() && r.expect().isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        List<Metric> up = new ArrayList<>();
        List<Metric> lastSeen = new ArrayList<>();
        Set<Labels> done = new HashSet<>();
        producers.forEach((labels, p) -> {
            long seenMillis = p.lastSeenMillis;
            if (seenMillis == Producer.NEVER) {
                return;  // added by a first event still being noted
            }
            done.add(labels);
            up.add(ValueMetric.of(labels, isUp(r, p, seenMillis, now) ? 1 : 0));
            lastSeen.add(ValueMetric.of(labels, seenMillis / 1000.0));
        });
        for (Labels labels : r.expect()) {
            if (done.add(labels)) {
                up.add(ValueMetric.of(labels, 0));
                lastSeen.add(ValueMetric.of(labels, 0));
            }
        }
        return List.of(Gauges.family(names.lastSeen(), names.lastSeenHelp(), lastSeen),
                Gauges.family(names.up(), names.upHelp(), up));
    }

    private static boolean isUp(Rules r, Producer p, long seenMillis, long now) {
        OptionalDouble every = r.every().isPresent()
                ? OptionalDouble.of(r.every().get().toNanos() / 1e9) : p.cadence.intervalSeconds();
        if (every.isEmpty()) {
            return true;
        }
        return (now - seenMillis) / 1000.0 <= every.getAsDouble() + r.grace().toNanos() / 1e9;
    }
}
