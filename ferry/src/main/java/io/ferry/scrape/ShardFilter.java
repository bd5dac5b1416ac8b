package io.ferry.scrape;

import io.ferry.relabel.Relabeler;

import java.util.BitSet;
import java.util.List;
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
 * With {@code replicas} r above 1, a target of shard s is scraped by the owners of shards s, s+1,
 * ..., s+r-1 (modulo the count): r members when those shards have r owners, fewer (never none)
 * when one member owns several of them.
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

    /** The shards owned now, ascending. */
    public List<Integer> owned() {
        return owned.stream().boxed().toList();
    }

    @Override
    public boolean scrapes(ScrapeTarget target) {
        BitSet o = owned;
        int s = shardOf(target);
        for (int i = 0; i < replicas; i++) {
            if (o.get((s + i) % shards)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
