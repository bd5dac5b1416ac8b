package io.ferry.statsd;

import io.ferry.liveness.LearnedCadence;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The liveness of StatsD producers ({@code statsd.producers}): which producers sent, when, and
 * whether they are overdue.
 *
 * <pre>{@code
 * ProducerLiveness live = new ProducerLiveness("up", rules, clock, untracked);
 * live.seen(labels);            // each event, with its final labels
 * live.families();              // up and ferry_statsd_last_seen_timestamp_seconds
 * }</pre>
 *
 * <p><b>Sends.</b> A StatsD client sends many packets per flush. A producer's send starts at its
 * first event after a pause of more than {@link #PAUSE_MILLIS}, or {@link #LONGEST_MILLIS} after
 * the last send started (so a producer that never pauses is still seen); the learned cadence
 * ({@code every: auto}, {@link LearnedCadence}) is the median interval between send starts.
 * <b>up</b> is 1 once the producer sent, while its last event is at most {@code every + grace} old
 * (always, while the cadence is not yet learned); 0 otherwise, and 0 for an expected producer that
 * never sent. Nothing is kept on disk: after a restart producers are learned again.
 *
 * <p>Thread-safe: {@link #seen} is called by every parse worker at once and costs a map lookup and
 * two clock reads; {@link #families} by scrapes.
 */
final class ProducerLiveness {
    static final String LAST_SEEN = "ferry_statsd_last_seen_timestamp_seconds";
    static final long PAUSE_MILLIS = 1000;
    static final long LONGEST_MILLIS = 60_000;
    private static final String UP_HELP = "1 when the StatsD producer sent within its expected interval and grace "
            + "(statsd.producers), 0 when it is overdue or an expected producer never sent.";
    private static final String LAST_SEEN_HELP = "Unix time of the StatsD producer's last event, 0 for never "
            + "(statsd.producers).";

    private final String upName;
    private final Clock clock;
    private final Counter.Child untracked;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    private volatile ProducerRules rules;

    /** One producer's times. Fields written by any worker; races only blur a send start by a few events. */
    private static final class Producer {
        final LearnedCadence cadence = new LearnedCadence();
        volatile long lastSeenMillis;
        volatile long sendStartMillis;
    }

    ProducerLiveness(String upName, ProducerRules rules, Clock clock, Counter.Child untracked) {
        this.upName = upName;
        this.rules = rules;
        this.clock = clock;
        this.untracked = untracked;
    }

    /** Applies new rules; what was learned is forgotten when the label or job changes. */
    void rules(ProducerRules next) {
        ProducerRules was = rules;
        if (!was.label().equals(next.label()) || !was.job().equals(next.job())) {
            producers.clear();
        }
        rules = next;
    }

    /** Notes an event whose final labels are {@code labels}. */
    void seen(Labels labels) {
        ProducerRules r = rules;
        if (!r.enabled()) {
            return;
        }
        String name = labels.get(r.label());
        if (name == null) {
            return;
        }
        Producer p = producers.get(name);
        if (p == null) {
            if (producers.size() >= r.maxProducers()) {
                untracked.inc();
                return;
            }
            p = producers.computeIfAbsent(name, n -> new Producer());
        }
        long now = clock.millis();
        if (now - p.lastSeenMillis > PAUSE_MILLIS || now - p.sendStartMillis >= LONGEST_MILLIS) {
            p.sendStartMillis = now;
            p.cadence.observe(now / 1000.0);
        }
        p.lastSeenMillis = now;
    }

    /** {@code up} and the last-seen gauge, series sorted by labels; none when producers are not tracked. */
    List<MetricFamily> families() {
        ProducerRules r = rules;
        if (!r.enabled()) {
            return List.of();
        }
        long now = clock.millis();
        List<Metric> up = new ArrayList<>();
        List<Metric> lastSeen = new ArrayList<>();
        Set<String> done = new HashSet<>();
        producers.forEach((name, p) -> {
            done.add(name);
            Labels labels = Labels.of("job", r.job(), "instance", name);
            up.add(ValueMetric.of(labels, isUp(r, p, now) ? 1 : 0));
            lastSeen.add(ValueMetric.of(labels, p.lastSeenMillis / 1000.0));
        });
        for (String name : r.expect()) {
            if (done.add(name)) {
                Labels labels = Labels.of("job", r.job(), "instance", name);
                up.add(ValueMetric.of(labels, 0));
                lastSeen.add(ValueMetric.of(labels, 0));
            }
        }
        return List.of(family(LAST_SEEN, LAST_SEEN_HELP, lastSeen), family(upName, UP_HELP, up));
    }

    private static boolean isUp(ProducerRules r, Producer p, long now) {
        OptionalDouble every = r.every().isPresent()
                ? OptionalDouble.of(r.every().get().toNanos() / 1e9) : p.cadence.intervalSeconds();
        if (every.isEmpty()) {
            return true;
        }
        double graceSeconds = r.grace().toNanos() / 1e9;
        return (now - p.lastSeenMillis) / 1000.0 <= every.getAsDouble() + graceSeconds;
    }

    private static MetricFamily family(String name, String help, List<Metric> series) {
        series.sort(Comparator.comparing(Metric::labels));
        return new MetricFamily(name, MetricType.GAUGE, help, null, series);
    }
}
