package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.GroupView;
import io.ferry.state.Mutation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a push that would make {@code GET /metrics} inconsistent, as the Pushgateway does, at a
 * cost proportional to the push rather than to the store:
 * <ul>
 *   <li>a family whose type clashes with what other groups hold, or with Ferry's own metrics
 *       (allowed with {@code --push.disable-consistency-check});</li>
 *   <li>a family whose name collides with the series of a summary or histogram held elsewhere
 *       ({@code x_count} beside summary {@code x}, or the reverse), which no scraper can tell apart;</li>
 *   <li>a series identical to one another group holds (possible when a body carries a label that is
 *       part of another group's key: {@code m{instance="a"}} pushed to {@code {job="j"}} and
 *       {@code m} pushed to {@code {job="j",instance="a"}}).</li>
 * </ul>
 * The last two would break every scrape, so they are refused even with the type check off.
 *
 * <p>Indexes kept up to date as mutations pass: family name to its type and the number of groups
 * holding it; and the distinct sets of grouping-label names with their number of groups. Two
 * groups' series can only be identical when their keys have different label names, so a push is
 * compared only with the groups its series' labels name, one lookup per series and other key shape
 * (none in the usual store, where every key has the same names).
 *
 * <p>Runs only on the store's writer thread (as a {@link GroupStore.Check}), which serialises it:
 * not thread-safe otherwise. Every mutation must pass through it, refused ones excepted, so the
 * index follows the store.
 */
final class ConsistencyCheck implements GroupStore.Check {
    /** The suffixes of the series a summary or histogram writes besides its own name. */
    private static final List<String> SUFFIXES = List.of("_count", "_sum", "_bucket");

    private record Entry(MetricType type, int groups) {
    }

    private final Map<String, Entry> byName = new HashMap<>();
    /** The label names of stored grouping keys, each with the number of groups whose key has them. */
    private final Map<List<String>, Integer> keyShapes = new HashMap<>();
    private final Map<String, MetricType> ownTypes;
    private final boolean enabled;

    /**
     * @param ownTypes the types of Ferry's own metric families, which pushes may not contradict
     * @param enabled  false with {@code --push.disable-consistency-check}: nothing is refused
     */
    ConsistencyCheck(Iterable<Group> existing, Map<String, MetricType> ownTypes, boolean enabled) {
        this.ownTypes = Map.copyOf(ownTypes);
        this.enabled = enabled;
        existing.forEach(g -> {
            count(g.families(), +1);
            countShape(g.key(), +1);
        });
    }

    @Override
    public void check(GroupView store, Mutation mutation) throws GroupStore.RejectedException {
        switch (mutation) {
            case Mutation.Replace r -> {
                Group old = store.group(r.key());
                push(store, r.key(), old, r.families(), old == null ? List.of() : old.families());
            }
            case Mutation.Merge m -> {
                Group old = store.group(m.key());
                List<MetricFamily> replaced = old == null ? List.of()
                        : old.families().stream().filter(f -> m.families().stream()
                        .anyMatch(n -> n.name().equals(f.name()))).toList();
                push(store, m.key(), old, m.families(), replaced);
            }
            case Mutation.MergeSeries m -> check(store, m.over(store.group(m.key())));
            case Mutation.Delete d -> forget(store.group(d.key()));
            case Mutation.Expire e -> {
                Group old = store.group(e.key());
                if (e.qualifies(old)) {
                    forget(old);
                }
            }
            case Mutation.Wipe w -> {
                byName.clear();
                keyShapes.clear();
            }
            case Mutation.Failure f -> {
                if (store.group(f.key()) == null) {
                    refuseTwinGroup(store, f.key());
                    countShape(f.key(), +1);
                }
            }
            case Mutation.Restore r -> {
                if (store.group(r.group().key()) == null) {
                    countShape(r.group().key(), +1);
                }
                count(r.group().families(), +1);
            }
        }
    }

    /** Uncounts {@code old} (null: nothing), a group that goes. */
    private void forget(Group old) {
        if (old != null) {
            count(old.families(), -1);
            countShape(old.key(), -1);
        }
    }

    /** Checks {@code pushed} to the group {@code key} (now {@code old}), which replaces {@code replaced}; then counts it. */
    private void push(GroupView store, Labels key, Group old, List<MetricFamily> pushed, List<MetricFamily> replaced)
            throws GroupStore.RejectedException {
        if (old == null) {
            refuseTwinGroup(store, key);
        }
        refuseClashes(pushed, replaced);
        refuseSuffixCollisions(pushed, replaced);
        refuseSeriesOfOtherGroups(store, key, pushed);
        count(replaced, -1);
        count(pushed, +1);
        if (old == null) {
            countShape(key, +1);
        }
    }

    /** Refuses {@code pushed} if a family clashes with another group's, not counting {@code replaced}. */
    private void refuseClashes(List<MetricFamily> pushed, List<MetricFamily> replaced)
            throws GroupStore.RejectedException {
        if (!enabled) {
            return;
        }
        for (MetricFamily f : pushed) {
            MetricType own = ownTypes.get(f.name());
            if (own != null && own != f.type()) {
                throw clash(f, own, "Ferry's own metric");
            }
            Entry e = byName.get(f.name());
            if (e == null || e.type() == f.type()) {
                continue;
            }
            int others = e.groups();
            for (MetricFamily r : replaced) {
                if (r.name().equals(f.name())) {
                    others--;
                }
            }
            if (others > 0) {
                throw clash(f, e.type(), others == 1 ? "another group" : others + " other groups");
            }
        }
    }

    /**
     * Refuses a family named like a series of a summary or histogram held elsewhere (or in the push),
     * and a summary or histogram whose series are named like a family held elsewhere.
     */
    private void refuseSuffixCollisions(List<MetricFamily> pushed, List<MetricFamily> replaced)
            throws GroupStore.RejectedException {
        Map<String, MetricType> inPush = new HashMap<>();
        pushed.forEach(f -> inPush.put(f.name(), f.type()));
        for (MetricFamily f : pushed) {
            String name = f.name();
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    String base = name.substring(0, name.length() - suffix.length());
                    MetricType baseType = typeHeld(base, inPush, replaced);
                    if (baseType != null && hasSeriesSuffix(baseType, suffix)) {
                        throw collision(name, f.type(), base, baseType, name);
                    }
                }
                if (hasSeriesSuffix(f.type(), suffix)) {
                    MetricType other = typeHeld(name + suffix, inPush, replaced);
                    if (other != null) {
                        throw collision(name + suffix, other, name, f.type(), name);
                    }
                }
            }
        }
    }

    /** Whether a family of {@code type} writes series named with {@code suffix}. */
    private static boolean hasSeriesSuffix(MetricType type, String suffix) {
        return switch (type) {
            case SUMMARY -> !suffix.equals("_bucket");
            case HISTOGRAM, GAUGE_HISTOGRAM -> true;
            default -> false;
        };
    }

    /** The type of the family {@code name} in the push, among Ferry's own, or held by a group outside {@code replaced}. */
    private MetricType typeHeld(String name, Map<String, MetricType> inPush, List<MetricFamily> replaced) {
        MetricType t = inPush.get(name);
        if (t != null) {
            return t;
        }
        t = ownTypes.get(name);
        if (t != null) {
            return t;
        }
        Entry e = byName.get(name);
        if (e == null) {
            return null;
        }
        int others = e.groups();
        for (MetricFamily r : replaced) {
            if (r.name().equals(name)) {
                others--;
            }
        }
        return others > 0 ? e.type() : null;
    }

    /** @param pushed the pushed family at fault, one of {@code name} and {@code base} */
    private static GroupStore.RejectedException collision(String name, MetricType type, String base,
                                                          MetricType baseType, String pushed) {
        return new GroupStore.RejectedException("pushed metrics are invalid or inconsistent with existing metrics: "
                + "metric family \"" + name + "\" (" + type.textName() + ") collides with the series of "
                + baseType.textName() + " \"" + base + "\"", pushed);
    }

    /**
     * Refuses a new group whose key differs from a stored one only by {@code instance=""}: both
     * would serve the same {@code push_time_seconds} series, since a key without an instance gets
     * {@code instance=""}. Even a failed push must not create it.
     */
    private static void refuseTwinGroup(GroupView store, Labels key) throws GroupStore.RejectedException {
        String instance = key.get("instance");
        Labels twin = instance == null ? key.with("instance", "") : instance.isEmpty() ? key.without("instance") : null;
        if (twin != null && store.group(twin) != null) {
            throw new GroupStore.RejectedException("pushed metrics are invalid or inconsistent with existing metrics: "
                    + "group " + key + " would serve the same push_time_seconds series as group " + twin
                    + " (a key without instance gets instance=\"\")");
        }
    }

    /** Refuses a pushed series that another group holds too, labels and all. */
    private void refuseSeriesOfOtherGroups(GroupView store, Labels key, List<MetricFamily> pushed)
            throws GroupStore.RejectedException {
        List<String> ownShape = shape(key);
        for (List<String> shape : keyShapes.keySet()) {
            if (shape.equals(ownShape)) {
                continue;
            }
            Map<MetricFamily, Set<Labels>> seriesOf = new HashMap<>();
            for (MetricFamily f : pushed) {
                for (Metric m : f.metrics()) {
                    Labels otherKey = project(m.labels(), shape);
                    Group other = otherKey == null ? null : store.group(otherKey);
                    MetricFamily held = other == null ? null : family(other, f.name());
                    if (held != null && seriesOf.computeIfAbsent(held, ConsistencyCheck::labelsOf)
                            .contains(m.labels())) {
                        throw new GroupStore.RejectedException("pushed metrics are invalid or inconsistent with "
                                + "existing metrics: series " + f.name() + m.labels() + " is already pushed by group "
                                + otherKey, f.name());
                    }
                }
            }
        }
    }

    private static List<String> shape(Labels key) {
        String[] names = new String[key.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = key.name(i);
        }
        return List.of(names);
    }

    /** {@code labels} cut to the names of {@code shape}, or null when it lacks one. */
    private static Labels project(Labels labels, List<String> shape) {
        Labels.Builder b = Labels.builder();
        for (String name : shape) {
            String value = labels.get(name);
            if (value == null) {
                return null;
            }
            b.tryAdd(name, value);
        }
        return b.build();
    }

    private static MetricFamily family(Group g, String name) {
        for (MetricFamily f : g.families()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static Set<Labels> labelsOf(MetricFamily f) {
        Set<Labels> labels = new HashSet<>();
        f.metrics().forEach(m -> labels.add(m.labels()));
        return labels;
    }

    private void countShape(Labels key, int delta) {
        keyShapes.merge(shape(key), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    private static GroupStore.RejectedException clash(MetricFamily f, MetricType existing, String holder) {
        return new GroupStore.RejectedException("pushed metrics are invalid or inconsistent with existing metrics: "
                + "metric family \"" + f.name() + "\" is pushed as " + f.type().textName() + " but " + holder
                + " has it as " + existing.textName(), f.name());
    }

    private void count(List<MetricFamily> families, int delta) {
        for (MetricFamily f : families) {
            byName.compute(f.name(), (name, e) -> {
                int n = (e == null ? 0 : e.groups()) + delta;
                if (n <= 0) {
                    return null;
                }
                // The type of the latest family stands; with the check on, all agree anyway.
                return new Entry(delta > 0 || e == null ? f.type() : e.type(), n);
            });
        }
    }
}
