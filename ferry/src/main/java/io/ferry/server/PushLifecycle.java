package io.ferry.server;

import io.ferry.config.PushLifecycleConfig;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.PushLiveness;
import io.ferry.push.GroupExpiry;
import io.ferry.push.PushService;
import io.ferry.state.Group;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Wires what happens to push groups over time: expiry ({@link GroupExpiry}, counted in
 * {@code ferry_push_groups_expired_total{rule}}) and liveness ({@link PushLiveness}, served with
 * Ferry's own metrics). Built in two steps because the consistency check must know the liveness
 * families before the push service exists, and expiry deletes through that service:
 *
 * <pre>{@code
 * PushLifecycle lifecycle = PushLifecycle.registerMetrics(registry, store::groups, rules, producers, clock);
 * Map<String, MetricType> ownTypes = ...registry.collect()...;   // now includes up, ferry_push_*
 * lifecycle.startExpiry(push = new PushService(store, ownTypes, ...));
 * push.observeOutcomes(lifecycle::pushed);                       // each push's outcome to the registry
 * }</pre>
 */
final class PushLifecycle implements AutoCloseable {
    private final Supplier<? extends Collection<Group>> decided;
    private final Supplier<PushLifecycleConfig> rules;
    private final Clock clock;
    private final PushLiveness liveness;
    private final Counter expired;
    private final Counter sweepsCut;
    private GroupExpiry expiry;

    private PushLifecycle(Registry registry, Supplier<? extends Collection<Group>> decided,
                          Supplier<PushLifecycleConfig> rules, ProducerRegistry producers, Clock clock) {
        this.decided = decided;
        this.rules = rules;
        this.clock = clock;
        this.liveness = new PushLiveness(rules.get().livenessMetric(), () -> rules.get().livenessRules(), producers,
                decided);
        this.expired = registry.counter("ferry_push_groups_expired_total",
                "Push groups deleted by push.expire because they were not pushed within the rule's time, by rule.",
                "rule");
        this.sweepsCut = registry.counter("ferry_push_expiry_sweeps_cut_total",
                "Push expiry sweeps stopped at their time limit (the sweep interval); the next sweep continues where it stopped.");
        // One notion of the groups judged here, for up and for the registry's push producers.
        registry.register(liveness::families);
        producers.reconcileWith(io.ferry.liveness.Route.PUSH, liveness::reconcile);
    }

    /**
     * Registers the expiry counter and the liveness families; {@code rules} gives the rules in effect
     * (read again at each sweep and scrape), and its liveness metric name now is the name for good;
     * {@code producers} judges the groups ({@link io.ferry.liveness.Route#PUSH}). {@code decided}
     * gives the groups whose liveness and expiry this server decides: every group on a single node,
     * a member's own partitions' in a cluster, so each is decided once; the registry's push
     * producers are reconciled with those same groups.
     */
    static PushLifecycle registerMetrics(Registry registry, Supplier<? extends Collection<Group>> decided,
                                         Supplier<PushLifecycleConfig> rules, ProducerRegistry producers, Clock clock) {
        return new PushLifecycle(registry, decided, rules, producers, clock);
    }

    /**
     * Reports a push's outcome to the producer registry ({@link PushService.OutcomeObserver}). In a
     * cluster a group another member decides leaves the registry at its next read (the reconcile).
     */
    void pushed(io.ferry.model.Labels key, long timeMillis, boolean ok, String error) {
        liveness.pushed(key, timeMillis, ok, error);
    }

    /** Starts expiring groups through {@code push}. */
    void startExpiry(PushService push) {
        expiry = new GroupExpiry(push, decided, () -> rules.get().expire(), clock,
                (group, rule) -> expired.labels(rule.name()).inc(), sweepsCut::inc, System::nanoTime);
        expiry.start();
    }

    /** Stops expiring; the metrics stay registered. */
    @Override
    public void close() {
        if (expiry != null) {
            expiry.close();
        }
    }
}
