package io.ferry.scrape;

import io.ferry.relabel.Relabeler;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * A {@link TargetFilter} that hashes every target into one of {@code shards} shards and scrapes the
 * targets of the shards this Ferry owns. Two hashes, one per way of sharing:
 * <ul>
 *   <li>{@link #hashmod}: {@code static_shard}, Prometheus' recipe ({@code hashmod} of
 *       {@code __address__}, then {@code keep} the member's index): the shard is the last 8 bytes
 *       of the MD5 of the target's address (after relabeling) as a big-endian unsigned 64-bit
 *       number, modulo the count; the owned set is the member's index and never changes.</li>
 *   <li>{@link #byKey}: members on Kafka: the shard is {@link ScrapeTarget#key()} (FNV-1a of the
 *       target's labels after relabeling and its URL, stable across members) modulo the shard
 *       count; the owned set follows the consumer group's assignment through {@link #own}.</li>
 * </ul>
 * With {@code replicas} r above 1, a target of shard s is scraped by its owner and by the next
 * r-1 distinct members met walking the shards s+1, s+2, ... (modulo the count) in the whole
 * assignment ({@link #owners}): r members when there are r. The owner's part follows {@link #own}
 * at once; the replicas' follows the whole assignment as it is learnt, a moment later.
 *
 * <pre>{@code
 * ShardFilter f = ShardFilter.byKey(64, 1);
 * f.own(Set.of(3, 17, 40));     // from the assignment; listeners run before this returns
 * f.scrapes(target);
 * }</pre>
 *
 * <p>Thread-safe; {@link #own} calls are serialised, each publishing an immutable owned set.
 */
public final class ShardFilter implements TargetFilter {
    private final int shards;
    private final int replicas;
    private final ToLongFunction<ScrapeTarget> hash;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile BitSet owned = new BitSet();
    /** Replicas only: this member's name, and each shard's owner (null: unknown) in the whole assignment. */
    private volatile String self;
    private volatile String[] owners = new String[0];
    /** Members on Kafka: whether a lease was given, and until when (System.nanoTime) it holds. */
    private volatile boolean leased;
    private volatile long leaseEndNanos;

    private ShardFilter(int shards, int replicas, ToLongFunction<ScrapeTarget> hash) {
        if (shards <= 0 || replicas <= 0) {
            throw new IllegalArgumentException("shards and replicas must be positive");
        }
        this.shards = shards;
        this.replicas = Math.min(replicas, shards);
        this.hash = hash;
    }

    /** {@code static_shard: {index, count}}: the targets whose address hashmod {@code count} is {@code index}. */
    public static ShardFilter hashmod(int index, int count) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("the shard index must be in [0, count)");
        }
        ShardFilter f = new ShardFilter(count, 1, t -> Relabeler.hashmod(address(t), count));
        f.own(Set.of(index));
        return f;
    }

    /** Members on Kafka: {@code shards} shards by target key, each target scraped by {@code replicas} owners. */
    public static ShardFilter byKey(int shards, int replicas) {
        return new ShardFilter(shards, replicas, t -> Long.remainderUnsigned(t.key(), shards));
    }

    /** The target's {@code __address__} after relabeling: its URL's authority, which is made of it. */
    static String address(ScrapeTarget t) {
        return t.url().getRawAuthority();
    }

    /** The shard of {@code target}, in [0, shards). */
    public int shardOf(ScrapeTarget target) {
        return (int) hash.applyAsLong(target);
    }

    public int shards() {
        return shards;
    }

    /** Makes {@code shards} the owned ones; when that changes the answers, runs the listeners before returning. */
    public synchronized void own(Set<Integer> shards) {
        BitSet next = new BitSet(this.shards);
        shards.forEach(next::set);
        if (next.equals(owned)) {
            return;
        }
        owned = next;
        listeners.forEach(Runnable::run);
    }

    /**
     * With replicas: the whole assignment, each shard's owner by name ({@code self} is this
     * member's); when that changes the answers, runs the listeners before returning.
     */
    public synchronized void owners(String self, Map<Integer, String> owners) {
        String[] next = new String[shards];
        owners.forEach((shard, member) -> next[shard] = member);
        if (self.equals(this.self) && Arrays.equals(next, this.owners)) {
            return;
        }
        this.self = self;
        this.owners = next;
        if (replicas > 1) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * The owned shards may be acted on until {@code endNanos} ({@link System#nanoTime}), unless
     * renewed: the group coordinator last answered this member within its lease. Without a lease
     * (a static shard) scrapes are never held back.
     */
    public void leaseUntil(long endNanos) {
        leaseEndNanos = endNanos;
        leased = true;
    }

    @Override
    public boolean mayScrapeNow() {
        return !leased || System.nanoTime() - leaseEndNanos < 0;
    }

    /** The shards owned now, ascending. */
    public List<Integer> owned() {
        return owned.stream().boxed().toList();
    }

    @Override
    public boolean scrapes(ScrapeTarget target) {
        int s = shardOf(target);
        if (owned.get(s)) {
            return true;
        }
        return replicas > 1 && isReplica(s);
    }

    /** Whether this member is among the first {@code replicas} distinct owners from shard {@code s} on. */
    private boolean isReplica(int s) {
        String[] o = owners;
        String me = self;
        if (o.length != shards || me == null) {
            return false;
        }
        Set<String> met = new HashSet<>();
        for (int i = 0; i < shards && met.size() < replicas; i++) {
            String m = o[(s + i) % shards];
            if (m != null && met.add(m) && m.equals(me)) {
                return true;
            }
        }
        return false;
    }

    /** How many members scrape each target. */
    public int replicas() {
        return replicas;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
