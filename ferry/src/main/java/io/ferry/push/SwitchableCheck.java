package io.ferry.push;

import io.ferry.model.MetricType;
import io.ferry.state.GroupStore;
import io.ferry.state.GroupView;
import io.ferry.state.Mutation;

import java.util.Map;

/**
 * A {@link ConsistencyCheck} that can be turned on and off while Ferry runs ({@code /-/reload}).
 *
 * <p>The check keeps an index that must follow every mutation, and whether it refuses clashes is
 * fixed when it is built; so a switch takes effect by building a new one from the groups as they
 * are, on the store's writer thread, before the first mutation after the switch. The same happens
 * after the store discarded mutations the index had counted ({@link GroupView#discards()}: a write
 * that failed). That costs one pass over the store per switch or failed write, never per push.
 */
final class SwitchableCheck implements GroupStore.Check {
    private final Map<String, MetricType> ownTypes;
    private volatile boolean wanted;
    // Writer thread only.
    private boolean built;
    private long builtAfterDiscards;
    private ConsistencyCheck check;

    SwitchableCheck(GroupView existing, Map<String, MetricType> ownTypes, boolean enabled) {
        this.ownTypes = Map.copyOf(ownTypes);
        this.wanted = enabled;
        this.built = enabled;
        this.builtAfterDiscards = existing.discards();
        this.check = new ConsistencyCheck(existing.groups(), ownTypes, enabled);
    }

    /** Whether mutations applied from now on are checked. */
    boolean enabled() {
        return wanted;
    }

    /** Turns the check on or off for mutations applied from now on. */
    void enable(boolean on) {
        wanted = on;
    }

    @Override
    public void check(GroupView store, Mutation mutation) throws GroupStore.RejectedException {
        boolean on = wanted;
        if (on != built || store.discards() != builtAfterDiscards) {
            check = new ConsistencyCheck(store.groups(), ownTypes, on);
            built = on;
            builtAfterDiscards = store.discards();
        }
        check.check(store, mutation);
    }
}
