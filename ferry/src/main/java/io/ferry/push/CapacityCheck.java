package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.GroupView;
import io.ferry.state.Mutation;

import java.util.HashSet;
import java.util.Set;

/**
 * Refuses a mutation that would take the store past {@link PushLimits#maxGroups()} or
 * {@link PushLimits#maxSeries()}. It runs on the store's writer thread, before the consistency
 * check, so the totals it reads are exact and a refusal here leaves that check's index untouched.
 * A failed push does not create its group when the store is full. Cost: that of the mutation.
 */
final class CapacityCheck implements GroupStore.Check {
    private final PushLimits limits;

    CapacityCheck(PushLimits limits) {
        this.limits = limits;
    }

    /** A refusal by a store-wide limit, named as in the config. */
    static final class Full extends GroupStore.RejectedException {
        private static final long serialVersionUID = 1L;
        private final String limit;

        Full(String limit, String message) {
            super(message);
            this.limit = limit;
        }

        String limit() {
            return limit;
        }
    }

    @Override
    public void check(GroupView store, Mutation mutation) throws GroupStore.RejectedException {
        switch (mutation) {
            case Mutation.Replace r -> checkGrowth(store, r.key(), series(r.families()));
            case Mutation.Merge m -> checkGrowth(store, m.key(), mergedSeries(store.group(m.key()), m));
            case Mutation.MergeSeries m -> check(store, m.over(store.group(m.key())));
            case Mutation.Failure f -> checkNewGroup(store, f.key());
            default -> { }
        }
    }

    /** Refuses growth past the limit; a push that does not grow the store passes even above it (a lowered limit). */
    private void checkGrowth(GroupView store, Labels key, long newSeries) throws Full {
        Group old = checkNewGroup(store, key);
        long after = store.seriesCount() - (old == null ? 0 : old.seriesCount()) + newSeries;
        if (after > limits.maxSeries() && after > store.seriesCount()) {
            throw new Full("max_series", "push refused: it would bring the series stored to " + after
                    + ", over the limit of " + limits.maxSeries() + " (push.limits.max_series)");
        }
    }

    /** The group already under {@code key}, or null when there is room for a new one. */
    private Group checkNewGroup(GroupView store, Labels key) throws Full {
        Group old = store.group(key);
        if (old == null && store.groups().size() >= limits.maxGroups()) {
            throw new Full("max_groups", "push refused: Ferry holds " + store.groups().size()
                    + " groups, the limit (push.limits.max_groups); delete groups or raise it");
        }
        return old;
    }

    /** Series of the group after a POST: its families the merge does not name, and the merge's. */
    private static long mergedSeries(Group old, Mutation.Merge m) {
        long n = series(m.families());
        if (old != null) {
            Set<String> named = new HashSet<>();
            m.families().forEach(f -> named.add(f.name()));
            for (MetricFamily f : old.families()) {
                if (!named.contains(f.name())) {
                    n += f.metrics().size();
                }
            }
        }
        return n;
    }

    private static long series(Iterable<MetricFamily> families) {
        long n = 0;
        for (MetricFamily f : families) {
            n += f.metrics().size();
        }
        return n;
    }
}
