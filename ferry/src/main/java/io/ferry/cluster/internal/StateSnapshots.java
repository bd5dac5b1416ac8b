package io.ferry.cluster.internal;

import io.ferry.model.Labels;
import io.ferry.state.Group;
import io.ferry.state.GroupReplica;
import io.ferry.state.GroupView;
import io.ferry.state.Mutation;
import io.ferry.state.MutationBytes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;

/**
 * The snapshots topic: each group of a state partition as it stood at an offset of that partition,
 * keyed by grouping key in the same partition, so that a starting member need not replay the whole
 * state topic. Compacted: the last record of a key wins; a deleted group's record is a tombstone.
 *
 * <pre>{@code
 * StateSnapshots snapshots = new StateSnapshots("ferry-state-snapshots");
 * snapshots.changed(partition, key);                 // as each record applies
 * snapshots.write(producer, owned, applied, groups); // every snapshot_interval, by the owner
 * StateSnapshots.Loaded l = StateSnapshots.load(consumer, topic, partitions, timeout); // at start
 * }</pre>
 *
 * <p>A record's header {@code ferry.offset} is the state partition's next offset when it was taken:
 * the group reflects every record below it and none from it on. Every changed group of a partition
 * is written together at one offset, and a key whose write failed is marked changed again; so each
 * group's last change lies below its own snapshot's offset, or at or above the lowest snapshot
 * offset of its partition, where the replay starts ({@link Loaded#replayFrom}).
 *
 * <p><b>Thread-safety.</b> {@link #changed} and {@link #write} are the applier thread's; a failed
 * write's callback may mark keys from the producer's thread.
 */
public final class StateSnapshots {
    private static final String OFFSET = "ferry.offset";

    private final String topic;
    /** The keys changed since this member last wrote each partition's snapshot. */
    private final Map<Integer, Set<Labels>> changed = new ConcurrentHashMap<>();
    /** When the last round began whose every record Kafka took (epoch milliseconds); 0 before one has. */
    private volatile long lastWrittenMillis;

    public StateSnapshots(String topic) {
        this.topic = topic;
    }

    /** The group {@code key} of state partition {@code partition} was changed (or deleted) by a record. */
    public void changed(int partition, Labels key) {
        changed.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(key);
    }

    /**
     * Writes the changed groups of the partitions {@code owned} accepts, each at its partition's
     * next offset {@code applied}; returns how many records it sent. Once Kafka has taken every
     * one of them (at once when there are none), {@link #lastWrittenMillis} is this round's start.
     */
    public int write(Producer<byte[], byte[]> producer, IntPredicate owned, IntToLongFunction applied, GroupView groups) {
        long began = System.currentTimeMillis();
        AtomicInteger pending = new AtomicInteger(1); // the round itself, until every record is sent
        AtomicBoolean failed = new AtomicBoolean();
        Runnable done = () -> {
            if (pending.decrementAndGet() == 0 && !failed.get()) {
                lastWrittenMillis = Math.max(lastWrittenMillis, began); // an older round may end after a newer one
            }
        };
        int sent = 0;
        for (Map.Entry<Integer, Set<Labels>> e : changed.entrySet()) {
            int partition = e.getKey();
            if (!owned.test(partition)) {
                continue;
            }
            List<Header> headers = List.of(new RecordHeader(OFFSET,
                    ByteBuffer.allocate(8).putLong(applied.applyAsLong(partition)).array()));
            for (Labels key : List.copyOf(e.getValue())) {
                e.getValue().remove(key);
                Group g = groups.group(key);
                byte[] value = g == null ? null : MutationBytes.encode(new Mutation.Restore(g));
                pending.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, partition, keyBytes(key), value, headers), (md, error) -> {
                    if (error != null) {
                        failed.set(true);
                        changed(partition, key); // the next round writes it again
                    }
                    done.run();
                });
                sent++;
            }
        }
        done.run();
        return sent;
    }

    /** When the last round began whose every record Kafka took (epoch milliseconds); 0 before one has. */
    public long lastWrittenMillis() {
        return lastWrittenMillis;
    }

    /**
     * What the snapshots topic holds: the groups, the offset each reflects, and where each state
     * partition's replay starts.
     *
     * @param groups  the last snapshot of each group not deleted
     * @param offsets the offset each key's last snapshot reflects, tombstones included: a record of
     *                the state topic below it is already in the snapshot
     */
    public record Loaded(List<Group> groups, Map<Labels, Long> offsets, long[] replayFrom) {
        /** Whether the state record of {@code key} at {@code offset} is already in a snapshot. */
        public boolean covers(Labels key, long offset) {
            Long at = offsets.get(key);
            return at != null && offset < at;
        }
    }

    /**
     * Reads the snapshots topic to its end offsets as they are now (within {@code timeout}), with
     * {@code consumer}, which it leaves assigned to it. Throws {@link IOException} when a record does
     * not decode or the end is not reached in time.
     */
    public static Loaded load(Consumer<byte[], byte[]> consumer, String topic, int partitions, Duration timeout)
            throws IOException {
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
        Map<Labels, ConsumerRecord<byte[], byte[]>> last = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(consumer, ends, timeout)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the snapshots topic " + topic + " was not read to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                last.put(key(r.key()), r);
            }
        }
        List<Group> groups = new java.util.ArrayList<>();
        Map<Labels, Long> offsets = new HashMap<>();
        long[] replayFrom = new long[partitions];
        boolean[] seen = new boolean[partitions];
        for (Map.Entry<Labels, ConsumerRecord<byte[], byte[]>> e : last.entrySet()) {
            ConsumerRecord<byte[], byte[]> r = e.getValue();
            Header h = r.headers().lastHeader(OFFSET);
            if (h == null) {
                continue;
            }
            long at = ByteBuffer.wrap(h.value()).getLong();
            offsets.put(e.getKey(), at);
            int p = r.partition();
            replayFrom[p] = seen[p] ? Math.min(replayFrom[p], at) : at;
            seen[p] = true;
            if (r.value() != null && MutationBytes.decode(r.value()) instanceof Mutation.Restore restore) {
                groups.add(restore.group());
            }
        }
        return new Loaded(groups, offsets, replayFrom);
    }

    private static boolean reached(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends, Duration timeout) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A grouping key's bytes, those of its delete: one encoding for keys and mutations. */
    public static byte[] keyBytes(Labels key) {
        return MutationBytes.encode(new Mutation.Delete(key));
    }

    private static Labels key(byte[] bytes) throws IOException {
        return GroupReplica.keyOf(MutationBytes.decode(bytes));
    }
}
