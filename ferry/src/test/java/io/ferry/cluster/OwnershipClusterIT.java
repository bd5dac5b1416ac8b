package io.ferry.cluster;

import io.ferry.cluster.internal.ClusterTopics;
import io.ferry.testing.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shard ownership on one real broker: members split the shards, a member that leaves hands its
 * shards to the others, who keep their own, and no shard is ever owned by two members at once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OwnershipClusterIT {
    private static KafkaBroker kafka;
    private static Admin admin;
    private static ClusterOptions options;

    private final List<Ownership> members = new CopyOnWriteArrayList<>();
    /** Who owns each shard, as the listeners report it; a shard given while owned is an overlap. */
    private final Map<Integer, String> owners = new HashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.start(1);
        options = ClusterOptions.NONE.withBootstrapServers(kafka.bootstrapServers()).withReplicationFactor(1)
                .withPartitions(4);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void leave() {
        members.forEach(Ownership::close);
    }

    private Ownership member(String id) throws java.io.IOException {
        Ownership o = Ownership.start(options, id, admin);
        Set<Integer> had = new HashSet<>();
        o.onChange(owned -> {
            synchronized (owners) {
                for (int s : had) {
                    if (!owned.owns(s)) {
                        owners.remove(s, id);
                    }
                }
                for (int s : owned.list()) {
                    String was = owners.putIfAbsent(s, id);
                    if (was != null && !was.equals(id)) {
                        overlaps.add("shard " + s + " given to " + id + " while " + was + " owned it");
                    }
                }
                had.clear();
                had.addAll(owned.list());
            }
        });
        members.add(o);
        return o;
    }

    private static boolean splitWithoutGap(List<Ownership> live, int shards) {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (Ownership o : live) {
            List<Integer> l = o.current().list();
            if (l.isEmpty()) {
                return false;
            }
            total += l.size();
            seen.addAll(l);
        }
        return total == shards && seen.size() == shards;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * A topic keeps the partitions it was created with: a member reckoning with another count would
     * scrape and decide for shards and partitions that are not there while none does for the rest.
     */
    @Test
    void aMemberWhoseCountsDifferFromTheTopicsIsRefusedNamingTheSetting() throws Exception {
        ClusterTopics.createAbsent(admin, options, List.of(ClusterTopics.shards(options), ClusterTopics.state(options)));
        ClusterOptions fewerShards = new ClusterOptions(options.bootstrapServers(), options.memberId(), options.topics(),
                options.partitions(), 8, options.replicationFactor(), options.client(), options.scrapeReplicas(),
                options.staticShard(), options.snapshotInterval(), options.writeTimeout(), options.retryAfter());
        assertThatThrownBy(() -> Ownership.start(fewerShards, "m-shards", admin)).isInstanceOf(IOException.class)
                .hasMessage("the topic ferry-shards has " + options.shards() + " partitions and cluster.shards is 8: a "
                        + "topic keeps the partitions it was created with, so set cluster.shards: " + options.shards()
                        + " on every member");
        assertThatThrownBy(() -> KafkaGroupStore.open(options.withPartitions(16), "m-partitions"))
                .isInstanceOf(IOException.class)
                .hasMessage("the topic ferry-state has " + options.partitions() + " partitions and cluster.partitions "
                        + "is 16: a topic keeps the partitions it was created with, so set cluster.partitions: "
                        + options.partitions() + " on every member");
    }

    /** Two members with one name would scrape as one replica and show as one: the second does not start. */
    @Test
    void aSecondMemberWithARunningMembersIdIsRefused() throws Exception {
        Ownership twin = member("twin");
        await("the first twin in the group", Duration.ofSeconds(60), () -> !twin.current().list().isEmpty());
        assertThatThrownBy(() -> member("twin")).isInstanceOf(IOException.class)
                .hasMessage("another member of the cluster runs as member_id \"twin\" (still in the group ferry-owners "
                        + "after its session timeout): give each member its own cluster.member_id");
    }

    @Test
    void membersSplitTheShardsAndALeaversShardsMoveToTheOthers() throws Exception {
        int shards = options.shards();
        Ownership a = member("a");
        Ownership b = member("b");
        Ownership c = member("c");
        await("three members to split the shards", Duration.ofSeconds(60), () -> splitWithoutGap(List.of(a, b, c), shards));
        // The four state partitions spread over the shards (0, 16, 32, 48), each owned by one member.
        for (int p = 0; p < 4; p++) {
            int partition = p;
            assertThat(a.current().shardOfPartition(p)).isEqualTo(p * 16);
            assertThat(List.of(a, b, c).stream().filter(m -> m.owns(partition)).count()).isOne();
        }

        List<Integer> keptA = a.current().list();
        List<Integer> keptB = b.current().list();
        long moveStart = System.nanoTime();
        c.close();
        assertThat(c.current().list()).isEmpty();
        await("the survivors to take c's shards", Duration.ofSeconds(30), () -> splitWithoutGap(List.of(a, b), shards));
        System.out.printf("shards moved in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - moveStart));
        // Cooperative-sticky: the survivors kept what they had.
        assertThat(a.current().list()).containsAll(keptA);
        assertThat(b.current().list()).containsAll(keptB);

        await("the group to show two members", Duration.ofSeconds(30), () -> {
            try {
                return a.members(Duration.ofSeconds(5)).size() == 2;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        List<Ownership.Member> described = a.members(Duration.ofSeconds(5));
        assertThat(described).extracting(Ownership.Member::memberId).containsExactly("a", "b");
        assertThat(overlaps).isEmpty();
    }
}
