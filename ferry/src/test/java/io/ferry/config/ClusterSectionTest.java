package io.ferry.config;

import io.ferry.cluster.ClusterOptions;
import io.ferry.cluster.ClusterOptions.StaticShard;
import io.ferry.cluster.ClusterOptions.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSectionTest {

    private static ClusterOptions parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").cluster();
    }

    @Test
    void absentIsASingleNode() throws Exception {
        ClusterOptions d = parse("");
        assertThat(d).isEqualTo(ClusterOptions.NONE);
        assertThat(d.kafka()).isFalse();
        assertThat(d.staticShard().active()).isFalse();
        assertThat(parse("cluster: {}\n").kafka()).isFalse();
    }

    @Test
    void readsEveryKey() throws Exception {
        ClusterOptions o = parse("""
                cluster:
                  bootstrap_servers: 127.0.0.1:9092,127.0.0.1:9093
                  member_id: a
                  topics: {state: s, snapshots: s.snap, shards: s_shards}
                  partitions: 8
                  shards: 32
                  replication_factor: 1
                  client: {security.protocol: SASL_SSL, sasl.mechanism: PLAIN}
                  scrape_replicas: 2
                  snapshot_interval: 30s
                  write_timeout: 4s
                  retry_after: 2s
                """);
        assertThat(o.kafka()).isTrue();
        assertThat(o.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9093");
        assertThat(o.memberId()).isEqualTo("a");
        assertThat(o.topics()).isEqualTo(new Topics("s", "s.snap", "s_shards"));
        assertThat(o.partitions()).isEqualTo(8);
        assertThat(o.shards()).isEqualTo(32);
        assertThat(o.replicationFactor()).isEqualTo(1);
        assertThat(o.client()).isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(o.scrapeReplicas()).isEqualTo(2);
        assertThat(o.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.writeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void staticShardWithoutKafka() throws Exception {
        ClusterOptions o = parse("cluster:\n  static_shard: {index: 2, count: 3}\n");
        assertThat(o.kafka()).isFalse();
        assertThat(o.staticShard()).isEqualTo(new StaticShard(2, 3));
        assertThat(o.staticShard().active()).isTrue();
    }

    @Test
    void refusesBadValuesWithFileAndLine() {
        assertThatThrownBy(() -> parse("cluster:\n  bootstrap_servers: k:9092\n  static_shard: {index: 0, count: 2}\n"))
                .hasMessageContaining("ferry.yml:3: cluster.static_shard").hasMessageContaining("bootstrap_servers");
        assertThatThrownBy(() -> parse("cluster:\n  static_shard:\n    index: 3\n    count: 3\n"))
                .hasMessageContaining("ferry.yml:3: cluster.static_shard.index")
                .hasMessageContaining("less than count (3), not 3");
        assertThatThrownBy(() -> parse("cluster:\n  partitions: 0\n"))
                .hasMessageContaining("ferry.yml:2: cluster.partitions").hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> parse("cluster:\n  client:\n    acks: \"1\"\n"))
                .hasMessageContaining("ferry.yml:3: cluster.client").hasMessageContaining("\"acks\" is set by Ferry");
        assertThatThrownBy(() -> parse("cluster:\n  client: {bootstrap.servers: x:1}\n"))
                .hasMessageContaining("from cluster.bootstrap_servers");
        assertThatThrownBy(() -> parse("cluster:\n  topics: {state: \"a b\"}\n"))
                .hasMessageContaining("ferry.yml:2: cluster.topics.state").hasMessageContaining("not a Kafka topic name");
        assertThatThrownBy(() -> parse("cluster:\n  topics: {snapshots: ferry-state}\n"))
                .hasMessageContaining("different names");
        assertThatThrownBy(() -> parse("cluster:\n  shards: 4\n  scrape_replicas: 5\n"))
                .hasMessageContaining("ferry.yml:3: cluster.scrape_replicas").hasMessageContaining("at most shards (4)");
        assertThatThrownBy(() -> parse("cluster:\n  snapshot_interval: 0s\n"))
                .hasMessageContaining("ferry.yml:2: cluster.snapshot_interval");
        assertThatThrownBy(() -> parse("cluster:\n  brokers: k:9092\n"))
                .hasMessageContaining("ferry.yml:2: unknown key \"brokers\" in cluster");
    }
}
