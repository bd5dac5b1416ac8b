package io.ferry.config;

import io.ferry.cluster.ClusterOptions;
import io.ferry.cluster.ClusterOptions.StaticShard;
import io.ferry.cluster.ClusterOptions.Topics;

import java.util.Map;

/** Reads {@code cluster:}, the members' Kafka and sharding settings (docs/cluster.md). */
final class ClusterSection {
    private ClusterSection() {
    }

    static ClusterOptions read(YamlMapping m, ClusterOptions d) throws ConfigException {
        m.allowOnly("bootstrap_servers", "member_id", "topics", "partitions", "shards", "replication_factor", "client",
                "scrape_replicas", "static_shard", "snapshot_interval", "write_timeout", "retry_after");
        String servers = m.string("bootstrap_servers").orElse(d.bootstrapServers()).trim();
        Map<String, String> client = m.has("client") ? m.stringMap("client") : d.client();
        for (String key : client.keySet()) {
            if (ClusterOptions.RESERVED_CLIENT_PROPERTIES.contains(key)) {
                throw m.error("client", "\"" + key + "\" is set by Ferry"
                        + (key.equals("bootstrap.servers") ? " from cluster.bootstrap_servers" : "") + " and cannot be given here");
            }
        }
        int shards = atLeastOne(m, "shards", d.shards());
        int replicas = atLeastOne(m, "scrape_replicas", d.scrapeReplicas());
        if (replicas > shards) {
            throw m.error("scrape_replicas", "must be at most shards (" + shards + "), not " + replicas);
        }
        StaticShard staticShard = m.section("static_shard", d.staticShard(), ClusterSection::staticShard);
        if (!servers.isEmpty() && staticShard.active()) {
            throw m.error("static_shard", "cannot be used with bootstrap_servers: with Kafka, members own shards "
                    + "through the consumer group");
        }
        return new ClusterOptions(servers,
                m.string("member_id").orElse(d.memberId()).trim(),
                m.section("topics", d.topics(), ClusterSection::topics),
                atLeastOne(m, "partitions", d.partitions()),
                shards,
                atLeastOne(m, "replication_factor", d.replicationFactor()),
                client,
                replicas,
                staticShard,
                m.string("snapshot_interval", TunnelSection::positiveDuration).orElse(d.snapshotInterval()),
                m.string("write_timeout", TunnelSection::positiveDuration).orElse(d.writeTimeout()),
                m.string("retry_after", TunnelSection::positiveDuration).orElse(d.retryAfter()));
    }

    private static Topics topics(YamlMapping m, Topics d) throws ConfigException {
        m.allowOnly("state", "snapshots", "shards");
        Topics t = new Topics(topicName(m, "state", d.state()), topicName(m, "snapshots", d.snapshots()),
                topicName(m, "shards", d.shards()));
        if (t.state().equals(t.snapshots()) || t.state().equals(t.shards()) || t.snapshots().equals(t.shards())) {
            throw m.error("state", "the three topics must have different names");
        }
        return t;
    }

    /** A name Kafka accepts: 1 to 249 of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}. */
    private static String topicName(YamlMapping m, String key, String dflt) throws ConfigException {
        String name = m.string(key).orElse(dflt);
        if (name.isEmpty() || name.length() > 249 || !name.matches("[a-zA-Z0-9._-]+") || name.equals(".")
                || name.equals("..")) {
            throw m.error(key, "not a Kafka topic name (1 to 249 of letters, digits, '.', '_', '-'): \"" + name + "\"");
        }
        return name;
    }

    private static StaticShard staticShard(YamlMapping m, StaticShard d) throws ConfigException {
        m.allowOnly("index", "count");
        int count = atLeastOne(m, "count", d.count());
        long index = m.integer("index").orElse((long) d.index());
        if (index < 0 || index >= count) {
            throw m.error("index", "must be at least 0 and less than count (" + count + "), not " + index);
        }
        return new StaticShard((int) index, count);
    }

    private static int atLeastOne(YamlMapping m, String key, int dflt) throws ConfigException {
        long v = m.integer(key).orElse((long) dflt);
        if (v < 1 || v > 1_000_000) {
            throw m.error(key, "must be between 1 and 1000000, not " + v);
        }
        return (int) v;
    }
}
