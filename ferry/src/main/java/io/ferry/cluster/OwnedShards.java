package io.ferry.cluster;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The shards one member owns at one moment, and what follows from them: the state-topic partitions
 * it owns, whose groups' expiry, liveness, snapshots and self-scrape are its to do. Partition p of
 * P belongs to shard {@code p * shards / P} (modulo {@code shards}): the partitions are spread over
 * the whole range of shards, so that members owning contiguous runs of shards (as Kafka's sticky
 * assignor hands them out) share the partitions too. Immutable.
 *
 * <pre>{@code
 * OwnedShards owned = ownership.current();
 * if (owned.ownsPartition(p)) { ... }            // expiry sweep, snapshot, self-scrape of partition p
 * owned.partitions();                             // the state partitions it owns
 * }</pre>
 */
public final class OwnedShards {
    private final int shards;
    private final int partitions;
    private final BitSet owned;

    private OwnedShards(int shards, int partitions, BitSet owned) {
        if (shards < 1 || partitions < 1) {
            throw new IllegalArgumentException("shards and partitions must be at least 1");
        }
        this.shards = shards;
        this.partitions = partitions;
        this.owned = owned;
    }

    /** Owning nothing yet, of {@code shards}, with a state topic of {@code partitions}. */
    public static OwnedShards none(int shards, int partitions) {
        return new OwnedShards(shards, partitions, new BitSet());
    }

    /** Owning {@code owned} of {@code shards}, with a state topic of {@code partitions}. */
    public static OwnedShards of(int shards, int partitions, Iterable<Integer> owned) {
        BitSet b = new BitSet(shards);
        owned.forEach(s -> {
            if (s < 0 || s >= shards) {
                throw new IllegalArgumentException("shard " + s + " is not in [0, " + shards + ")");
            }
            b.set(s);
        });
        return new OwnedShards(shards, partitions, b);
    }

    /** How many shards there are (the shards topic's partitions). */
    public int shards() {
        return shards;
    }

    public boolean owns(int shard) {
        return owned.get(shard);
    }

    /** The shard state-topic partition {@code partition} belongs to. */
    public int shardOfPartition(int partition) {
        return (int) ((long) partition * shards / partitions % shards);
    }

    /** Whether this member owns state-topic partition {@code partition}: it owns the partition's shard. */
    public boolean ownsPartition(int partition) {
        return owned.get(shardOfPartition(partition));
    }

    /** The owned shards, ascending. */
    public List<Integer> list() {
        return owned.stream().boxed().toList();
    }

    /** The owned state-topic partitions, ascending. */
    public List<Integer> partitions() {
        return IntStream.range(0, partitions).filter(this::ownsPartition).boxed().toList();
    }

    /** This set with {@code shards} added ({@code add}) or removed. */
    OwnedShards with(Iterable<Integer> changed, boolean add) {
        BitSet b = (BitSet) owned.clone();
        changed.forEach(s -> b.set(s, add));
        return new OwnedShards(shards, partitions, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnedShards other && shards == other.shards && partitions == other.partitions
                && owned.equals(other.owned);
    }

    @Override
    public int hashCode() {
        return owned.hashCode() * 31 + shards;
    }

    @Override
    public String toString() {
        return list() + " of " + shards;
    }
}
