package io.ferry.cluster;

import java.util.Set;

/**
 * Which partitions of the state topic this member decides for: it sweeps their groups for expiry,
 * evaluates their liveness and forwards them in its self-scrape, so that each decision is made by
 * one member. {@code cluster.Ownership} implements it from the consumer group's assignment.
 *
 * <pre>{@code
 * OwnedPartitions owned = OwnedPartitions.fixed(Set.of(0, 1));
 * if (owned.owns(store.partitionOf(group.key()))) { ... }
 * }</pre>
 *
 * <p><b>Contract.</b> Thread-safe: any thread may ask at any time. An answer reflects one
 * assignment as a whole (implementations swap an immutable set), never half of a change. Ownership
 * moves; two members may both believe they own a partition for the moment a reassignment takes,
 * so what an owner decides is written as a conditional record that every member evaluates alike
 * (an {@code Expire}), and a duplicate decision changes nothing.
 */
@FunctionalInterface
public interface OwnedPartitions {
    /** Every partition: a member alone. */
    OwnedPartitions ALL = partition -> true;

    /** Whether this member owns state-topic partition {@code partition} now. */
    boolean owns(int partition);

    /** Exactly {@code partitions}, for good (tests, and a member told its share). */
    static OwnedPartitions fixed(Set<Integer> partitions) {
        Set<Integer> copy = Set.copyOf(partitions);
        return copy::contains;
    }
}
