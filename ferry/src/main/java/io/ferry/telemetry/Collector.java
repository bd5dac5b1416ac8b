package io.ferry.telemetry;

import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * A source of Ferry's own metrics, asked for its current values at each scrape of {@code /metrics}.
 *
 * <pre>{@code
 * registry.register(() -> List.of(new MetricFamily("ferry_push_groups", MetricType.GAUGE,
 *         "Groups in the store.", null, List.of(ValueMetric.of(Labels.EMPTY, store.size())))));
 * }</pre>
 *
 * <p>Contract: {@link #collect} may be called from any thread, concurrently with itself and with
 * updates, so implementations must be thread-safe. It runs on a worker thread, never on the event
 * loop, but it should still return in well under a millisecond and never wait on the network.
 * Each family name must be produced by one collector only and follow Prometheus naming
 * ({@code ferry_} prefix, base units, {@code _total} for counters), with a HELP text.
 */
@FunctionalInterface
public interface Collector {

    /** The current families; may be empty, never null. */
    List<MetricFamily> collect();
}
