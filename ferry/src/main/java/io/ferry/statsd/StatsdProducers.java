package io.ferry.statsd;

import io.ferry.liveness.ProducerLiveness;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StatsD producers ({@code statsd.producers}): an event's producer is the value of the rules'
 * {@code label} in its final labels, served as {@code {job="<job>",instance="<value>"}} by
 * {@link ProducerLiveness}, the {@link Route#STATSD} view of the {@link ProducerRegistry}.
 *
 * <pre>{@code
 * StatsdProducers producers = new StatsdProducers("up", rules, registry, untracked::inc);
 * producers.seen(labels);       // each event, with its final labels
 * producers.families();         // up and ferry_statsd_last_seen_timestamp_seconds
 * }</pre>
 *
 * <p>Thread-safe; {@link #seen} is called by every parse worker for every event, so it keeps each
 * tracked producer's labels to look up by name instead of building them: for a known producer it
 * allocates nothing. A reload that changes {@code label} or {@code job} names producers anew, so
 * it starts from nothing; other changes keep what was learned.
 */
final class StatsdProducers {
    static final String LAST_SEEN = "ferry_statsd_last_seen_timestamp_seconds";
    private static final String UP_HELP = "1 when the StatsD producer sent within its expected interval and grace "
            + "(statsd.producers), 0 when it is overdue or an expected producer never sent.";
    private static final String LAST_SEEN_HELP = "Unix time of the StatsD producer's last event, 0 for never "
            + "(statsd.producers).";

    /** The rules with what they name producers by; replaced whole when that changes. */
    private record Tracking(ProducerRules rules, ProducerLiveness liveness, Map<String, Labels> labelsByName) {
    }

    private final ProducerLiveness.Names names;
    private final ProducerRegistry registry;
    private final Runnable untracked;
    private volatile Tracking tracking;

    /** @param untracked run for each event of a producer beyond {@code max_producers} */
    StatsdProducers(String upName, ProducerRules rules, ProducerRegistry registry, Runnable untracked) {
        this.names = new ProducerLiveness.Names(upName, UP_HELP, LAST_SEEN, LAST_SEEN_HELP);
        this.registry = registry;
        this.untracked = untracked;
        this.tracking = track(rules);
    }

    /** With a registry of its own (alone, as in tests). */
    StatsdProducers(String upName, ProducerRules rules, Clock clock, Runnable untracked) {
        this(upName, rules, new ProducerRegistry(clock), untracked);
    }

    private Tracking track(ProducerRules rules) {
        ProducerLiveness liveness = new ProducerLiveness(registry, Route.STATSD, names, liveness(rules), untracked);
        liveness.forget();
        return new Tracking(rules, liveness, new ConcurrentHashMap<>());
    }

    /** The mechanism's rules: expected producers by their series labels; off when producers are not tracked. */
    private static ProducerLiveness.Rules liveness(ProducerRules r) {
        if (!r.enabled()) {
            return ProducerLiveness.Rules.OFF;
        }
        return new ProducerLiveness.Rules(r.every(), r.grace(),
                r.expect().stream().map(name -> producer(r, name)).toList(), r.maxProducers());
    }

    private static Labels producer(ProducerRules r, String name) {
        return Labels.of("job", r.job(), "instance", name);
    }

    /** Applies new rules; what was learned is forgotten when the label or job changes. */
    void rules(ProducerRules next) {
        Tracking t = tracking;
        if (t.rules().label().equals(next.label()) && t.rules().job().equals(next.job())) {
            t.liveness().rules(liveness(next));
            tracking = new Tracking(next, t.liveness(), t.labelsByName());
        } else {
            tracking = track(next);
        }
    }

    /** Notes an event whose final labels are {@code labels}. */
    void seen(Labels labels) {
        Tracking t = tracking;
        if (!t.rules().enabled()) {
            return;
        }
        String name = labels.get(t.rules().label());
        if (name == null) {
            return;
        }
        Labels producer = t.labelsByName().get(name);
        if (producer != null) {
            t.liveness().seen(producer);
        } else {
            producer = producer(t.rules(), name);
            if (t.liveness().seen(producer)) {
                // Only tracked producers are kept, so the cap on producers bounds this map too.
                t.labelsByName().putIfAbsent(name, producer);
            }
        }
    }

    /** {@code up} and the last-seen gauge, series sorted by labels; none when no producer is tracked or expected. */
    List<MetricFamily> families() {
        return tracking.liveness().families();
    }
}
