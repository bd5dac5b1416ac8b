package io.ferry.state;

import io.ferry.model.Labels;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The groups as the writer sees them while it frames a batch: the durable {@link GroupTable} with
 * the batch's mutations on top. Checks read this, so each sees the mutations before it in the batch;
 * readers read the table, which takes the batch's changes only once they are forced
 * ({@link #publish()}), or never ({@link #discard()}).
 *
 * <pre>{@code
 * StagedGroups staged = new StagedGroups(table);
 * check.check(staged, m);      // sees what is staged
 * staged.stage(m);
 * ...                          // append and force the batch, then:
 * staged.publish();            // or, when the write failed: staged.discard()
 * }</pre>
 *
 * <p><b>Thread-safety.</b> The writer thread's alone; the table it publishes to may be read by any
 * thread. Publishing applies the changes in batch order, each atomic for its group.
 *
 * <p><b>Cost.</b> Staging costs what applying costs; publishing, one map operation per mutation.
 * Only the batch's changes are held, never a copy of the table.
 */
final class StagedGroups implements GroupView {
    /** What one mutation leaves: {@code after} for its key (null: none); a null key is a wipe. */
    private record Change(Labels key, Group after) {
    }

    private final GroupTable durable;
    private final List<Change> changes = new ArrayList<>();
    /** The staged group of each key the batch changed; null when the batch removed it. */
    private final Map<Labels, Group> changed = new HashMap<>();
    private boolean wiped;
    private int groupsDelta; // against the durable table, or nothing once wiped
    private long seriesDelta;
    private long discards;

    StagedGroups(GroupTable durable) {
        this.durable = durable;
    }

    /** Stages {@code m} on top of what is staged already. */
    void stage(Mutation m) {
        if (m instanceof Mutation.Wipe) {
            changed.clear();
            wiped = true;
            groupsDelta = 0;
            seriesDelta = 0;
            changes.add(new Change(null, null));
            return;
        }
        Labels key = GroupTable.keyOf(m);
        Group old = group(key);
        Group after = switch (m) {
            case Mutation.Delete d -> null;
            case Mutation.Expire e -> e.qualifies(old) ? null : old;
            default -> GroupTable.applied(old, m);
        };
        changed.put(key, after);
        groupsDelta += (after == null ? 0 : 1) - (old == null ? 0 : 1);
        seriesDelta += (after == null ? 0 : after.seriesCount()) - (old == null ? 0 : old.seriesCount());
        changes.add(new Change(key, after));
    }

    /** Makes the staged changes the table's, in the order they were staged: once they are durable. */
    void publish() {
        for (Change c : changes) {
            if (c.key() == null) {
                durable.clear();
            } else if (c.after() == null) {
                durable.remove(c.key());
            } else {
                durable.put(c.after());
            }
        }
        reset();
    }

    /** Forgets the staged changes, which were not written: the table never saw them. */
    void discard() {
        if (!changes.isEmpty()) {
            discards++;
        }
        reset();
    }

    private void reset() {
        changes.clear();
        changed.clear();
        wiped = false;
        groupsDelta = 0;
        seriesDelta = 0;
    }

    @Override
    public Group group(Labels key) {
        if (changed.containsKey(key)) {
            return changed.get(key);
        }
        return wiped ? null : durable.group(key);
    }

    @Override
    public Collection<Group> groups() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Group> iterator() {
                Stream<Group> kept = wiped ? Stream.empty()
                        : durable.groups().stream().filter(g -> !changed.containsKey(g.key()));
                return Stream.concat(changed.values().stream().filter(Objects::nonNull), kept).iterator();
            }

            @Override
            public int size() {
                return (wiped ? 0 : durable.size()) + groupsDelta;
            }
        };
    }

    @Override
    public long seriesCount() {
        return (wiped ? 0 : durable.seriesCount()) + seriesDelta;
    }

    @Override
    public long discards() {
        return discards;
    }
}
