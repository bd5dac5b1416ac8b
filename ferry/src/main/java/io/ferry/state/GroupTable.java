package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups by key, and how each {@link Mutation} changes them: the state a {@link GroupStore}
 * keeps in memory, whatever it does for durability.
 *
 * <pre>{@code
 * GroupTable table = new GroupTable();
 * table.apply(new Mutation.Replace(key, families, now));
 * Group g = table.group(key);
 * }</pre>
 *
 * <p><b>Thread-safety.</b> One writer at a time calls {@link #apply}; any thread may read at any
 * time. Groups are immutable and replaced whole, so a reader sees each group before or after a
 * mutation, never in between; {@link #seriesCount()} may lag a concurrent mutation.
 *
 * <p><b>Cost.</b> A mutation costs in proportion to its own size (a {@link Mutation.MergeSeries},
 * also to the stored families it names, merged into); reading copies nothing.
 */
final class GroupTable {
    private final ConcurrentHashMap<Labels, Group> groups = new ConcurrentHashMap<>();
    private volatile long seriesCount; // written by the one writer only
    private volatile long changes; // likewise

    /** Applies {@code m}. Applying the same mutation twice gives the state applying it once gives. */
    void apply(Mutation m) {
        switch (m) {
            case Mutation.Wipe w -> clear();
            case Mutation.Delete d -> remove(d.key());
            case Mutation.Expire e -> {
                if (e.qualifies(groups.get(e.key()))) {
                    remove(e.key());
                }
            }
            default -> put(applied(groups.get(keyOf(m)), m));
        }
    }

    /**
     * The group that {@code m} (neither a delete nor a wipe) leaves in place of {@code old} (null when
     * there is none): what {@link #apply} stores, for those that keep changes before storing them.
     */
    static Group applied(Group old, Mutation m) {
        return switch (m) {
            case Mutation.Replace r -> new Group(r.key(), sorted(r.families()), r.timeSeconds(), failureTime(old));
            case Mutation.Merge r -> merged(old, r);
            case Mutation.MergeSeries s -> merged(old, s.over(old));
            case Mutation.Failure f -> old == null ? new Group(f.key(), List.of(), 0, f.timeSeconds())
                    : old.withFailureTime(failureAfter(old, f.timeSeconds()));
            case Mutation.Restore r -> r.group();
            case Mutation.Delete d -> throw new IllegalArgumentException("a delete leaves no group");
            case Mutation.Expire e -> throw new IllegalArgumentException("an expiry leaves no group");
            case Mutation.Wipe w -> throw new IllegalArgumentException("a wipe leaves no group");
        };
    }

    /** The key of the one group {@code m} changes; a wipe changes them all and has none. */
    static Labels keyOf(Mutation m) {
        return switch (m) {
            case Mutation.Replace r -> r.key();
            case Mutation.Merge r -> r.key();
            case Mutation.MergeSeries s -> s.key();
            case Mutation.Failure f -> f.key();
            case Mutation.Delete d -> d.key();
            case Mutation.Expire e -> e.key();
            case Mutation.Restore r -> r.group().key();
            case Mutation.Wipe w -> throw new IllegalArgumentException("a wipe changes every group");
        };
    }

    /** Stores {@code g} in place of the group of its key. */
    void put(Group g) {
        Group old = groups.put(g.key(), g);
        seriesCount += g.seriesCount() - (old == null ? 0 : old.seriesCount());
        changes++;
    }

    /** Removes the group of {@code key}, if there is one; removing none is no change. */
    void remove(Labels key) {
        Group old = groups.remove(key);
        if (old != null) {
            seriesCount -= old.seriesCount();
            changes++;
        }
    }

    /** Removes every group. */
    void clear() {
        groups.clear();
        seriesCount = 0;
        changes++;
    }

    /** The group with exactly this key, or null. */
    Group group(Labels key) {
        return groups.get(key);
    }

    /** A live, unmodifiable view of the groups. */
    Collection<Group> groups() {
        return Collections.unmodifiableCollection(groups.values());
    }

    /** The groups as they are now, in an array of their own. */
    Group[] copy() {
        return groups.values().toArray(new Group[0]);
    }

    int size() {
        return groups.size();
    }

    /** The series of all groups together, kept as mutations apply. */
    long seriesCount() {
        return seriesCount;
    }

    /** How many times a group was stored or removed: changed by every mutation, after it is visible. */
    long changes() {
        return changes;
    }

    /** The families of {@code old} not named in the merge keep their push times; the rest are the merge's. */
    private static Group merged(Group old, Mutation.Merge m) {
        TreeMap<String, Integer> byName = new TreeMap<>();
        List<MetricFamily> all = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        if (old != null) {
            for (int i = 0; i < old.families().size(); i++) {
                byName.put(old.families().get(i).name(), all.size());
                all.add(old.families().get(i));
                times.add(old.familyPushTimeSeconds(i));
            }
        }
        for (MetricFamily f : m.families()) {
            Integer at = byName.get(f.name());
            if (at == null) {
                byName.put(f.name(), all.size());
                all.add(f);
                times.add(m.timeSeconds());
            } else {
                all.set(at, f);
                times.set(at, m.timeSeconds());
            }
        }
        List<MetricFamily> families = new ArrayList<>(byName.size());
        double[] familyTimes = new double[byName.size()];
        for (int i : byName.values()) {
            familyTimes[families.size()] = times.get(i);
            families.add(all.get(i));
        }
        return new Group(m.key(), families, familyTimes, m.timeSeconds(), failureTime(old));
    }

    /**
     * A failure applied after a success happened after it, even when both were stamped in the same
     * millisecond: it is placed at least a millisecond past the push time, so the group reads as failed.
     */
    private static double failureAfter(Group old, double seconds) {
        return old.pushTimeSeconds() > 0 ? Math.max(seconds, old.pushTimeSeconds() + 0.001) : seconds;
    }

    private static double failureTime(Group old) {
        return old == null ? 0 : old.pushFailureTimeSeconds();
    }

    private static List<MetricFamily> sorted(List<MetricFamily> families) {
        List<MetricFamily> copy = new ArrayList<>(families);
        copy.sort(Comparator.comparing(MetricFamily::name));
        return copy;
    }
}
