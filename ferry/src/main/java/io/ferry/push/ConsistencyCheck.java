package io.ferry.push;

import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.Mutation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a push whose families clash in type with what other groups hold, or with Ferry's own
 * metrics, as the Pushgateway does, at a cost proportional to the push: an index from family name
 * to its type and the number of groups holding it is kept up to date as mutations pass.
 *
 * <p>Runs only on the store's writer thread (as a {@link GroupStore.Check}), which serialises it:
 * not thread-safe otherwise. Every mutation must pass through it, refused ones excepted, so the
 * index follows the store.
 */
final class ConsistencyCheck implements GroupStore.Check {
    private record Entry(MetricType type, int groups) {
    }

    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<String, MetricType> ownTypes;
    private final boolean enabled;

    /**
     * @param ownTypes the types of Ferry's own metric families, which pushes may not contradict
     * @param enabled  false with {@code --push.disable-consistency-check}: nothing is refused
     */
    ConsistencyCheck(Iterable<Group> existing, Map<String, MetricType> ownTypes, boolean enabled) {
        this.ownTypes = Map.copyOf(ownTypes);
        this.enabled = enabled;
        existing.forEach(g -> count(g.families(), +1));
    }

    @Override
    public void check(GroupStore store, Mutation mutation) throws GroupStore.RejectedException {
        switch (mutation) {
            case Mutation.Replace r -> {
                Group old = store.group(r.key());
                List<MetricFamily> replaced = old == null ? List.of() : old.families();
                refuseClashes(r.families(), replaced);
                count(replaced, -1);
                count(r.families(), +1);
            }
            case Mutation.Merge m -> {
                Group old = store.group(m.key());
                List<MetricFamily> replaced = old == null ? List.of()
                        : old.families().stream().filter(f -> m.families().stream()
                        .anyMatch(n -> n.name().equals(f.name()))).toList();
                refuseClashes(m.families(), replaced);
                count(replaced, -1);
                count(m.families(), +1);
            }
            case Mutation.Delete d -> {
                Group old = store.group(d.key());
                if (old != null) {
                    count(old.families(), -1);
                }
            }
            case Mutation.Wipe w -> byName.clear();
            case Mutation.Failure f -> { }
            case Mutation.Restore r -> count(r.group().families(), +1);
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

    private static GroupStore.RejectedException clash(MetricFamily f, MetricType existing, String holder) {
        return new GroupStore.RejectedException("pushed metrics are invalid or inconsistent with existing metrics: "
                + "metric family \"" + f.name() + "\" is pushed as " + f.type().textName() + " but " + holder
                + " has it as " + existing.textName());
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
