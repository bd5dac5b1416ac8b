package io.ferry.cluster;

import io.ferry.cluster.internal.ClusterTopics;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Which shards this member owns: one Kafka consumer in the owners' group ({@link #groupOf}),
 * subscribed to the shards topic, whose partitions are the shards (it carries no records). Kafka's
 * group protocol divides them among the live members; a member that leaves or stops heartbeating for
 * {@value #SESSION_TIMEOUT_MS} ms loses its shards to the others. The cooperative-sticky assignor
 * keeps survivors' shards where they are, and revokes a shard from its old owner before it assigns
 * it to the new one, so two members never own one shard at once while both are alive. As
 * {@link OwnedPartitions}, it owns the state-topic partitions of its shards ({@link OwnedShards}):
 * the groups whose expiry, liveness, snapshots and self-scrape are this member's to do.
 *
 * <p><b>Fencing.</b> A member cut off from the group coordinator (a network partition, a broker it
 * alone cannot reach) is, to the group, a member that stopped heartbeating: after the session
 * timeout its shards go to the others, while Kafka's consumer keeps its assignment until it
 * rejoins. So this member holds its shards on a {@link ShardLease}: when the coordinator has not
 * answered a heartbeat for {@value #LEASE_MS} ms (the session timeout less a heartbeat interval), it
 * drops every shard, its listeners stop the work, and it asks to rejoin; it takes shards again only
 * from the assignment that rejoining brings. A target is never scraped by two members, at the
 * price of a gap when the coordinator is slow to answer (a rebalance waiting that long for a member).
 *
 * <pre>{@code
 * Ownership ownership = Ownership.start(options, "ferry-1", admin);
 * ownership.onChange(owned -> shardFilter.own(Set.copyOf(owned.list())));
 * ownership.onAssignment(owners -> shardFilter.owners("ferry-1", owners));   // for replicas
 * ownership.owns(partition);                       // a state-topic partition: OwnedPartitions
 * ownership.close();                               // leaves the group: the others take the shards at once
 * }</pre>
 *
 * <p><b>Threads.</b> The consumer runs on a thread of its own. Listeners are called on it, one
 * change at a time in the order of the changes, after {@link #current} shows the change; a revoke
 * takes effect at Kafka (the shard is given to another member) only once the listeners returned, so a
 * listener that stops work before returning hands the work over without overlap. Listeners must not
 * call {@link #close}. {@link #current}, {@link #onChange} and {@link #members} are thread-safe.
 */
public final class Ownership implements OwnedPartitions, AutoCloseable {
    /** The consumer group whose members own the shards of the default shards topic. */
    static final String DEFAULT_GROUP = "ferry-owners";
    static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int HEARTBEAT_INTERVAL_MS = 3_000;
    /**
     * How long without an answer from the coordinator this member keeps its shards: the session
     * timeout less a heartbeat interval, a margin for noticing (a poll's turn) and for the listeners
     * to stop the work before the coordinator gives the shards to another member.
     */
    static final int LEASE_MS = SESSION_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS;
    private static final Duration POLL = Duration.ofMillis(500);
    /** The consumer's count of heartbeat responses: each is an answer from the group coordinator. */
    private static final MetricName HEARTBEATS = new MetricName("heartbeat-total", "consumer-coordinator-metrics", "",
            Map.of());
    /** How often the whole assignment is read again for {@link #onAssignment}, besides after each change. */
    private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(5);
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Log.logger();

    private final String memberId;
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final List<Consumer<OwnedShards>> listeners = new ArrayList<>(); // guarded by itself
    private final List<Consumer<Map<Integer, String>>> assignmentListeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> leaseListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean describeSoon;
    private Map<Integer, String> assignment = Map.of(); // the ownership thread's
    private final Thread thread;
    private final String group;
    private final ShardLease lease; // the ownership thread's
    private final Metric heartbeats;
    private volatile OwnedShards owned;
    private volatile boolean closing;

    private Ownership(ClusterOptions options, String memberId, Admin admin) {
        this.memberId = memberId;
        this.topic = options.topics().shards();
        this.group = groupOf(options.topics());
        this.admin = admin;
        this.owned = OwnedShards.none(options.shards(), options.partitions());
        this.lease = new ShardLease(options.shards(), options.partitions(), Duration.ofMillis(LEASE_MS), System::nanoTime);
        this.consumer = new KafkaConsumer<>(consumerProperties(options, memberId), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.heartbeats = heartbeatMetric(consumer);
        this.thread = Thread.ofPlatform().name("ferry-ownership").daemon().unstarted(this::run);
    }

    /**
     * Creates the shards topic when absent ({@code shards} partitions, no records; a topic another
     * member created at the same moment is fine), then joins the group; shards arrive (and
     * listeners are called) once Kafka assigns them, in a few seconds.
     *
     * @param admin for the topic and {@link #members}; the caller closes it after this
     */
    public static Ownership start(ClusterOptions options, String memberId, Admin admin) throws IOException {
        KafkaLogging.quiet();
        ClusterTopics.createAbsent(admin, options, List.of(ClusterTopics.shards(options)));
        ClusterTopics.checkPartitions(admin, options, List.of(ClusterTopics.shards(options)), "cluster.shards");
        Ownership o = new Ownership(options, memberId, admin);
        try {
            o.awaitNoOtherNamed(memberId);
        } catch (IOException | RuntimeException e) {
            o.consumer.close(Duration.ZERO);
            throw e;
        }
        o.consumer.subscribe(List.of(o.topic), o.new Rebalance());
        o.thread.start();
        return o;
    }

    /**
     * Waits, up to a session timeout and a little more, until the group has no member named
     * {@code memberId}: one that crashed a moment ago stays listed until its session times out,
     * while a running member of that name (a second member given the same {@code member_id})
     * stays for good, and then two members would scrape as one replica and show as one.
     */
    private void awaitNoOtherNamed(String memberId) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SESSION_TIMEOUT_MS + 5_000L);
        while (isInGroup(memberId)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("another member of the cluster runs as member_id \"" + memberId
                        + "\" (still in the group " + group + " after its session timeout): give each member its own "
                        + "cluster.member_id");
            }
            LOG.info("waiting for the last member named as this one to leave the group", "member", memberId);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to join the group " + group, e);
            }
        }
    }

    /** Whether the group has a member named {@code memberId}; false while it has never had one. */
    private boolean isInGroup(String memberId) throws IOException {
        try {
            return members(DESCRIBE_TIMEOUT).stream().anyMatch(m -> m.memberId().equals(memberId));
        } catch (IOException e) {
            if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /** The consumer's {@link #HEARTBEATS}, matched by name and group (its tags name the client). */
    private static Metric heartbeatMetric(KafkaConsumer<?, ?> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
            if (m.getKey().name().equals(HEARTBEATS.name()) && m.getKey().group().equals(HEARTBEATS.group())) {
                return m.getValue();
            }
        }
        consumer.close(Duration.ZERO);
        throw new IllegalStateException("Kafka's consumer has no metric " + HEARTBEATS.group() + "/"
                + HEARTBEATS.name() + ": shard ownership cannot tell when the group coordinator stops answering");
    }

    /**
     * The consumer group whose members own the shards: {@code ferry-owners} for the default topics,
     * else named after the shards topic, so that two clusters on one Kafka (each with its own
     * {@code cluster.topics}) divide their own shards and list their own members.
     */
    static String groupOf(ClusterOptions.Topics topics) {
        boolean defaults = topics.shards().equals(ClusterOptions.Topics.DEFAULTS.shards());
        return defaults ? DEFAULT_GROUP : topics.shards() + "-owners";
    }

    static Map<String, Object> consumerProperties(ClusterOptions options, String memberId) {
        Map<String, Object> p = new HashMap<>(options.client());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(options.topics()));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, memberId);
        // The classic protocol assigns in seconds here; the new one (KIP-848) took over ten.
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /** The shards owned now. */
    public OwnedShards current() {
        return owned;
    }

    /** Whether this member owns state-topic partition {@code partition} now: it owns the partition's shard. */
    @Override
    public boolean owns(int partition) {
        return owned.ownsPartition(partition);
    }

    /** How many times the owned set changed since start. */
    public long changes() {
        return changes.get();
    }

    /**
     * Calls {@code listener} at once with the owned set, then with the new set after each change
     * (see the class comment), so a listener added after the first assignment misses nothing.
     */
    public void onChange(Consumer<OwnedShards> listener) {
        synchronized (listeners) {
            listeners.add(listener);
            notify(listener, owned);
        }
    }

    /**
     * Calls {@code listener}, on the consumer's thread after each poll, with the time
     * ({@link System#nanoTime}) until which this member's shards hold without another answer from
     * the group coordinator: scrapes check it, so that a member resumed after a pause longer than
     * the lease scrapes nothing before this thread has dropped the shards others took.
     */
    public void onLease(LongConsumer listener) {
        leaseListeners.add(listener);
    }

    /**
     * Calls {@code listener} with the whole assignment (each shard's owner, by member name) on the
     * consumer's thread, after each change of this member's shards and every few seconds when it
     * changed: a view that lags the members' own by a moment, for choosing replicas.
     */
    public void onAssignment(Consumer<Map<Integer, String>> listener) {
        assignmentListeners.add(listener);
        describeSoon = true;
    }

    /** This member's name in the group (its Kafka client id). */
    public String memberId() {
        return memberId;
    }

    /** One member of the group as Kafka describes it: its name (client id), host and shards. */
    public record Member(String memberId, String host, List<Integer> shards) {
    }

    /**
     * The group's members and the shards each owns, as the group coordinator describes them (a
     * moment's view: during a rebalance, a shard may be in no member's list).
     *
     * @throws IOException when Kafka does not answer within {@code timeout}
     */
    public List<Member> members(Duration timeout) throws IOException {
        ConsumerGroupDescription described;
        try {
            described = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while describing the group " + group, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot describe the group " + group + ": " + e, e);
        }
        List<Member> out = new ArrayList<>();
        for (MemberDescription m : described.members()) {
            List<Integer> shards = m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .map(TopicPartition::partition).sorted().toList();
            out.add(new Member(m.clientId(), m.host(), shards));
        }
        out.sort(Comparator.comparing(Member::memberId));
        return out;
    }

    private void run() {
        try {
            long nextDescribe = System.nanoTime();
            while (!closing) {
                consumer.poll(POLL);
                if (lease.check(((Number) heartbeats.metricValue()).doubleValue())) {
                    fence();
                }
                long leaseEnd = lease.endNanos();
                leaseListeners.forEach(l -> l.accept(leaseEnd));
                if (!lease.lapsed() && !assignmentListeners.isEmpty()
                        && (describeSoon || System.nanoTime() - nextDescribe >= 0)) {
                    describeSoon = false;
                    nextDescribe = System.nanoTime() + DESCRIBE_EVERY.toNanos();
                    describeAssignment();
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll.
        } catch (RuntimeException e) {
            LOG.error("the shard ownership consumer stopped; this member gives up its shards", "err", e);
        } finally {
            try {
                consumer.close(); // leaves the group: onPartitionsRevoked gives every shard up first
            } catch (RuntimeException e) {
                LOG.warn("leaving the ownership group failed", "err", e.getMessage());
            }
            change(owned.with(owned.list(), false));
        }
    }

    /** The coordinator has not answered for the lease: the shards may be another member's by now. */
    private void fence() {
        LOG.warn("the group coordinator has not answered for " + LEASE_MS + " ms; this member stops the work of "
                + "its shards until Kafka assigns it shards again", "member", memberId);
        change(lease.owned());
        if (!assignment.isEmpty()) {
            assignment = Map.of();
            assignmentListeners.forEach(l -> l.accept(assignment));
        }
        consumer.enforceRebalance("the group coordinator did not answer for " + LEASE_MS + " ms");
    }

    /** Reads the whole assignment and tells the listeners when it changed; Kafka not answering changes nothing. */
    private void describeAssignment() {
        Map<Integer, String> next = new HashMap<>();
        try {
            for (Member m : members(Duration.ofSeconds(5))) {
                m.shards().forEach(shard -> next.put(shard, m.memberId()));
            }
        } catch (IOException e) {
            LOG.debug("cannot read the ownership group's assignment", "err", e.getMessage());
            return;
        }
        if (!next.equals(assignment)) {
            assignment = Map.copyOf(next);
            assignmentListeners.forEach(l -> l.accept(assignment));
        }
    }

    private void change(OwnedShards next) {
        synchronized (listeners) {
            if (next.equals(owned)) {
                return;
            }
            owned = next;
            changes.incrementAndGet();
            describeSoon = true;
            LOG.info("owned shards changed", "member", memberId, "shards", next.list().size(), "of", next.shards());
            listeners.forEach(l -> notify(l, next));
        }
    }

    private static void notify(Consumer<OwnedShards> listener, OwnedShards owned) {
        try {
            listener.accept(owned);
        } catch (RuntimeException e) {
            LOG.error("an ownership listener failed", "err", e);
        }
    }

    private static List<Integer> shards(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    /** Runs on the consumer's thread, inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            lease.released(shards(partitions));
            change(lease.owned());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Called after every rebalance (with the shards added, maybe none): the whole assignment
            // is this member's now, also the shards it kept but dropped when its lease lapsed.
            lease.assigned(shards(consumer.assignment()));
            change(lease.owned());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Kafka gave them to others already (a missed session): stop at once.
            lease.released(shards(partitions));
            change(lease.owned());
        }
    }

    /** Leaves the group, handing every shard over; listeners see the empty set before this returns. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
