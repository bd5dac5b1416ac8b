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
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The liveness series of pushed groups, evaluated when asked (at each scrape of {@code /metrics}):
 *
 * <pre>{@code
 * PushLiveness live = new PushLiveness("up", () -> rules, Clock.systemUTC());
 * registry.register(() -> live.families(store.groups()));
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
 * <p><b>Cost.</b> One pass over the groups per evaluation, as serving them costs anyway; a push
 * pays nothing here. Thread-safe: evaluations are serialised, since each one also prunes what was
 * learned for groups it no longer saw, which a concurrent one must not undo.
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
    private final Clock clock;
    private final Map<Labels, LearnedCadence> learned = new ConcurrentHashMap<>();

    /**
     * @param metricName the name of the liveness series, fixed for the life of the process (its
     *                   type is known to the consistency check from the start)
     * @param rules      the rules in effect, read at each evaluation ({@code /-/reload} applies)
     */
    public PushLiveness(String metricName, Supplier<LivenessRules> rules, Clock clock) {
        this.metricName = metricName;
        this.rules = rules;
        this.clock = clock;
    }

    /** The name of the liveness series. */
    public String metricName() {
        return metricName;
    }

    /**
     * The liveness families for {@code groups}: the two {@code ferry_push_*} gauges always (without
     * series when no group qualifies), the liveness series only while liveness or expected groups
     * are configured, so that a Ferry without them serves no {@code up} of its own. Series sorted by
     * labels.
     */
    public synchronized List<MetricFamily> families(Collection<Group> groups) {
        LivenessRules c = rules.get();
        double now = clock.millis() / 1000.0;
        List<Metric> up = new ArrayList<>();
        List<Metric> lastSuccess = new ArrayList<>();
        List<Metric> interval = new ArrayList<>();
        Set<Labels> served = new HashSet<>();
        Set<Labels> expected = new HashSet<>();
        c.expect().forEach(k -> expected.add(seriesLabels(k)));
        Set<Labels> stillLearned = new HashSet<>();
        if (c.enabled()) {
            for (Group g : groups) {
                LivenessRule rule = c.ruleFor(g.key());
                Labels labels = seriesLabels(g.key());
                if (rule == null && !expected.contains(labels) || !served.add(labels)) {
                    continue;
                }
                OptionalDouble every = interval(rule, g, stillLearned);
                up.add(ValueMetric.of(labels, isUp(g, rule, every, now) ? 1 : 0));
                lastSuccess.add(ValueMetric.of(labels, g.pushTimeSeconds()));
                if (every.isPresent()) {
                    interval.add(ValueMetric.of(labels, every.getAsDouble()));
                }
            }
            for (Labels key : c.expect()) {
                Labels labels = seriesLabels(key);
                if (served.add(labels)) {
                    // Expected and never pushed (not even failed).
                    up.add(ValueMetric.of(labels, 0));
                    lastSuccess.add(ValueMetric.of(labels, 0));
                    LivenessRule rule = c.ruleFor(key);
                    if (rule != null && rule.every().isPresent()) {
                        interval.add(ValueMetric.of(labels, rule.every().get().toNanos() / 1e9));
                    }
                }
            }
        }
        learned.keySet().retainAll(stillLearned);

        List<MetricFamily> out = new ArrayList<>(3);
        out.add(Gauges.family(LAST_SUCCESS, LAST_SUCCESS_HELP, lastSuccess));
        out.add(Gauges.family(INTERVAL, INTERVAL_HELP, interval));
        if (c.enabled()) {
            out.add(Gauges.family(metricName, UP_HELP, up));
        }
        return out;
    }

    /** The interval of {@code g} under {@code rule}: configured, learned, or unknown (empty). */
    private OptionalDouble interval(LivenessRule rule, Group g, Set<Labels> stillLearned) {
        if (rule == null) {
            return OptionalDouble.empty();
        }
        if (rule.every().isPresent()) {
            return OptionalDouble.of(rule.every().get().toNanos() / 1e9);
        }
        stillLearned.add(g.key());
        LearnedCadence cadence = learned.computeIfAbsent(g.key(), k -> new LearnedCadence());
        if (g.pushTimeSeconds() > 0) {
            cadence.observe(g.pushTimeSeconds());
        }
        return cadence.intervalSeconds();
    }

    /** The rule of {@code up}, for one stored group. */
    static boolean isUp(Group g, LivenessRule rule, OptionalDouble every, double now) {
        if (g.pushTimeSeconds() <= 0 || g.pushFailureTimeSeconds() > g.pushTimeSeconds()) {
            return false;
        }
        if (every.isEmpty()) {
            return true;
        }
        double grace = rule == null ? 0 : rule.grace().toNanos() / 1e9;
        return now - g.pushTimeSeconds() <= every.getAsDouble() + grace;
    }

    /** A group's series labels: its key, with {@code instance=""} when it has none (as its pushed series). */
    static Labels seriesLabels(Labels key) {
        return key.get("instance") != null ? key : key.with("instance", "");
    }
}
