package io.ferry.otlp;

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
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The liveness of OTLP producers: each {@code service.instance.id} (its group's
 * {@code {job, instance}}) is a producer, whose {@code up} is 1 while its last export is at most
 * its interval plus the grace old: the configured {@code otlp.liveness.every}, or the interval
 * learned from its exports ({@link LearnedCadence}; {@code up} is 1 until it is learned). Served
 * in the same {@code up} family as push and StatsD liveness, with
 * {@code ferry_otlp_last_seen_timestamp_seconds}. Nothing is kept on disk: after a restart,
 * producers are learned again from their next exports.
 *
 * <pre>{@code
 * OtlpLiveness live = new OtlpLiveness("up", options.liveness(), clock, untracked);
 * live.seen(Labels.of("job", "shop/cart", "instance", "a1"));
 * live.families();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class OtlpLiveness {
    static final String LAST_SEEN = "ferry_otlp_last_seen_timestamp_seconds";
    private static final String UP_HELP = "1 when the OTLP producer (service.instance.id) exported within its "
            + "interval and grace (otlp.liveness), 0 when it is overdue.";
    private static final String LAST_SEEN_HELP = "Unix time of the OTLP producer's last export (otlp.liveness).";

    private final String upName;
    private final OtlpOptions.Liveness rules;
    private final Clock clock;
    private final Counter.Child untracked;
    private final Map<Labels, Producer> producers = new ConcurrentHashMap<>();

    private static final class Producer {
        final LearnedCadence cadence = new LearnedCadence();
        volatile long lastSeenMillis;
    }

    /** @param untracked counts exports of producers beyond {@code maxProducers} */
    public OtlpLiveness(String upName, OtlpOptions.Liveness rules, Clock clock, Counter.Child untracked) {
        this.upName = upName;
        this.rules = rules;
        this.clock = clock;
        this.untracked = untracked;
    }

    /** Notes an export of the producer whose group key is {@code key} ({@code job} and {@code instance}). */
    public void seen(Labels key) {
        if (!rules.enabled()) {
            return;
        }
        Producer p = producers.get(key);
        if (p == null) {
            if (producers.size() >= rules.maxProducers()) {
                untracked.inc();
                return;
            }
            p = producers.computeIfAbsent(key, k -> new Producer());
        }
        long now = clock.millis();
        p.cadence.observe(now / 1000.0);
        p.lastSeenMillis = now;
    }

    /** {@code up} and the last-seen gauge, series sorted by labels; none when liveness is off or nobody exported. */
    public List<MetricFamily> families() {
        if (!rules.enabled() || producers.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        List<Metric> up = new ArrayList<>();
        List<Metric> lastSeen = new ArrayList<>();
        producers.forEach((key, p) -> {
            up.add(ValueMetric.of(key, isUp(p, now) ? 1 : 0));
            lastSeen.add(ValueMetric.of(key, p.lastSeenMillis / 1000.0));
        });
        return List.of(family(LAST_SEEN, LAST_SEEN_HELP, lastSeen), family(upName, UP_HELP, up));
    }

    private boolean isUp(Producer p, long now) {
        OptionalDouble every = rules.every().isPresent()
                ? OptionalDouble.of(rules.every().get().toNanos() / 1e9) : p.cadence.intervalSeconds();
        if (every.isEmpty()) {
            return true;
        }
        return (now - p.lastSeenMillis) / 1000.0 <= every.getAsDouble() + rules.grace().toNanos() / 1e9;
    }

    private static MetricFamily family(String name, String help, List<Metric> series) {
        series.sort(Comparator.comparing(Metric::labels));
        return new MetricFamily(name, MetricType.GAUGE, help, null, series);
    }
}
