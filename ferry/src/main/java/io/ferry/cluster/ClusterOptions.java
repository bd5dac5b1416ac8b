package io.ferry.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the members of a Ferry cluster are built with: {@code cluster:} in ferry.yml (docs/cluster.md),
 * built by {@code config}. {@link #NONE}, the default, is single-node mode: no Kafka, no thread.
 *
 * <pre>{@code
 * ClusterOptions o = ClusterOptions.NONE.withBootstrapServers("127.0.0.1:9092");
 * if (o.kafka()) { ... }
 * }</pre>
 *
 * @param bootstrapServers  Kafka's {@code bootstrap.servers}; {@code ""}: no Kafka (single node, or static sharding)
 * @param memberId          this member's name; {@code ""}: derived from the host, listen address and storage path
 * @param topics            the topics' names
 * @param partitions        the state topic's partitions, fixed when the first member creates it
 * @param shards            the shards topic's partitions: how many shards the scrape targets hash into
 * @param replicationFactor the topics' replication factor when a member creates them
 *                          ({@code min.insync.replicas} 2 when it is 3 or more)
 * @param client            Kafka client properties by their Kafka names (security.protocol, sasl.*, ssl.*), passed through
 * @param scrapeReplicas    how many members scrape each target; above 1 adds the external label {@code __replica__}
 * @param staticShard       Prometheus-style {@code hashmod} sharding without Kafka
 * @param snapshotInterval  how often partition owners write changed groups to the snapshots topic
 * @param writeTimeout      how long a push waits for Kafka's acknowledgement and its own apply before a 503
 * @param retryAfter        the {@code Retry-After} a push refused for want of Kafka is given
 */
public record ClusterOptions(String bootstrapServers, String memberId, Topics topics, int partitions, int shards,
                             int replicationFactor, Map<String, String> client, int scrapeReplicas,
                             StaticShard staticShard, Duration snapshotInterval, Duration writeTimeout,
                             Duration retryAfter) {

    /**
     * The topics' names.
     *
     * @param state     every mutation of the push state, keyed by grouping key ({@code cleanup.policy=delete})
     * @param snapshots each group's state at an offset of the state topic ({@code cleanup.policy=compact})
     * @param shards    no records: its partitions are the shards the ownership group divides
     */
    public record Topics(String state, String snapshots, String shards) {
        public static final Topics DEFAULTS = new Topics("ferry-state", "ferry-state-snapshots", "ferry-shards");
    }

    /**
     * Prometheus' {@code hashmod} sharding: this member scrapes the targets whose shard is {@code index}
     * of {@code count}. {@link #NONE} ({@code 0} of {@code 1}) scrapes every target.
     */
    public record StaticShard(int index, int count) {
        public static final StaticShard NONE = new StaticShard(0, 1);

        public StaticShard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("static_shard index must be in [0, count), count at least 1: index "
                        + index + ", count " + count);
            }
        }

        /** Whether this shards at all ({@code count} above 1). */
        public boolean active() {
            return count > 1;
        }
    }

    /** Client properties Ferry sets itself, which {@code client} may not override. */
    public static final Set<String> RESERVED_CLIENT_PROPERTIES = Set.of("bootstrap.servers", "acks",
            "enable.idempotence", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "group.id", "enable.auto.commit", "client.id", "isolation.level");

    /** Single-node mode. */
    public static final ClusterOptions NONE = new ClusterOptions("", "", Topics.DEFAULTS, 16, 64, 3, Map.of(), 1,
            StaticShard.NONE, Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(5));

    public ClusterOptions {
        client = Map.copyOf(client);
        for (String key : client.keySet()) {
            if (RESERVED_CLIENT_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("client property " + key + " is set by Ferry");
            }
        }
        if (partitions < 1 || shards < 1 || replicationFactor < 1 || scrapeReplicas < 1) {
            throw new IllegalArgumentException("partitions, shards, replication_factor and scrape_replicas must be at least 1");
        }
        if (!bootstrapServers.isEmpty() && staticShard.active()) {
            throw new IllegalArgumentException("static_shard and bootstrap_servers exclude each other: "
                    + "with Kafka, shards are owned through the consumer group");
        }
    }

    /** Whether members share state and shards through Kafka. */
    public boolean kafka() {
        return !bootstrapServers.isEmpty();
    }

    public ClusterOptions withBootstrapServers(String servers) {
        return new ClusterOptions(servers, memberId, topics, partitions, shards, replicationFactor, client,
                scrapeReplicas, staticShard, snapshotInterval, writeTimeout, retryAfter);
    }

    public ClusterOptions withReplicationFactor(int rf) {
        return new ClusterOptions(bootstrapServers, memberId, topics, partitions, shards, rf, client,
                scrapeReplicas, staticShard, snapshotInterval, writeTimeout, retryAfter);
    }

    public ClusterOptions withPartitions(int p) {
        return new ClusterOptions(bootstrapServers, memberId, topics, p, shards, replicationFactor, client,
                scrapeReplicas, staticShard, snapshotInterval, writeTimeout, retryAfter);
    }
}
