package io.ferry.push;

import io.ferry.model.MetricType;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.Mutation;

import java.util.Map;

/**
 * A {@link ConsistencyCheck} that can be turned on and off while Ferry runs ({@code /-/reload}).
 *
 * <p>The check keeps an index that must follow every mutation, and whether it refuses clashes is
 * fixed when it is built; so a switch takes effect by building a new one from the groups as they
 * are, on the store's writer thread, before the first mutation after the switch. That costs one
 * pass over the store per switch, never per push.
 */
final class SwitchableCheck implements GroupStore.Check {
    private final Map<String, MetricType> ownTypes;
    private volatile boolean wanted;
    // Writer thread only.
    private boolean built;
    private ConsistencyCheck check;

    SwitchableCheck(Iterable<Group> existing, Map<String, MetricType> ownTypes, boolean enabled) {
        this.ownTypes = Map.copyOf(ownTypes);
        this.wanted = enabled;
        this.built = enabled;
        this.check = new ConsistencyCheck(existing, ownTypes, enabled);
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
    public void check(GroupStore store, Mutation mutation) throws GroupStore.RejectedException {
        boolean on = wanted;
        if (on != built) {
            check = new ConsistencyCheck(store.groups(), ownTypes, on);
            built = on;
        }
        check.check(store, mutation);
    }
}
