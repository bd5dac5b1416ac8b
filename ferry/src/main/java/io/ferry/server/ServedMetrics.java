package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.push.PushedFamilies;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.telemetry.Registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What Ferry serves as a scrape target: its own metrics (liveness series included), the StatsD
 * series, and every pushed group, merged by {@link PushedFamilies}. {@code GET /metrics} renders
 * it, and the in-process self-scrape forwards it by remote write, so both see the same series.
 *
 * <pre>{@code
 * ServedMetrics served = new ServedMetrics(store, registry, statsd::families);
 * List<MetricFamily> families = served.collect();
 * }</pre>
 *
 * <p><b>StatsD series count as Ferry's own</b>: they are merged with the registry's families by
 * name before the pushed groups are, so a StatsD series wins over a pushed series with the same
 * name and labels, and a pushed family whose type differs from a StatsD family's is left out (as
 * one differing from any own family). A StatsD family named as one of the registry's is merged
 * into it when the types agree (the producers' {@code up} with push liveness' {@code up}; the
 * registry's series win on equal labels) and left out when they do not.
 *
 * <p>Thread-safe; each call reads the store, the registry and StatsD as they are then.
 */
final class ServedMetrics {
    private final GroupStore store;
    private final Registry registry;
    private final Supplier<List<MetricFamily>> statsd;
    private final PushedFamilies pushed = new PushedFamilies();
    private final Supplier<? extends Collection<Group>> forwarded;

    ServedMetrics(GroupStore store, Registry registry) {
        this(store, registry, List::of);
    }

    /** @param statsd the StatsD families, read at each call */
    ServedMetrics(GroupStore store, Registry registry, Supplier<List<MetricFamily>> statsd) {
        this(store, registry, statsd, store::groups);
    }

    /**
     * @param forwarded the pushed groups the self-scrape forwards: all of them on a single node, a
     *                  member's own partitions' in a cluster, so no group is sent twice
     */
    ServedMetrics(GroupStore store, Registry registry, Supplier<List<MetricFamily>> statsd,
                  Supplier<? extends Collection<Group>> forwarded) {
        this.store = store;
        this.registry = registry;
        this.statsd = statsd;
        this.forwarded = forwarded;
    }

    /** The families, sorted by name, each with its series sorted. */
    List<MetricFamily> collect() {
        return pushed.families(store.groups(), own());
    }

    /** Ferry's own families, the StatsD series among them, as {@link #collect} merges them with the groups. */
    List<MetricFamily> own() {
        return mergeOwn(registry.collect(), statsd.get());
    }

    /** What the self-scrape forwards: as {@link #collect()}, with the pushed groups this member forwards. */
    List<MetricFamily> collectForwarded() {
        return pushed.families(forwarded.get(), own());
    }

    /** {@code registry}'s families with {@code more} merged in by name, the registry's winning. */
    static List<MetricFamily> mergeOwn(List<MetricFamily> registry, List<MetricFamily> more) {
        if (more.isEmpty()) {
            return registry;
        }
        Map<String, MetricFamily> byName = new LinkedHashMap<>();
        for (MetricFamily f : registry) {
            byName.putIfAbsent(f.name(), f);
        }
        for (MetricFamily f : more) {
            MetricFamily there = byName.get(f.name());
            if (there == null) {
                byName.put(f.name(), f);
            } else if (there.type() == f.type()) {
                byName.put(f.name(), there.withMetrics(union(there.metrics(), f.metrics())));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** The series of {@code first}, then those of {@code second} whose labels {@code first} has not. */
    private static List<Metric> union(List<Metric> first, List<Metric> second) {
        Set<Labels> seen = new HashSet<>();
        List<Metric> out = new ArrayList<>(first.size() + second.size());
        for (Metric m : first) {
            seen.add(m.labels());
            out.add(m);
        }
        for (Metric m : second) {
            if (seen.add(m.labels())) {
                out.add(m);
            }
        }
        return out;
    }
}
