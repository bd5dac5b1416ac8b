package io.ferry.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * The shards this member may act on: those of its last assignment, for as long as the group
 * coordinator keeps answering it. Kafka's consumer, cut off from its coordinator, keeps its
 * assignment until it rejoins; meanwhile the coordinator, hearing nothing for the session timeout,
 * gives its shards to other members. So a member that has not heard from the coordinator for the
 * {@code lease} (shorter than the session timeout by a margin) drops every shard, and takes shards
 * again only from a new assignment: it stops scraping before another member can start.
 *
 * <pre>{@code
 * ShardLease lease = new ShardLease(64, 16, Duration.ofSeconds(7), System::nanoTime);
 * lease.assigned(consumer.assignment() shards);   // a rebalance completed: the coordinator answered
 * if (lease.check(heartbeatResponses)) {          // each poll: lapsed now, every shard dropped
 *     consumer.enforceRebalance();                // so that a new assignment comes
 * }
 * lease.owned();
 * }</pre>
 *
 * <p>Not thread-safe: the ownership consumer's thread alone uses it.
 */
final class ShardLease {
    private final int shards;
    private final int partitions;
    private final long leaseNanos;
    private final LongSupplier nanoTime;
    private OwnedShards owned;
    private long renewedNanos;
    private double answers = Double.NaN;
    private boolean lapsed;

    /**
     * @param shards     how many shards there are
     * @param partitions the state topic's partitions
     * @param lease      how long without an answer from the coordinator the shards are kept
     * @param nanoTime   the clock, as {@link System#nanoTime}
     */
    ShardLease(int shards, int partitions, Duration lease, LongSupplier nanoTime) {
        this.shards = shards;
        this.partitions = partitions;
        this.leaseNanos = lease.toNanos();
        this.nanoTime = nanoTime;
        this.owned = OwnedShards.none(shards, partitions);
        this.renewedNanos = nanoTime.getAsLong();
    }

    /** The shards this member may act on now. */
    OwnedShards owned() {
        return owned;
    }

    /** Until when ({@code nanoTime}) the shards may be acted on without another answer from the coordinator. */
    long endNanos() {
        return renewedNanos + leaseNanos;
    }

    /** Whether the shards were dropped for want of the coordinator, and no assignment came since. */
    boolean lapsed() {
        return lapsed;
    }

    /** A rebalance completed: {@code assignment} is the whole of this member's shards now, and the lease renewed. */
    void assigned(Collection<Integer> assignment) {
        owned = OwnedShards.of(shards, partitions, assignment);
        lapsed = false;
        renewedNanos = nanoTime.getAsLong();
    }

    /** {@code released} were revoked or lost: given to other members. */
    void released(Collection<Integer> released) {
        owned = owned.with(released, false);
    }

    /**
     * Called on every turn of the consumer's loop with how many answers the coordinator has given
     * so far (its heartbeat responses): a change renews the lease. Returns true when the lease lapsed
     * at this call, dropping every shard; answers that come afterwards renew the lease but give no
     * shard back: only {@link #assigned} does.
     */
    boolean check(double coordinatorAnswers) {
        long now = nanoTime.getAsLong();
        if (Double.compare(coordinatorAnswers, answers) != 0) {
            answers = coordinatorAnswers;
            renewedNanos = now;
            return false;
        }
        if (lapsed || owned.list().isEmpty() || now - renewedNanos < leaseNanos) {
            return false;
        }
        owned = OwnedShards.none(shards, partitions);
        lapsed = true;
        return true;
    }
}
