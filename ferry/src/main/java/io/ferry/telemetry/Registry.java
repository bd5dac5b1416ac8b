package io.ferry.telemetry;

import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * Holds the collectors of Ferry's own metrics, which {@code /metrics} renders.
 *
 * <pre>{@code
 * Counter rejected = registry.counter("ferry_push_rejected_total", "Pushes rejected, by reason.", "reason");
 * rejected.labels("too_large").inc();
 * }</pre>
 *
 * <p>Contract: every method is thread-safe and may be called at any time, including while another
 * thread collects. A collector registered before a {@link #collect} call begins is included in it.
 * Collectors are never removed: register one collector per component, which reports whatever that
 * component currently has (a collector over all scrape targets, not one per target).
 */
public interface Registry {

    /** Adds a collector. Registering the same instance twice is an {@link IllegalArgumentException}. */
    void register(Collector collector);

    /**
     * The families of every collector, sorted by name. If two collectors produce the same family
     * name, only the earlier-registered one's family is kept, so the output stays a valid exposition.
     * A collector that throws is skipped (and logged) rather than failing the whole scrape.
     */
    List<MetricFamily> collect();

    /** Creates and registers a counter; its name must end in {@code _total}. */
    default Counter counter(String name, String help, String... labelNames) {
        Counter c = new Counter(name, help, labelNames);
        register(c);
        return c;
    }

    /** Creates and registers a histogram with these finite, increasing bucket bounds ({@code +Inf} is added). */
    default Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        Histogram h = new Histogram(name, help, buckets, labelNames);
        register(h);
        return h;
    }
}
