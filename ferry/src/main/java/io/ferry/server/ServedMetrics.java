package io.ferry.server;

import io.ferry.model.MetricFamily;
import io.ferry.push.PushedFamilies;
import io.ferry.state.GroupStore;
import io.ferry.telemetry.Registry;

import java.util.List;

/**
 * What Ferry serves as a scrape target: its own metrics (liveness series included) and every pushed
 * group, merged by {@link PushedFamilies}. {@code GET /metrics} renders it, and the in-process
 * self-scrape forwards it by remote write, so both see the same series.
 *
 * <pre>{@code
 * ServedMetrics served = new ServedMetrics(store, registry);
 * List<MetricFamily> families = served.collect();
 * }</pre>
 *
 * <p>Thread-safe; each call reads the store and the registry as they are then.
 */
final class ServedMetrics {
    private final GroupStore store;
    private final Registry registry;
    private final PushedFamilies pushed = new PushedFamilies();

    ServedMetrics(GroupStore store, Registry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The families, sorted by name, each with its series sorted. */
    List<MetricFamily> collect() {
        return pushed.families(store.groups(), registry.collect());
    }
}
