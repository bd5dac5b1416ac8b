package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * outcome at a known time (a push at its push time, a scrape at its start, a tunnel poll);
 * {@link #announce} tracks a producer known before it sends (a scrape target once discovered), and
 * {@link #retain} forgets a route's producers no longer present; {@link #reconcileWith} sets what
 * brings a route up to date from where its producers are kept, run before each read (the push
 * groups from the store). Producers are keyed by route and labels; a route's labels are fixed by
 * its feed (see {@link ProducerView#labels()}). A route is on once {@link #rules(Route, RouteRules)}
 * gave it enabled rules ({@link #routesOn()}).
 *
 * <p><b>Judgement</b> ({@link Health}), at {@link #producers()}: a producer with no expectation
 * ({@link RouteRules#expectation()} empty) is up once seen while its last outcome was ok. With
 * one, its interval is {@code every} or, for {@code every: auto}, the median interval between its
 * sends ({@link LearnedCadence}); a send starts at an event more than {@link #PAUSE_MILLIS} after
 * the last one, or {@link #LONGEST_MILLIS} after the last send started.
 *
 * <p><b>History strip</b>: the last {@link #HISTORY} intervals (or, without an interval, the last
 * {@value #HISTORY} sends), oldest first, built from a ring of the last 32 send times and outcomes
 * per producer ({@link Slot}, {@code HistoryStrip}); it starts no earlier than the oldest send kept.
 *
 * <p><b>Advice</b> ({@link Advice}): computed at {@link #producers()} from the producers' sends;
 * thresholds {@link #SERVICE_INTERVAL_SECONDS}, {@link #SERVICE_RUN_SECONDS}, {@link #ROTATING_FAMILY}.
 *
 * <p><b>Thread-safety and cost.</b> Every method may be called from any thread at once.
 * Reporting to a route that is off, or beyond its cap, returns false and tracks nothing.
 * {@link #seen} is the hot path (StatsD, per event): for a tracked producer whose last noted event
 * is less than {@link #RESOLUTION_MILLIS} old it costs a map lookup (with the hash {@link Labels}
 * caches), volatile reads and a clock read, with no lock, no allocation and no write; noting an
 * event takes the producer's own lock, at most about once a second per producer. {@link #report}
 * takes the producer's lock. {@link #producers()} and {@link #families()} are one pass over the
 * producers plus a sort. Memory: about 450 bytes per producer beside its labels, at most
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

    private static final String LAST_SEEN_HELP = "Unix time of the producer's last event or successful outcome, "
            + "0 for never; every producer of every route (route: scrape, push, tunnel, statsd, otlp).";
    private static final String PRODUCERS_HELP = "Producers known to Ferry by route and health (up, overdue, down, "
            + "unknown), as the fleet overview counts them.";

    /** One route's rules and producers. */
    private static final class RouteState {
        volatile RouteRules rules = RouteRules.OFF;
        volatile Runnable reconcile = () -> { };
        final Map<Labels, ProducerState> producers = new ConcurrentHashMap<>();
    }

    private final Clock clock;
    private final RouteState[] routes = new RouteState[Route.values().length];
    /**
     * Counts changes to what {@link #LAST_SEEN} shows: a producer added or forgotten, an event or
     * outcome noted, rules set. Judging depends on the time, the last-seen times do not.
     */
    private final AtomicLong changes = new AtomicLong();
    /** The {@link #LAST_SEEN} family last built, reused while {@link #changes} stays where it was. */
    private volatile Built lastSeen = new Built(-1, null);

    private record Built(long changes, MetricFamily family) {
    }

    public ProducerRegistry(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < routes.length; i++) {
            routes[i] = new RouteState();
        }
    }

    /** The clock producers are judged by. */
    public Clock clock() {
        return clock;
    }

    /** The routes whose rules are on ({@link RouteRules#enabled()}), in {@link Route}'s order. */
    public Set<Route> routesOn() {
        Set<Route> on = java.util.EnumSet.noneOf(Route.class);
        for (Route r : Route.values()) {
            if (routes[r.ordinal()].rules.enabled()) {
                on.add(r);
            }
        }
        return on;
    }

    /** Sets how {@code route}'s producers are judged, from the next call on; what was learned is kept. */
    public void rules(Route route, RouteRules rules) {
        routes[route.ordinal()].rules = rules;
        changes.incrementAndGet();
    }

    /** The rules in effect for {@code route} ({@link RouteRules#OFF} until set). */
    public RouteRules rules(Route route) {
        return routes[route.ordinal()].rules;
    }

    /**
     * Sets what brings {@code route}'s producers up to date from where they are kept (the push
     * route: the store's groups, {@link #retain} and {@link #report} of their stored times), run at
     * the start of every {@link #producers()}, {@link #producers(Route)} and {@link #families()}
     * call that reads the route, on the caller's thread. It must be idempotent and thread-safe.
     */
    public void reconcileWith(Route route, Runnable reconcile) {
        routes[route.ordinal()].reconcile = reconcile;
    }

    /**
     * Notes an event of {@code producer} now: the hot path.
     *
     * @return whether the producer is tracked: false while the route is off or beyond its
     *         {@link RouteRules#maxProducers}
     */
    public boolean seen(Route route, Labels producer) {
        ProducerState p = tracked(routes[route.ordinal()], producer);
        if (p == null) {
            return false;
        }
        long now = clock.millis();
        if (now - p.lastNotedMillis >= RESOLUTION_MILLIS) {
            p.seen(now);
            changes.incrementAndGet();
        }
        return true;
    }

    /**
     * Tracks a producer that exists but has not sent yet (a scrape target before its first scrape):
     * judged {@link Health#UNKNOWN} until its first event or outcome, rather than left out. Changes
     * nothing for a producer already tracked.
     *
     * @return whether the producer is tracked (as {@link #seen})
     */
    public boolean announce(Route route, Labels producer) {
        ProducerState p = tracked(routes[route.ordinal()], producer);
        if (p == null) {
            return false;
        }
        p.announced = true;
        return true;
    }

    /**
     * Notes an outcome of {@code producer} at {@code timeMillis} (a push at its push time, a scrape
     * at its start, a tunnel poll). A time older than the last noted one changes nothing, and so
     * does the same outcome at the same time, so reporting a stored outcome again is harmless; a
     * different outcome at the same millisecond replaces the last one's.
     *
     * @param error why it failed, {@code ""} when ok
     * @return whether the producer is tracked (as {@link #seen})
     */
    public boolean report(Route route, Labels producer, long timeMillis, boolean ok, String error) {
        ProducerState p = tracked(routes[route.ordinal()], producer);
        if (p == null) {
            return false;
        }
        if (p.report(timeMillis, ok, ok ? "" : error)) {
            changes.incrementAndGet();
        }
        return true;
    }

    /** The producer's state, added if there is room; null when not tracked. */
    private ProducerState tracked(RouteState route, Labels producer) {
        RouteRules r = route.rules;
        if (!r.enabled()) {
            return null;
        }
        ProducerState p = route.producers.get(producer);
        if (p == null) {
            if (route.producers.size() >= r.maxProducers()) {
                return null;
            }
            p = route.producers.computeIfAbsent(producer, k -> {
                changes.incrementAndGet();
                return new ProducerState();
            });
        }
        return p;
    }

    /**
     * Forgets {@code route}'s producers for which {@code present} is false (deleted or expired
     * groups, targets gone). Expected producers stay, as never seen.
     */
    public void retain(Route route, Predicate<Labels> present) {
        if (routes[route.ordinal()].producers.keySet().removeIf(present.negate())) {
            changes.incrementAndGet();
        }
    }

    /** The tracked producers of {@code route} (expected ones never seen not among them) that {@code test} accepts. */
    public List<Labels> tracked(Route route, Predicate<Labels> test) {
        List<Labels> out = new ArrayList<>();
        for (Labels producer : routes[route.ordinal()].producers.keySet()) {
            if (test.test(producer)) {
                out.add(producer);
            }
        }
        return out;
    }

    /** How many producers of {@code route} are tracked (expected ones never seen not among them). */
    public int count(Route route) {
        return routes[route.ordinal()].producers.size();
    }

    /**
     * Every producer of every route, and every expected one, judged now, with their advice;
     * sorted by route (in {@link Route}'s order), then labels.
     */
    public List<ProducerView> producers() {
        for (RouteState r : routes) {
            r.reconcile.run();
        }
        long now = clock.millis();
        Map<Route, List<ProducerView>> byRoute = new EnumMap<>(Route.class);
        for (Route r : Route.values()) {
            byRoute.put(r, fleet(r, now));
        }
        List<ProducerView> out = new ArrayList<>();
        for (Route r : Route.values()) {
            out.addAll(r == Route.PUSH ? withAdvice(byRoute.get(r), byRoute.get(Route.SCRAPE)) : byRoute.get(r));
        }
        return out;
    }

    /** {@code route}'s producers and expected ones, judged now, with their advice; sorted by labels. */
    public List<ProducerView> producers(Route route) {
        routes[route.ordinal()].reconcile.run();
        if (route == Route.PUSH) {
            routes[Route.SCRAPE.ordinal()].reconcile.run();
        }
        long now = clock.millis();
        List<ProducerView> views = fleet(route, now);
        return route == Route.PUSH ? withAdvice(views, fleet(Route.SCRAPE, now)) : views;
    }

    /**
     * The route's producers as the fleet counts them: OTLP writes its services' series into the
     * push store, so a stored group an OTLP producer has the labels of is that producer, not a push one.
     */
    private List<ProducerView> fleet(Route route, long now) {
        return fleet(route, now, true);
    }

    /**
     * @param detail whether the views carry reasons and history strips ({@link Judge#judge}), and are
     *               sorted by labels
     */
    private List<ProducerView> fleet(Route route, long now, boolean detail) {
        List<ProducerView> views = judged(route, now, detail);
        if (route == Route.PUSH) {
            Map<Labels, ProducerState> otlp = routes[Route.OTLP.ordinal()].producers;
            if (!otlp.isEmpty()) {
                views.removeIf(v -> otlp.containsKey(v.labels()));
            }
        }
        if (detail) {
            views.sort(Comparator.comparing(ProducerView::labels));
        }
        return views;
    }

    /**
     * The route's producers judged at {@code now}, without the fleet's advice and without
     * reconciling first (for the route's own adapter, which just did), in no order. Without
     * {@code detail}, views without reasons or history strips ({@link Judge#judge}).
     */
    List<ProducerView> judged(Route route, long now, boolean detail) {
        RouteState state = routes[route.ordinal()];
        RouteRules rules = state.rules;
        List<ProducerView> out = new ArrayList<>(state.producers.size() + rules.expected().size());
        if (!rules.enabled()) {
            return out;
        }
        Set<Labels> expected = new HashSet<>(rules.expected());
        state.producers.forEach((labels, p) -> {
            ProducerState.Snapshot s = p.snapshot(detail);
            if (s.lastNotedMillis() == ProducerState.NEVER && !p.announced && !expected.contains(labels)) {
                return;  // added by a first event still being noted
            }
            ProducerView v = Judge.judge(route, labels, s, rules.expectation().apply(labels),
                    expected.contains(labels), now, detail);
            p.intervalHintMillis = v.intervalSeconds().isPresent() ? Math.round(v.intervalSeconds().getAsDouble() * 1000) : 0;
            if (route == Route.PUSH && AntiPatterns.pushedLikeAService(s.runStartMillis(), s.lastNotedMillis(), now)) {
                List<Advice> advice = List.of(AntiPatterns.likeAService(s.learnedSeconds()));
                v = withAdvice(v, advice);
            }
            out.add(v);
        });
        for (Labels labels : rules.expected()) {
            if (!state.producers.containsKey(labels)) {
                out.add(Judge.judge(route, labels, null, rules.expectation().apply(labels), true, now, detail));
            }
        }
        return out;
    }

    private static List<ProducerView> withAdvice(List<ProducerView> push, List<ProducerView> scrape) {
        Map<Labels, List<Advice>> advice = AntiPatterns.fleetAdvice(push, scrape);
        if (advice.isEmpty()) {
            return push;
        }
        List<ProducerView> out = new ArrayList<>(push.size());
        for (ProducerView v : push) {
            List<Advice> more = advice.get(v.labels());
            out.add(more == null ? v : withAdvice(v, more));
        }
        return out;
    }

    private static ProducerView withAdvice(ProducerView v, List<Advice> more) {
        List<Advice> all = new ArrayList<>(v.advice());
        all.addAll(more);
        return new ProducerView(v.route(), v.labels(), v.health(), v.reason(), v.lastSeenMillis(), v.lastError(),
                v.intervalSeconds(), v.grace(), v.expected(), v.judged(), v.history(), all);
    }

    /**
     * {@link #LAST_SEEN} for every producer (0 for never) and {@link #PRODUCERS} (counts by route
     * and health, every health of every route that is on, 0 included): for {@code /metrics}. A
     * producer's own {@code route} label is served as {@code exported_route}. While no producer
     * changed, {@link #LAST_SEEN} is the very family of the call before (which the render of
     * {@code /metrics} then copies rather than renders again); the counts are judged at each call.
     */
    public List<MetricFamily> families() {
        for (Route r : Route.values()) {
            if (routes[r.ordinal()].rules.enabled()) {
                routes[r.ordinal()].reconcile.run();
            }
        }
        long version = changes.get(); // read before the producers: a change after it rebuilds next time
        Built kept = lastSeen;
        List<Metric> seen = kept.changes() == version ? null : new ArrayList<>();
        List<Metric> counts = new ArrayList<>();
        long now = clock.millis();
        for (Route r : Route.values()) {
            if (!routes[r.ordinal()].rules.enabled()) {
                continue;
            }
            int[] byHealth = new int[Health.values().length];
            for (ProducerView v : fleet(r, now, false)) {
                byHealth[v.health().ordinal()]++;
                if (seen != null) {
                    seen.add(ValueMetric.of(routed(r, v.labels()), v.lastSeenMillis() / 1000.0));
                }
            }
            for (Health h : Health.values()) {
                counts.add(ValueMetric.of(Labels.of("health", h.label(), "route", r.label()), byHealth[h.ordinal()]));
            }
        }
        MetricFamily seenFamily = kept.family();
        if (seen != null) {
            seenFamily = Gauges.family(LAST_SEEN, LAST_SEEN_HELP, seen);
            lastSeen = new Built(version, seenFamily);
        }
        return List.of(seenFamily, Gauges.family(PRODUCERS, PRODUCERS_HELP, counts));
    }

    private static Labels routed(Route route, Labels labels) {
        String own = labels.get("route");
        Labels l = own == null ? labels : labels.without("route").with("exported_route", own);
        return l.with("route", route.label());
    }
}
