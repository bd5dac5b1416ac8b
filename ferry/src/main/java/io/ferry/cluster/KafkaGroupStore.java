package io.ferry.cluster;

import io.ferry.cluster.internal.ClusterTopics;
import io.ferry.cluster.internal.StateSnapshots;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.state.Group;
import io.ferry.state.GroupReplica;
import io.ferry.state.GroupStore;
import io.ferry.state.Mutation;
import io.ferry.state.MutationBytes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * The push state of a cluster of members, replicated through a Kafka topic: every mutation is a
 * record of the state topic, and every member applies every record, in offset order, to its own
 * copy of the groups (docs/cluster.md).
 *
 * <pre>{@code
 * KafkaGroupStore store = KafkaGroupStore.open(options, "member-a");
 * PushService push = new PushService(store, ownTypes, pushOptions, clock);
 * store.start(push.checks());                 // catches up, then follows the topic
 * push.push(key, true, body, type, null).join(); // acknowledged once Kafka has it and it applied here
 * }</pre>
 *
 * <p><b>Records.</b> A record's value is the mutation in the push log's encoding
 * ({@link MutationBytes}), its key the grouping key's, and its partition the key's murmur2 hash
 * (Kafka's own) modulo the topic's partitions, so a group's mutations are totally ordered. A wipe is
 * one record to every partition, each deleting the groups of its partition. Headers name the member
 * incarnation and request that wrote it. The producer sends with {@code acks=all} and idempotence.
 *
 * <p><b>Checks.</b> The check a record passes is decided where it applies, on every member, by the
 * one check given to {@link #start} (the push service's: capacity and consistency), against the
 * groups as they stand just before it; so a POST on one member and a concurrent PUT on another end
 * identical everywhere. An {@link Mutation.Expire} carries its own condition. The check passed to
 * {@link #apply} is not run: its decision could not be repeated by the other members.
 *
 * <p><b>Acknowledgement.</b> {@link #apply}'s future completes when this member has applied its own
 * record, with the check's verdict ({@link GroupStore.RejectedException}); a send Kafka refuses or
 * does not confirm within {@code write_timeout} fails it with {@link ClusterUnavailableException}
 * (the outcome may be unknown: a timed-out send can still be committed). Never a success that Kafka
 * has not acknowledged with {@code acks=all}.
 *
 * <p><b>Readiness.</b> {@link #healthy()} is false until the member has applied every record up to
 * the end offsets read when it started, and while its sends fail. A probe record (the delete of a
 * group no push can name) is sent every {@code retry_after} while they fail, and whenever no
 * record was sent for {@code retry_after}: a member cut off from Kafka turns unready within
 * {@code retry_after} and {@code write_timeout} even when nothing pushes to it.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; one thread applies records.
 */
public final class KafkaGroupStore implements GroupStore {
    private static final Logger LOG = Log.logger().with("component", "cluster");
    private static final String ORIGIN = "ferry.origin";
    private static final String REQUEST = "ferry.request";
    /** Kafka's clients log their configuration at info on every start; Ferry's log takes their warnings. */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");
    /** Deleting it changes nothing: no push names a group by an empty grouping key. */
    private static final Mutation PROBE = new Mutation.Delete(Labels.EMPTY);

    private final ClusterOptions options;
    private final String memberId;
    private final String topic;
    private final int partitions;
    /** This run of this member: records it wrote in an earlier run are not its answers now. */
    private final byte[] incarnation;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer; // the applier thread's
    private final GroupReplica replica = new GroupReplica();
    private final StateSnapshots snapshots;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** The next offset to apply, by partition. */
    private final AtomicLongArray applied;
    private final Thread applier;
    /** Sends records in the order {@link #apply} was called; Kafka's client may block it for {@code write_timeout}. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-cluster-send");
        t.setDaemon(true);
        return t;
    });
    private volatile Check check;
    private volatile OwnedPartitions owned = OwnedPartitions.ALL;
    /** While catching up: which state records the loaded snapshots already hold. Applier thread only. */
    private StateSnapshots.Loaded loaded;
    private volatile boolean caughtUp;
    private volatile boolean writable = true;
    private volatile long lastProbeNanos;
    private volatile long lastSendNanos = System.nanoTime();
    private volatile boolean closed;
    /** The state topic's end minus {@link #applied}, by partition, as the consumer last fetched it; -1 unknown. */
    private final AtomicLongArray lag;
    private long lagReadNanos; // applier thread only
    /** When this member last wrote its snapshots (epoch milliseconds); 0 before its first round. */
    private final AtomicLongArray sendFailures = new AtomicLongArray(SendFailure.values().length);

    /** A request waiting for its records to apply here; {@code counted} unless it is a readiness probe. */
    private record Pending(CompletableFuture<Void> future, AtomicInteger records, long deadlineNanos, String what,
                           boolean counted) {
    }

    /** Why a request failed with {@link ClusterUnavailableException} (a 503): each is counted. */
    public enum SendFailure {
        /** Kafka answered the send with an error. */
        REFUSED("refused"),
        /** Kafka did not confirm the send within {@code write_timeout}: its outcome is unknown. */
        TIMEOUT("timeout"),
        /** Not applied by this member within twice {@code write_timeout} (it is catching up, say). */
        NOT_APPLIED("not_applied"),
        /** This member shut down before the record applied. */
        SHUTDOWN("shutdown"),
        /** Not sent: Kafka failed this member's last send, and no probe has got through since. */
        NOT_SENT("not_sent");

        private final String reason;

        SendFailure(String reason) {
            this.reason = reason;
        }

        /** The {@code reason} label's value. */
        public String reason() {
            return reason;
        }
    }

    private KafkaGroupStore(ClusterOptions options, String memberId, int partitions) {
        this.options = options;
        this.memberId = memberId;
        this.topic = options.topics().state();
        this.partitions = partitions;
        UUID run = UUID.randomUUID();
        this.incarnation = ByteBuffer.allocate(16).putLong(run.getMostSignificantBits())
                .putLong(run.getLeastSignificantBits()).array();
        this.applied = new AtomicLongArray(partitions);
        this.lag = new AtomicLongArray(partitions);
        IntStream.range(0, partitions).forEach(p -> lag.set(p, -1));
        this.snapshots = new StateSnapshots(options.topics().snapshots());
        this.producer = new KafkaProducer<>(producerProperties(options, memberId), new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            this.consumer = new KafkaConsumer<>(consumerProperties(options, memberId), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.applier = new Thread(this::applyRecords, "ferry-cluster-apply");
        applier.setDaemon(true);
    }

    /**
     * Connects to Kafka, creating the state and snapshots topics when absent, and reads the state
     * topic's partitions. Nothing is applied until {@link #start}. Throws {@link IOException} when
     * Kafka cannot be reached or the topics cannot be made within a bound.
     */
    public static KafkaGroupStore open(ClusterOptions options, String memberId) throws IOException {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        int partitions = ensureTopics(options, memberId);
        LOG.info("joined the cluster's push state", "member", memberId, "topic", options.topics().state(),
                "partitions", partitions, "bootstrap_servers", options.bootstrapServers());
        return new KafkaGroupStore(options, memberId, partitions);
    }

    /**
     * Starts applying the state with {@code checks}, the check every member runs on every record:
     * the snapshots first, then the state topic from the lowest snapshot offset of each partition.
     * The member is {@linkplain #healthy() ready} once it has caught up. It writes the snapshots of
     * the partitions {@code owned} gives, every {@code snapshot_interval}.
     */
    public void start(Check checks, OwnedPartitions owned) {
        this.check = checks;
        this.owned = owned;
        applier.start();
    }

    @Override
    public CompletableFuture<Void> apply(Mutation mutation, Check ignored) {
        return send(mutation, true);
    }

    private CompletableFuture<Void> send(Mutation mutation, boolean counted) {
        if (closed) {
            return refuse(counted, SendFailure.SHUTDOWN, "this member is shutting down");
        }
        if (counted && !writable) {
            // Kafka's client would hold the record for write_timeout and fail it as its last ones.
            return refuse(counted, SendFailure.NOT_SENT, "Kafka did not take this member's last records; "
                    + "it sends again once a probe (every " + options.retryAfter().toSeconds() + "s) gets through");
        }
        lastSendNanos = System.nanoTime();
        long request = requests.incrementAndGet();
        boolean wipe = mutation instanceof Mutation.Wipe;
        byte[] key = wipe ? null : keyBytes(GroupReplica.keyOf(mutation));
        int[] targets = wipe ? IntStream.range(0, partitions).toArray() : new int[] {partitionOf(key)};
        Pending p = new Pending(new CompletableFuture<>(), new AtomicInteger(targets.length),
                System.nanoTime() + 2 * options.writeTimeout().toNanos(), describe(mutation), counted);
        pending.put(request, p);
        try {
            // Off the caller's thread (an HTTP event loop): Kafka's client blocks while it has no
            // metadata for the topic or its buffer is full.
            sender.execute(() -> sendRecords(request, p, key, MutationBytes.encode(mutation), targets));
        } catch (RejectedExecutionException e) {
            fail(request, SendFailure.SHUTDOWN, "this member shut down before its record was sent", null);
        }
        return p.future();
    }

    private CompletableFuture<Void> refuse(boolean counted, SendFailure failure, String why) {
        if (counted) {
            sendFailures.incrementAndGet(failure.ordinal());
        }
        return CompletableFuture.failedFuture(new ClusterUnavailableException(why + "; it was not written. "
                + "Try again later", options.retryAfter(), null));
    }

    private void sendRecords(long request, Pending p, byte[] key, byte[] value, int[] targets) {
        List<Header> headers = List.of(new RecordHeader(ORIGIN, incarnation),
                new RecordHeader(REQUEST, ByteBuffer.allocate(8).putLong(request).array()));
        for (int partition : targets) {
            try {
                producer.send(new ProducerRecord<>(topic, partition, key, value, headers), (metadata, error) -> {
                    if (error instanceof RecordTooLargeException) {
                        // This record's fault, not Kafka's: the next one may well be taken.
                        refuseTooLarge(request, p, value.length, error);
                        return;
                    }
                    writable = error == null;
                    if (error != null) {
                        fail(request, failureOf(error), "Kafka did not take the " + p.what() + ": "
                                + sendError(error, options.bootstrapServers()), error);
                    }
                });
            } catch (RuntimeException e) {
                writable = false;
                fail(request, failureOf(e), "Kafka did not take the " + p.what() + ": "
                        + sendError(e, options.bootstrapServers()), e);
                break;
            }
        }
    }

    /** The state-topic partition of the group {@code key}. */
    public int partitionOf(Labels key) {
        return partitionOf(keyBytes(key));
    }

    /** The groups of the partitions {@code owned} says this member decides for. */
    public Collection<Group> groupsOwned(OwnedPartitions owned) {
        List<Group> out = new ArrayList<>();
        for (Group g : replica.groups()) {
            if (owned.owns(partitionOf(g.key()))) {
                out.add(g);
            }
        }
        return out;
    }

    /** The state topic's partitions. */
    public int partitions() {
        return partitions;
    }

    /** The next offset this member applies, by partition (how far it has applied). */
    public long[] appliedOffsets() {
        long[] out = new long[partitions];
        Arrays.setAll(out, applied::get);
        return out;
    }

    /**
     * How far this member is behind the state topic's end, by partition: the end as the consumer
     * last fetched it (read at most once a second) minus the offset applied next; -1 while unknown.
     */
    public long[] lag() {
        long[] out = new long[partitions];
        Arrays.setAll(out, lag::get);
        return out;
    }

    /**
     * When this member last wrote the snapshots of the partitions it owns, Kafka taking every record
     * of the round (epoch milliseconds); 0 before it has.
     */
    public long lastSnapshotMillis() {
        return snapshots.lastWrittenMillis();
    }

    /** Requests failed with {@link ClusterUnavailableException} for {@code why}, since start. */
    public long sendFailures(SendFailure why) {
        return sendFailures.get(why.ordinal());
    }

    /** Whether this member has applied the topic up to the end offsets it read when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public String memberId() {
        return memberId;
    }

    @Override
    public Group group(Labels key) {
        return replica.group(key);
    }

    @Override
    public Collection<Group> groups() {
        return replica.groups();
    }

    @Override
    public long seriesCount() {
        return replica.seriesCount();
    }

    @Override
    public long changes() {
        return replica.changes();
    }

    @Override
    public boolean healthy() {
        return !closed && caughtUp && writable;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        try {
            applier.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (applier.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2)); // else the applier closes it, on its own thread
        }
        sender.shutdown();
        try {
            sender.awaitTermination(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        for (Long request : List.copyOf(pending.keySet())) {
            fail(request, SendFailure.SHUTDOWN, "this member shut down before its record applied", null);
        }
    }

    // ---- the applier thread -------------------------------------------------------------

    private void applyRecords() {
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        try {
            long started = System.nanoTime();
            loadSnapshots();
            if (closed) {
                return;
            }
            consumer.assign(all);
            for (TopicPartition tp : all) {
                applied.set(tp.partition(), loaded.replayFrom()[tp.partition()]);
            }
            seekToApplied(all);
            long[] target = null;
            long nextSnapshot = System.nanoTime() + options.snapshotInterval().toNanos();
            while (!closed) {
                try {
                    if (target == null) {
                        target = endOffsets(all);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        applyRecord(r);
                    }
                    readLag(all);
                    if (!caughtUp && target != null && reached(target)) {
                        loaded = null; // every snapshot offset lies at or below the end offsets read after the snapshots
                        caughtUp = true;
                        LOG.info("caught up with the cluster's push state", "groups", replica.groups().size(),
                                "seconds", (System.nanoTime() - started) / 1_000_000_000L);
                    }
                    failOverdue();
                    probe();
                    if (caughtUp && System.nanoTime() - nextSnapshot > 0) {
                        snapshots.write(producer, owned::owns, applied::get, replica);
                        nextSnapshot = System.nanoTime() + options.snapshotInterval().toNanos();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kafka's client failed for now: go on from the last applied record of each partition.
                    LOG.warn("reading the state topic failed; trying again", "err", e);
                    Thread.sleep(1000);
                    seekToApplied(all);
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("applying the cluster's push state failed; this member serves what it applied so far", "err", e);
            caughtUp = false;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void seekToApplied(List<TopicPartition> all) {
        for (TopicPartition tp : all) {
            consumer.seek(tp, applied.get(tp.partition()));
        }
    }

    /** Restores the groups of the snapshots topic, retrying until Kafka answers or the store closes. */
    private void loadSnapshots() {
        while (!closed) {
            try {
                loaded = StateSnapshots.load(consumer, options.topics().snapshots(), partitions, options.writeTimeout());
                for (Group g : loaded.groups()) {
                    try {
                        replica.apply(new Mutation.Restore(g), check);
                    } catch (RejectedException e) {
                        LOG.warn("a snapshot's group failed the push checks; it is left out", "group", g.key(),
                                "err", e.getMessage());
                    }
                }
                LOG.info("restored the cluster's push state from snapshots", "groups", loaded.groups().size());
                return;
            } catch (IOException | org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("cannot read the snapshots topic yet; trying again", "err", e.getMessage());
            }
        }
    }

    private long[] endOffsets(List<TopicPartition> all) {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, options.writeTimeout());
            long[] target = new long[partitions];
            ends.forEach((tp, end) -> target[tp.partition()] = end);
            return target;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("cannot read the state topic's end offsets yet; catching up once Kafka answers", "err", e.getMessage());
            return null;
        }
    }

    /** The lag by the end offsets the consumer's fetches carry: no request to Kafka, once a second at most. */
    private void readLag(List<TopicPartition> all) {
        long now = System.nanoTime();
        if (now - lagReadNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lagReadNanos = now;
        for (TopicPartition tp : all) {
            lag.set(tp.partition(), consumer.currentLag(tp).orElse(-1));
        }
    }

    private boolean reached(long[] target) {
        for (int p = 0; p < partitions; p++) {
            if (applied.get(p) < target[p]) {
                return false;
            }
        }
        return true;
    }

    private void applyRecord(ConsumerRecord<byte[], byte[]> r) {
        RejectedException verdict = null;
        try {
            Mutation m = MutationBytes.decode(r.value());
            if (m instanceof Mutation.Wipe) {
                wipePartition(r.partition(), r.offset());
            } else {
                Labels key = GroupReplica.keyOf(m);
                if (loaded == null || !loaded.covers(key, r.offset())) {
                    replica.apply(m, check);
                    snapshots.changed(r.partition(), key);
                }
            }
        } catch (RejectedException e) {
            verdict = e;
        } catch (IOException | RuntimeException e) {
            // Every member meets the same record and skips it alike.
            LOG.error("skipping a record of the state topic that cannot be applied", "partition", r.partition(),
                    "offset", r.offset(), "err", e);
            verdict = new RejectedException("the record could not be applied: " + e.getMessage());
        }
        applied.set(r.partition(), r.offset() + 1);
        Header origin = r.headers().lastHeader(ORIGIN);
        Header request = r.headers().lastHeader(REQUEST);
        if (origin != null && request != null && Arrays.equals(origin.value(), incarnation)) {
            settle(ByteBuffer.wrap(request.value()).getLong(), verdict);
        }
    }

    /**
     * A wipe's record at {@code offset} of {@code partition}: each group of that partition goes,
     * through the check like a delete (but for those whose snapshot is later than the wipe).
     */
    private void wipePartition(int partition, long offset) {
        for (Group g : List.copyOf(replica.groups())) {
            if (partitionOf(g.key()) == partition && (loaded == null || !loaded.covers(g.key(), offset))) {
                try {
                    replica.apply(new Mutation.Delete(g.key()), check);
                    snapshots.changed(partition, g.key());
                } catch (RejectedException e) {
                    LOG.warn("a wipe left a group its check kept", "group", g.key(), "err", e.getMessage());
                }
            }
        }
    }

    private void settle(long request, RejectedException verdict) {
        Pending p = pending.get(request);
        if (p == null) {
            return;
        }
        if (verdict != null) {
            pending.remove(request);
            p.future().completeExceptionally(verdict);
        } else if (p.records().decrementAndGet() == 0) {
            pending.remove(request);
            p.future().complete(null);
        }
    }

    private void failOverdue() {
        long now = System.nanoTime();
        pending.forEach((request, p) -> {
            if (now - p.deadlineNanos() > 0) {
                fail(request, SendFailure.NOT_APPLIED, "the " + p.what() + " was not confirmed within "
                        + options.writeTimeout().multipliedBy(2).toSeconds() + "s", null);
            }
        });
    }

    /**
     * A harmless record every {@code retry_after} while sends fail, to find out when Kafka takes
     * writes again, or after {@code retry_after} without a send, to find out that it stopped.
     */
    private void probe() {
        long now = System.nanoTime();
        long every = options.retryAfter().toNanos();
        if (now - lastProbeNanos < every || writable && now - lastSendNanos < every) {
            return;
        }
        lastProbeNanos = now;
        send(PROBE, false);
    }

    private void fail(long request, SendFailure failure, String why, Throwable cause) {
        Pending p = pending.remove(request);
        if (p != null) {
            if (p.counted()) {
                sendFailures.incrementAndGet(failure.ordinal());
            }
            p.future().completeExceptionally(unavailable(why, cause));
        }
    }

    private void refuseTooLarge(long request, Pending p, int bytes, Throwable error) {
        if (pending.remove(request) != null) {
            if (p.counted()) {
                sendFailures.incrementAndGet(SendFailure.REFUSED.ordinal());
            }
            p.future().completeExceptionally(new GroupStore.TooLargeException("its record of " + bytes
                    + " bytes is larger than Kafka takes in one record (the state topic's max.message.bytes; Ferry "
                    + "creates it with " + ClusterTopics.MAX_RECORD_BYTES + "): " + error.getMessage()));
        }
    }

    /**
     * A send's error for the client, a 503's reason. Kafka's client says a topic is "not present in metadata" when
     * it could not reach a broker to ask, which reads as if the topic were gone.
     */
    static String sendError(Throwable error, String bootstrapServers) {
        String message = String.valueOf(error.getMessage());
        boolean noBroker = error instanceof org.apache.kafka.common.errors.TimeoutException
                && message.contains("not present in metadata");
        return noBroker ? "no broker of " + bootstrapServers + " answered in time (" + message + ")" : message;
    }

    /** A send's error: Kafka's timeout (of the delivery or of the wait for metadata) leaves the outcome unknown. */
    private static SendFailure failureOf(Throwable error) {
        return error instanceof org.apache.kafka.common.errors.TimeoutException ? SendFailure.TIMEOUT
                : SendFailure.REFUSED;
    }

    private ClusterUnavailableException unavailable(String why, Throwable cause) {
        return new ClusterUnavailableException(why + "; whether it was written is unknown: it may still apply. "
                + "Try again later", options.retryAfter(), cause);
    }

    private int partitionOf(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static byte[] keyBytes(Labels key) {
        return StateSnapshots.keyBytes(key);
    }

    private static String describe(Mutation m) {
        return switch (m) {
            case Mutation.Delete d -> "delete";
            case Mutation.Expire e -> "expiry";
            case Mutation.Wipe w -> "wipe";
            default -> "push";
        };
    }

    // ---- Kafka ---------------------------------------------------------------------------

    private static Map<String, Object> common(ClusterOptions options, String clientId) {
        Map<String, Object> p = new HashMap<>(options.client());
        p.put("bootstrap.servers", options.bootstrapServers());
        p.put("client.id", clientId);
        return p;
    }

    private static Map<String, Object> producerProperties(ClusterOptions options, String memberId) {
        Map<String, Object> p = common(options, "ferry-" + memberId + "-state-producer");
        long timeout = options.writeTimeout().toMillis();
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        p.put("linger.ms", 1);
        // delivery.timeout.ms bounds a send, retries included; it must exceed request.timeout.ms + linger.ms.
        p.put("delivery.timeout.ms", (int) timeout);
        p.put("request.timeout.ms", (int) Math.max(500, timeout * 2 / 3));
        p.put("max.block.ms", timeout);
        // Large pushes: the broker checks the compressed batch against the topic's max.message.bytes.
        p.put("compression.type", "lz4");
        p.put("max.request.size", ClusterTopics.MAX_RECORD_BYTES);
        p.put("buffer.memory", 2L * ClusterTopics.MAX_RECORD_BYTES);
        return p;
    }

    private static Map<String, Object> consumerProperties(ClusterOptions options, String memberId) {
        Map<String, Object> p = common(options, "ferry-" + memberId + "-state-applier");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_uncommitted");
        return p;
    }

    /**
     * Creates the state and snapshots topics when absent, each checked to have
     * {@code cluster.partitions}; returns that count.
     */
    private static int ensureTopics(ClusterOptions options, String memberId) throws IOException {
        try (Admin admin = Admin.create(common(options, "ferry-" + memberId + "-admin"))) {
            List<NewTopic> topics = List.of(ClusterTopics.state(options), ClusterTopics.snapshots(options));
            for (NewTopic t : topics) {
                ClusterTopics.createAbsent(admin, options, List.of(t));
                ClusterTopics.checkPartitions(admin, options, List.of(t), "cluster.partitions");
            }
            ClusterTopics.warnSmallRecordLimit(admin, topics);
            return options.partitions();
        }
    }
}
