package io.ferry.state;

import io.ferry.model.Labels;

import java.util.Collection;

/**
 * The groups as someone reads them: readers of a {@link GroupStore} see what is durable, and a
 * {@link GroupStore.Check} sees that plus the mutations before its own in the batch being written.
 *
 * <pre>{@code
 * GroupStore.Check noNewGroups = (groups, m) -> {
 *     if (m instanceof Mutation.Replace r && groups.group(r.key()) == null) {
 *         throw new GroupStore.RejectedException("no new groups");
 *     }
 * };
 * }</pre>
 *
 * <p><b>Thread-safety.</b> As its owner says: a store's view may be read from any thread, a check's
 * view only in the check.
 */
public interface GroupView {

    /** The group with exactly this key, or null. */
    Group group(Labels key);

    /** The groups, a live view: each element is an immutable group at some recent version. */
    Collection<Group> groups();

    /** The series of all groups together ({@link Group#seriesCount()} summed), without a pass over them. */
    long seriesCount();

    /**
     * How many times mutations that passed their checks were then discarded unwritten (their batch
     * failed to reach the disk). A check that keeps an index of the mutations it passed rebuilds it
     * from {@link #groups()} when this changes.
     */
    default long discards() {
        return 0;
    }
}
