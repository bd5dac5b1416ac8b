package io.ferry.liveness;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The liveness series of pushed groups, evaluated when asked (at each scrape of {@code /metrics}):
 *
 * <pre>{@code
 * PushLiveness live = new PushLiveness("up", () -> rules, Clock.systemUTC(), store::groups);
 * registry.register(live::families);
 * }</pre>
 *
 * <p><b>Which groups.</b> Every stored group matching a {@code push.liveness} rule (the first that
 * matches applies), and every {@code push.expect} key, stored or not. Each gets, labelled with its
 * grouping key plus {@code instance=""} when the key has no instance (as its pushed series):
 * <ul>
 *   <li>{@code up} (the name is {@code push.liveness_metric}): 1 while the last successful push is
 *       at most {@code every + grace} old and no failed push came after it; 0 otherwise, and 0 for a
 *       group that never pushed successfully (an expected group before its first push, a group that
 *       only ever failed);</li>
 *   <li>{@code ferry_push_last_success_timestamp_seconds}: the last successful push, 0 for never;</li>
 *   <li>{@code ferry_push_interval_seconds}: {@code every}, configured or learned; absent while it
 *       is not known.</li>
 * </ul>
 * <b>Learned intervals</b> ({@code every: auto}, {@link LearnedCadence}): until two intervals were
 * seen, {@code up} only says whether the last push succeeded. Push times are observed here, as the
 * store holds them at each evaluation, so a group that pushes more often than it is scraped is
 * learned at the scrape interval, which still covers it. What was learned is kept in memory only:
 * after a restart learning starts again from the stored last push. An expected group with no
 * matching rule has no interval: {@code up} is 1 once its last push succeeded.
 *
 * <p><b>The registry.</b> The judgement is the {@link ProducerRegistry}'s ({@link Route#PUSH}): every
 * stored group is a push producer, labelled as its series; those under a rule are judged against
 * it ({@link ProducerView#judged()}). {@link #pushed} reports each push's outcome as it happens (for
 * the history strip and the learned interval), and each evaluation reconciles the registry with
 * the store: it forgets groups no longer stored and reports each group's stored push and failure
 * times again (which changes nothing when they were reported already), so that restarts, deletes,
 * expiry and wipes are right. A push is reported once the store holds it, so a group missing from
 * the groups an evaluation read may have been pushed since: its producer is forgotten only when a
 * second read of the groups, made after the registry was looked at, misses it too.
 *
 * <p><b>Cost.</b> One pass over the groups per evaluation, as serving them costs anyway; only groups
 * that changed since the last evaluation are reported again, and without rules no group is judged.
 * A push pays one report to the registry. Thread-safe: evaluations are serialised, since each one also
 * forgets groups it no longer saw, which a concurrent one must not undo.
 */
public final class PushLiveness {
    public static final String LAST_SUCCESS = "ferry_push_last_success_timestamp_seconds";
    public static final String INTERVAL = "ferry_push_interval_seconds";
    private static final String UP_HELP = "1 when the push group pushed successfully within its expected interval "
            + "and grace (push.liveness), 0 when it is overdue, its last push failed, or it never pushed.";
    private static final String LAST_SUCCESS_HELP = "Unix time of the push group's last successful push, "
            + "0 for never; for groups under push.liveness or push.expect.";
    private static final String INTERVAL_HELP = "How often the push group is expected to push, configured or "
            + "learned (every: auto); for groups under push.liveness.";

    private final String metricName;
    private final Supplier<LivenessRules> rules;
    private final ProducerRegistry registry;
    private final Supplier<? extends Collection<Group>> groups;
    /** The rules last handed to the registry. */
    private LivenessRules applied;
    /**
     * The groups the last evaluation reported, with their series labels: a group that is the very
     * same object (groups are immutable) has nothing new to report.
     */
    private Map<Group, Labels> reported = new IdentityHashMap<>();
    /** How many producers (distinct series labels) those groups are. */
    private int reportedProducers;

    /**
     * @param metricName the name of the liveness series, fixed for the life of the process (its
     *                   type is known to the consistency check from the start)
     * @param rules      the rules in effect, read at each evaluation ({@code /-/reload} applies)
     * @param registry   judges the groups ({@link Route#PUSH}, whose rules this sets)
     * @param groups     the stored groups judged here, read afresh at each evaluation
     */
    public PushLiveness(String metricName, Supplier<LivenessRules> rules, ProducerRegistry registry,
                        Supplier<? extends Collection<Group>> groups) {
        this.metricName = metricName;
        this.rules = rules;
        this.registry = registry;
        this.groups = groups;
        apply(rules.get());
    }

    /** A push liveness with a registry of its own (alone, as in tests). */
    public PushLiveness(String metricName, Supplier<LivenessRules> rules, Clock clock,
                        Supplier<? extends Collection<Group>> groups) {
        this(metricName, rules, new ProducerRegistry(clock), groups);
    }

    /** The registry's rules for push groups: a group's expectation is its first matching rule's. */
    private synchronized void apply(LivenessRules c) {
        applied = c;
        List<Labels> expected = c == null ? List.of() : c.expect().stream().map(PushLiveness::seriesLabels).toList();
        registry.rules(Route.PUSH, new RouteRules(labels -> expectation(c, labels), expected, Integer.MAX_VALUE));
    }

    private static Optional<Expectation> expectation(LivenessRules c, Labels labels) {
        if (c == null) {
            return Optional.empty();
        }
        // The series' instance="" stands for a key without instance, which rules match as it is.
        LivenessRule rule = c.ruleFor("".equals(labels.get("instance")) ? labels.without("instance") : labels);
        return rule == null ? Optional.empty() : Optional.of(new Expectation(rule.every(), rule.grace()));
    }

    /**
     * Reports a push's outcome to the registry as it happens: thread-safe, cheap.
     *
     * @param key        the group's grouping key
     * @param timeMillis the push time the store records
     */
    public void pushed(Labels key, long timeMillis, boolean ok, String error) {
        registry.report(Route.PUSH, seriesLabels(key), timeMillis, ok, error);
    }

    /** The name of the liveness series. */
    public String metricName() {
        return metricName;
    }

    /**
     * The liveness families of the stored groups: the two {@code ferry_push_*} gauges always (without
     * series when no group qualifies), the liveness series only while liveness or expected groups
     * are configured, so that a Ferry without them serves no {@code up} of its own. Series sorted by
     * labels.
     */
    public synchronized List<MetricFamily> families() {
        Collection<Group> groups = this.groups.get();
        reconcile(groups);
        LivenessRules c = applied;
        Map<Labels, ProducerView> judged = new HashMap<>();
        if (c.enabled()) { // judging every group costs; without rules nothing here reads it
            for (ProducerView v : registry.judged(Route.PUSH, registry.clock().millis(), false)) {
                judged.put(v.labels(), v);
            }
        }
        List<Metric> up = new ArrayList<>();
        List<Metric> lastSuccess = new ArrayList<>();
        List<Metric> interval = new ArrayList<>();
        Set<Labels> served = new HashSet<>();
        Set<Labels> expected = new HashSet<>();
        c.expect().forEach(k -> expected.add(seriesLabels(k)));
        if (c.enabled()) {
            for (Group g : groups) {
                Labels labels = seriesLabels(g.key());
                if (c.ruleFor(g.key()) == null && !expected.contains(labels) || !served.add(labels)) {
                    continue;
                }
                ProducerView v = judged.get(labels);
                up.add(ValueMetric.of(labels, v != null && v.health().isUp() ? 1 : 0));
                lastSuccess.add(ValueMetric.of(labels, g.pushTimeSeconds()));
                intervalOf(v, labels, interval);
            }
            for (Labels labels : expected) {
                if (served.add(labels)) {
                    // Expected and never pushed (not even failed).
                    up.add(ValueMetric.of(labels, 0));
                    lastSuccess.add(ValueMetric.of(labels, 0));
                    intervalOf(judged.get(labels), labels, interval);
                }
            }
        }

        List<MetricFamily> out = new ArrayList<>(3);
        out.add(Gauges.family(LAST_SUCCESS, LAST_SUCCESS_HELP, lastSuccess));
        out.add(Gauges.family(INTERVAL, INTERVAL_HELP, interval));
        if (c.enabled()) {
            out.add(Gauges.family(metricName, UP_HELP, up));
        }
        return out;
    }

    /** The group's interval, configured or learned, when known. */
    private static void intervalOf(ProducerView v, Labels labels, List<Metric> interval) {
        if (v != null && v.intervalSeconds().isPresent()) {
            interval.add(ValueMetric.of(labels, v.intervalSeconds().getAsDouble()));
        }
    }

    /**
     * Brings the registry's push producers up to date with the rules in effect and the stored
     * groups: forgets groups no longer stored and reports each one's stored push and failure times
     * (idempotent).
     */
    public synchronized void reconcile() {
        reconcile(groups.get());
    }

    private void reconcile(Collection<Group> groups) {
        LivenessRules c = rules.get();
        if (!Objects.equals(c, applied)) { // each read may be a new object: a change is a different value
            apply(c);  // a reload changed them
            reported = new IdentityHashMap<>(); // report everything again under the new rules
            reportedProducers = -1;
        }
        if (unchanged(groups)) {
            return;
        }
        Set<Labels> stored = new HashSet<>();
        Map<Group, Labels> now = new IdentityHashMap<>();
        for (Group g : groups) {
            Labels labels = reported.get(g);
            if (labels == null) {
                labels = seriesLabels(g.key());
                reconcile(labels, g);
            }
            now.put(g, labels);
            stored.add(labels);
        }
        reported = now;
        reportedProducers = stored.size();
        forgetGone(stored);
    }

    /**
     * Forgets the producers whose groups are not stored. {@code stored} was read before the registry
     * is looked at here, and a route reports a push once the store holds it, so a producer missing
     * from it may have been pushed since: the groups are read again, after the registry, and only
     * producers still missing are forgotten (deleted and expired groups, pushes the store refused).
     */
    private void forgetGone(Set<Labels> stored) {
        List<Labels> missing = registry.tracked(Route.PUSH, labels -> !stored.contains(labels));
        if (missing.isEmpty()) {
            return;
        }
        Set<Labels> gone = new HashSet<>(missing);
        for (Group g : groups.get()) {
            gone.remove(seriesLabels(g.key()));
        }
        registry.retain(Route.PUSH, labels -> !gone.contains(labels));
    }

    /**
     * Whether {@code groups} are the very groups reported last, and the registry holds their producers
     * and no other (none was added by a push the store refused): then there is nothing to report or
     * forget. One pass of identity look-ups, no allocation: the scrape of a quiet store.
     */
    private boolean unchanged(Collection<Group> groups) {
        if (groups.size() != reported.size() || registry.count(Route.PUSH) != reportedProducers) {
            return false;
        }
        for (Group g : groups) {
            if (!reported.containsKey(g)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reports the group's stored outcomes, the one the store counts as last ({@link Group#lastPushSucceeded})
     * last, the other only when it is older to the millisecond; those reported already change nothing.
     */
    private void reconcile(Labels labels, Group g) {
        long success = Math.round(g.pushTimeSeconds() * 1000);
        long failure = Math.round(g.pushFailureTimeSeconds() * 1000);
        boolean succeeded = g.lastPushSucceeded();
        if (succeeded && failure > 0 && failure < success) {
            registry.report(Route.PUSH, labels, failure, false, "");
        }
        if (success > 0 && (succeeded || success < failure)) {
            registry.report(Route.PUSH, labels, success, true, "");
        }
        if (!succeeded) {
            registry.report(Route.PUSH, labels, failure, false, "");
        }
    }

    /** A group's series labels: its key, with {@code instance=""} when it has none (as its pushed series). */
    static Labels seriesLabels(Labels key) {
        return key.get("instance") != null ? key : key.with("instance", "");
    }
}
