package io.ferry.cluster;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The shards one member owns at one moment, and what follows from them: the state-topic partitions
 * it owns (partition p with shard {@code p % shards}), whose groups' expiry, liveness, snapshots
 * and self-scrape are its to do. Immutable.
 *
 * <pre>{@code
 * OwnedShards owned = ownership.current();
 * if (owned.ownsPartition(p)) { ... }            // expiry sweep, snapshot, self-scrape of partition p
 * owned.partitions(16);                           // the state partitions it owns
 * }</pre>
 */
public final class OwnedShards {
    private final int shards;
    private final BitSet owned;

    private OwnedShards(int shards, BitSet owned) {
        this.shards = shards;
        this.owned = owned;
    }

    /** Owning nothing yet, of {@code shards}. */
    public static OwnedShards none(int shards) {
        return new OwnedShards(shards, new BitSet());
    }

    /** Owning {@code owned} of {@code shards}. */
    public static OwnedShards of(int shards, Iterable<Integer> owned) {
        BitSet b = new BitSet(shards);
        owned.forEach(s -> {
            if (s < 0 || s >= shards) {
                throw new IllegalArgumentException("shard " + s + " is not in [0, " + shards + ")");
            }
            b.set(s);
        });
        return new OwnedShards(shards, b);
    }

    /** How many shards there are (the shards topic's partitions). */
    public int shards() {
        return shards;
    }

    public boolean owns(int shard) {
        return owned.get(shard);
    }

    /** Whether this member owns state-topic partition {@code partition}: it owns shard {@code partition % shards}. */
    public boolean ownsPartition(int partition) {
        return owned.get(partition % shards);
    }

    /** The owned shards, ascending. */
    public List<Integer> list() {
        return owned.stream().boxed().toList();
    }

    /** The owned ones of a topic's {@code partitions} partitions, ascending. */
    public List<Integer> partitions(int partitions) {
        return IntStream.range(0, partitions).filter(this::ownsPartition).boxed().toList();
    }

    /** This set with {@code shards} added ({@code add}) or removed. */
    OwnedShards with(Iterable<Integer> changed, boolean add) {
        BitSet b = (BitSet) owned.clone();
        changed.forEach(s -> b.set(s, add));
        return new OwnedShards(shards, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnedShards other && shards == other.shards && owned.equals(other.owned);
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
