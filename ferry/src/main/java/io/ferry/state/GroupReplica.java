package io.ferry.state;

import io.ferry.model.Labels;

import java.util.Collection;

/**
 * The groups as a reader of a replicated log holds them: mutations applied one at a time, in log
 * order, each checked against the groups just before it ({@link GroupStore.Check}) and applied only
 * if it passes, so that every reader of the same log with the same check ends with the same groups.
 * An {@link Mutation.Expire} whose group was pushed since is refused before the check sees it.
 *
 * <pre>{@code
 * GroupReplica replica = new GroupReplica();
 * try {
 *     replica.apply(mutation, checks);
 * } catch (GroupStore.RejectedException e) { ... } // unchanged
 * }</pre>
 *
 * <p><b>Thread-safety.</b> One thread applies; any thread may read at any time, seeing each group
 * wholly before or after a mutation.
 */
public final class GroupReplica implements GroupView {
    private final GroupTable table = new GroupTable();

    /** Checks {@code m} against the groups as they are, then applies it; refused, nothing changes. */
    public void apply(Mutation m, GroupStore.Check check) throws GroupStore.RejectedException {
        if (m instanceof Mutation.Expire e && !e.qualifies(table.group(e.key()))) {
            throw new GroupStore.RejectedException("group " + e.key() + " was pushed since it was found stale");
        }
        check.check(this, m);
        table.apply(m);
    }

    /** The key of the one group {@code m} changes; a wipe changes them all and has none. */
    public static Labels keyOf(Mutation m) {
        return GroupTable.keyOf(m);
    }

    @Override
    public Group group(Labels key) {
        return table.group(key);
    }

    @Override
    public Collection<Group> groups() {
        return table.groups();
    }

    @Override
    public long seriesCount() {
        return table.seriesCount();
    }

    /** As {@link GroupStore#changes()}. */
    public long changes() {
        return table.changes();
    }
}
