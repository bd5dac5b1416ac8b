package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every producer Ferry knows of, of every route, judged with one model: when it was last seen,
 * whether its last outcome failed, how often it is expected (configured or learned) and with
 * what grace, which producers must exist. Routes feed it; the series, the API and the pages read it.
 *
 * <pre>{@code
 * ProducerRegistry registry = new ProducerRegistry(Clock.systemUTC());
 * registry.rules(Route.SCRAPE, RouteRules.all(Expectation.every(interval, interval), List.of(), 100_000));
 * registry.report(Route.SCRAPE, targetLabels, scrapeStartMillis, ok, error);   // after each scrape
 * registry.retain(Route.SCRAPE, activeTargets::contains);                       // when targets change
 * registry.seen(Route.STATSD, Labels.of("job", "statsd", "instance", "10.0.0.7"));  // each event
 * registry.producers();   // every producer judged now, for the API and the pages
 * }</pre>
 *
 * <p><b>Feeding.</b> {@link #seen} notes an event now (StatsD, OTLP); {@link #report} notes an
 * outcome at a known time (a push at its push time, a scrape at its start, a tunnel poll), and
 * {@link #retain} forgets a route's producers no longer present. Producers are keyed by route and
 * labels; a route's labels are fixed by its feed (see {@link ProducerView#labels()}).
 *
 * <p><b>Judgement</b> ({@link Health}), at {@link #producers()}: a producer with no expectation
 * ({@link RouteRules#expectation()} empty) is up once seen while its last outcome was ok. With
 * one, its interval is {@code every} or, for {@code every: auto}, the median interval between its
 * sends ({@link LearnedCadence}); a send starts at an event more than {@link #PAUSE_MILLIS} after
 * the last one, or {@link #LONGEST_MILLIS} after the last send started.
 *
 * <p><b>History strip</b>: the last {@link #HISTORY} intervals (or, without an interval, the last
 * {@value #HISTORY} sends), oldest first, built from a small ring of send times and outcomes per
 * producer ({@link Slot}); it starts no earlier than the oldest send the ring keeps.
 *
 * <p><b>Advice</b> ({@link Advice}): computed at {@link #producers()} from the producers' sends;
 * thresholds {@link #SERVICE_INTERVAL_SECONDS}, {@link #SERVICE_RUN_SECONDS}, {@link #ROTATING_FAMILY}.
 *
 * <p><b>Thread-safety and cost.</b> Every method may be called from any thread at once.
 * {@link #seen} is the hot path (StatsD, per event): for a tracked producer whose last noted event
 * is less than {@link #RESOLUTION_MILLIS} old it costs a map lookup (with the hash {@link Labels}
 * caches), volatile reads and a clock read, with no lock, no allocation and no write; noting an
 * event takes the producer's own lock, at most about once a second per producer. {@link #report}
 * takes the producer's lock. {@link #producers()} and {@link #families()} are one pass over the
 * producers plus a sort. Memory: about 400 bytes per producer beside its labels, at most
 * {@link RouteRules#maxProducers} per route.
 *
 * <p><b>Visibility.</b> An event or outcome noted by a call that returned is visible to every
 * {@link #producers()} call that starts after it; rules set by {@link #rules(Route, RouteRules)}
 * apply to every call that starts after it returned. Nothing is kept on disk: routes with stored
 * state (push) report it again at each collection.
 */
public final class ProducerRegistry {
    /** How many intervals the history strip shows at most. */
    public static final int HISTORY = 30;
    /** How far apart in time two noted events of a producer seen by {@link #seen} are at least. */
    public static final long RESOLUTION_MILLIS = 1000;
    /** An event this long after the last noted one starts a send. */
    public static final long PAUSE_MILLIS = 2000;
    /** A producer that never pauses starts a send this long after the last one started. */
    public static final long LONGEST_MILLIS = 60_000;
    /** {@code push_like_a_service}: pushes less than this many seconds apart ... */
    public static final long SERVICE_INTERVAL_SECONDS = 60;
    /** ... continuously for over this many seconds. */
    public static final long SERVICE_RUN_SECONDS = 3600;
    /** {@code rotating_job_names}: this many push job names of one family flag every member. */
    public static final int ROTATING_FAMILY = 5;

    /** {@code ferry_producer_last_seen_timestamp_seconds{route, <labels>}}. */
    public static final String LAST_SEEN = "ferry_producer_last_seen_timestamp_seconds";
    /** {@code ferry_producers{route, health}}. */
    public static final String PRODUCERS = "ferry_producers";

    private final Clock clock;

    public ProducerRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Sets how {@code route}'s producers are judged, from the next call on; what was learned is kept. */
    public void rules(Route route, RouteRules rules) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The rules in effect for {@code route} ({@link RouteRules#OFF} until set). */
    public RouteRules rules(Route route) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Notes an event of {@code producer} now: the hot path.
     *
     * @return whether the producer is tracked: false while the route is off or beyond its
     *         {@link RouteRules#maxProducers}
     */
    public boolean seen(Route route, Labels producer) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Notes an outcome of {@code producer} at {@code timeMillis} (a push at its push time, a scrape
     * at its start, a tunnel poll). A time equal to or older than the last noted one changes
     * nothing, so reporting the same stored outcome again is harmless.
     *
     * @param error why it failed, {@code ""} when ok
     * @return whether the producer is tracked (as {@link #seen})
     */
    public boolean report(Route route, Labels producer, long timeMillis, boolean ok, String error) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Forgets {@code route}'s producers for which {@code present} is false (deleted or expired
     * groups, targets gone). Expected producers stay, as never seen.
     */
    public void retain(Route route, Predicate<Labels> present) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every producer of every route, and every expected one, judged now; sorted by route, then labels. */
    public List<ProducerView> producers() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@code route}'s producers and expected ones, judged now, sorted by labels. */
    public List<ProducerView> producers(Route route) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * {@link #LAST_SEEN} for every producer (0 for never) and {@link #PRODUCERS} (counts by route
     * and health, every route and health present, 0 included): for {@code /metrics}.
     */
    public List<MetricFamily> families() {
        throw new UnsupportedOperationException("not yet");
    }
}
