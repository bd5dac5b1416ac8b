package io.ferry.server;

import io.ferry.cluster.ClusterOptions;
import io.ferry.cluster.KafkaLogging;
import io.ferry.cluster.Ownership;
import io.ferry.cluster.OwnedPartitions;
import io.ferry.scrape.ShardFilter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This Ferry's part in sharing the work with other members: nothing alone; a fixed shard with
 * {@code static_shard}; on Kafka, the ownership group joined (its topic made if absent), and a
 * {@link ShardFilter} that follows the owned shards. Closing it first hands this member's targets to
 * the others without ending their series.
 *
 * <pre>{@code
 * ClusterMember member = ClusterMember.open(config.cluster(), MemberId.of(configured, port, storage));
 * PullPath.open(..., member.sharing());
 * member.owned();              // the state partitions it decides for (expiry, snapshots)
 * member.close();              // before the pull path
 * }</pre>
 */
final class ClusterMember implements AutoCloseable {
    /** The external label that tells replicas apart when several members scrape each target. */
    static final String REPLICA_LABEL = "__replica__";

    private final String memberId;
    private final String stateTopic;
    private final PullPath.Sharing sharing;
    private final Admin admin; // null without Kafka
    private final Ownership ownership; // null without Kafka

    private ClusterMember(String memberId, String stateTopic, PullPath.Sharing sharing, Admin admin,
                          Ownership ownership) {
        this.memberId = memberId;
        this.stateTopic = stateTopic;
        this.sharing = sharing;
        this.admin = admin;
        this.ownership = ownership;
    }

    static ClusterMember open(ClusterOptions options, String memberId) throws IOException {
        if (options.staticShard().active()) {
            var s = options.staticShard();
            PullPath.Sharing fixed = new PullPath.Sharing(ShardFilter.hashmod(s.index(), s.count()), Map.of());
            return new ClusterMember(memberId, options.topics().state(), fixed, null, null);
        }
        if (!options.kafka()) {
            return new ClusterMember(memberId, options.topics().state(), PullPath.Sharing.NONE, null, null);
        }
        KafkaLogging.quiet();
        Admin admin;
        try {
            admin = Admin.create(adminProperties(options, memberId));
        } catch (KafkaException e) {
            // "Failed to create new KafkaAdminClient" says nothing; its cause names the setting's fault.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cluster.bootstrap_servers \"" + options.bootstrapServers() + "\": "
                    + cause.getMessage(), e);
        }
        try {
            ShardFilter shards = ShardFilter.byKey(options.shards(), options.scrapeReplicas());
            Ownership ownership = Ownership.start(options, memberId, admin);
            ownership.onChange(owned -> shards.own(java.util.Set.copyOf(owned.list())));
            ownership.onLease(shards::leaseUntil);
            if (options.scrapeReplicas() > 1) {
                // Replicas beyond a shard's owner are chosen from the whole assignment.
                ownership.onAssignment(owners -> shards.owners(memberId, owners));
            }
            Map<String, String> labels = options.scrapeReplicas() > 1 ? Map.of(REPLICA_LABEL, memberId) : Map.of();
            return new ClusterMember(memberId, options.topics().state(), new PullPath.Sharing(shards, labels), admin,
                    ownership);
        } catch (IOException | RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    private static Map<String, Object> adminProperties(ClusterOptions options, String memberId) {
        Map<String, Object> p = new HashMap<>(options.client());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, memberId + "-admin");
        return p;
    }

    String memberId() {
        return memberId;
    }

    /** The topic of the replicated push state. */
    String stateTopic() {
        return stateTopic;
    }

    /** Which targets this member scrapes, and its own external labels. */
    PullPath.Sharing sharing() {
        return sharing;
    }

    /** How this member shares the work: {@code single}, {@code static_shard} or {@code kafka}. */
    String mode() {
        return ownership != null ? "kafka" : sharing.filter() instanceof ShardFilter ? "static_shard" : "single";
    }

    /** How many shards the shared targets hash into; 1 alone. */
    int shards() {
        return sharing.filter() instanceof ShardFilter f ? f.shards() : 1;
    }

    /** The shards this member owns now, ascending. */
    List<Integer> ownedShards() {
        return sharing.filter() instanceof ShardFilter f ? f.owned() : List.of(0);
    }

    /** The state-topic partitions this member decides for: on Kafka, those of its shards; else all. */
    OwnedPartitions owned() {
        return ownership != null ? ownership : OwnedPartitions.ALL;
    }

    /** On Kafka, the shards this member owns; empty otherwise. */
    Optional<Ownership> ownership() {
        return Optional.ofNullable(ownership);
    }

    /**
     * The end offsets (the next offset to be written) of {@code topic}'s partitions 0 to
     * {@code partitions - 1}, from Kafka; blocks up to {@code timeout}. Only on Kafka.
     */
    long[] endOffsets(String topic, int partitions, Duration timeout) throws IOException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            var answer = admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long[] out = new long[partitions];
            answer.forEach((tp, info) -> out[tp.partition()] = info.offset());
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the end offsets of " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Leaves the ownership group (listeners see nothing owned before this returns), then Kafka. */
    @Override
    public void close() {
        if (ownership != null) {
            ownership.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
