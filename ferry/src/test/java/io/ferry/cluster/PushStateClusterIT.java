package io.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.config.ConfigLoader;
import io.ferry.config.FerryConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.server.FerryServer;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.KafkaBroker;
import io.ferry.testing.TestHttp;
import io.ferry.state.GroupReplica;
import io.ferry.state.MutationBytes;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members sharing the push state through one real Kafka broker (shared by the tests; each test has
 * topics of its own): what one member takes, every member serves, in the same order.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushStateClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaBroker kafka;

    @TempDir
    Path dir;
    private final String topics = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final List<FerryServer> members = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start(1);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stopMembers() {
        members.forEach(FerryServer::close);
    }

    @Test
    void aPushToOneMemberIsServedByAnother() throws Exception {
        TestHttp a = TestHttp.local(member("a", "").port());
        TestHttp b = TestHttp.local(member("b", "").port());
        awaitReady(a);
        awaitReady(b);

        assertThat(a.send("PUT", "/metrics/job/backup/instance/nas", "x 1\n").statusCode()).isEqualTo(200);
        eventually(() -> b.metrics().contains("x{instance=\"nas\",job=\"backup\"} 1\n"));
        assertThat(b.send("DELETE", "/metrics/job/backup/instance/nas", "").statusCode()).isEqualTo(202);
        eventually(() -> !a.metrics().contains("job=\"backup\""));
    }

    @Test
    void aPushLargerThanKafkasDefaultRecordSizeIsTakenAndServedByAnother() throws Exception {
        TestHttp a = TestHttp.local(member("a", "").port());
        TestHttp b = TestHttp.local(member("b", "").port());
        awaitReady(a);
        awaitReady(b);

        // 40,000 series, about 2.5 MB of text: over Kafka's default of 1 MB a record, far under max_body_bytes.
        StringBuilder body = new StringBuilder("# TYPE big_metric gauge\n");
        for (int i = 0; i < 40_000; i++) {
            body.append("big_metric{shard=\"").append(i).append("\",path=\"/var/lib/data/volume-").append(i)
                    .append("\"} ").append(i).append('\n');
        }
        HttpResponse<String> r = a.send("PUT", "/metrics/job/big", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        eventually(() -> b.metrics().contains("big_metric{instance=\"\",job=\"big\",path=\"/var/lib/data/volume-39999\",shard=\"39999\"} 39999\n"));
        assertThat(a.get("/-/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aPushOverTheStateTopicsRecordSizeIs413AndTheMemberStaysReady() throws Exception {
        // Topics made with Kafka's default max.message.bytes (1 MiB), as by hand or by an older Ferry.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics, 4, (short) 1), new NewTopic(topics + "-snapshots", 4,
                    (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        }
        TestHttp a = TestHttp.local(member("a", "").port());
        awaitReady(a);

        // Random label values: about 2.6 MB of text that compression cannot bring under 1 MiB.
        java.util.Random random = new java.util.Random(19);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            body.append("random_metric{id=\"").append(java.util.HexFormat.of().toHexDigits(random.nextLong()))
                    .append(java.util.HexFormat.of().toHexDigits(random.nextLong())).append("\"} 1\n");
        }
        HttpResponse<String> r = a.send("PUT", "/metrics/job/big", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("max.message.bytes");
        assertThat(a.send("PUT", "/metrics/job/small", "s 1\n").statusCode()).isEqualTo(200);
        assertThat(a.get("/-/ready").statusCode()).isEqualTo(200);
        assertThat(a.metrics()).contains("s{instance=\"\",job=\"small\"} 1\n").doesNotContain("random_metric");
    }

    @Test
    void racingPostsAndPutsFromTwoMembersEndIdenticalOnBoth() throws Exception {
        TestHttp a = TestHttp.local(member("a", "").port());
        TestHttp b = TestHttp.local(member("b", "").port());
        awaitReady(a);
        awaitReady(b);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Integer>>> racers = List.of(
                    pool.submit(() -> race(a, "PUT", "from_a")),
                    pool.submit(() -> race(b, "POST", "from_b")));
            for (Future<List<Integer>> r : racers) {
                assertThat(r.get(90, TimeUnit.SECONDS)).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // Both have applied the same records in the same order: the group is the same on both.
        eventually(() -> group(a, "race").equals(group(b, "race")) && !group(a, "race").isEmpty());
        assertThat(group(a, "race")).contains("from_a{instance=\"\",job=\"race\"} 29\n");
    }

    @Test
    void aRestartedOrNewMemberCatchesUpBeforeItIsReady() throws Exception {
        FerryServer first = member("a", "");
        TestHttp a = TestHttp.local(first.port());
        awaitReady(a);
        for (int i = 0; i < 20; i++) {
            assertThat(a.send("PUT", "/metrics/job/j" + i, "v " + i + "\n").statusCode()).isEqualTo(200);
        }
        first.close();
        members.remove(first);

        TestHttp again = TestHttp.local(member("a", "").port());
        TestHttp fresh = TestHttp.local(member("c", "").port());
        for (TestHttp m : List.of(again, fresh)) {
            awaitReady(m);
            String metrics = m.metrics(); // ready means caught up: everything is there at once
            for (int i = 0; i < 20; i++) {
                assertThat(metrics).contains("v{instance=\"\",job=\"j" + i + "\"} " + i + "\n");
            }
        }
    }

    @Test
    void aNewMemberCatchesUpFromSnapshotsWhenTheStateTopicsHeadIsGone() throws Exception {
        TestHttp a = TestHttp.local(member("a", "", kafka, "  snapshot_interval: 1s\n").port());
        awaitReady(a);
        for (int i = 0; i < 10; i++) {
            assertThat(a.send("PUT", "/metrics/job/s" + i, "v " + i + "\n").statusCode()).isEqualTo(200);
        }
        assertThat(a.send("DELETE", "/metrics/job/s0", "").statusCode()).isEqualTo(202);
        // Once every group's last change is in a snapshot, the state records below each partition's
        // lowest snapshot offset are not needed: delete them, as retention would.
        Map<Integer, Long> lowest = new HashMap<>();
        eventually(() -> {
            Map<String, ConsumerRecord<byte[], byte[]>> last = lastSnapshots();
            lowest.clear();
            last.values().forEach(r -> lowest.merge(r.partition(), offset(r), Math::min));
            return last.keySet().containsAll(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"))
                    && last.get("s0").value() == null;
        });
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, RecordsToDelete> cut = new HashMap<>();
            lowest.forEach((p, at) -> cut.put(new TopicPartition(topics, p), RecordsToDelete.beforeOffset(at)));
            admin.deleteRecords(cut).all().get(60, TimeUnit.SECONDS);
        }
        assertThat(lowest.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(0);
        assertThat(a.metrics()).containsPattern("(?m)^ferry_cluster_last_snapshot_timestamp_seconds \\d");

        TestHttp fresh = TestHttp.local(member("c", "").port());
        awaitReady(fresh);
        String metrics = fresh.metrics();
        for (int i = 1; i < 10; i++) {
            assertThat(metrics).contains("v{instance=\"\",job=\"s" + i + "\"} " + i + "\n");
        }
        assertThat(metrics).doesNotContain("job=\"s0\"");
    }

    @Test
    void aGroupExpiresOnceForTheWholeCluster() throws Exception {
        String expire = "push:\n  expire:\n    - {name: short, match: {job: \"gone*\"}, after: 2s}\n";
        TestHttp a = TestHttp.local(member("a", expire).port());
        TestHttp b = TestHttp.local(member("b", expire).port());
        awaitReady(a);
        awaitReady(b);
        assertThat(a.send("PUT", "/metrics/job/gone1", "g 1\n").statusCode()).isEqualTo(200);
        assertThat(b.send("PUT", "/metrics/job/kept", "k 1\n").statusCode()).isEqualTo(200);
        eventually(() -> b.metrics().contains("job=\"gone1\""));
        eventually(() -> !a.metrics().contains("job=\"gone1\"") && !b.metrics().contains("job=\"gone1\""));
        Thread.sleep(3000); // a later sweep on either member finds nothing more to expire
        assertThat(expired(a) + expired(b)).isEqualTo(1);
        assertThat(a.metrics()).contains("k{instance=\"\",job=\"kept\"} 1\n");
    }

    @Test
    void aSelectorDeleteOnTwoMembersAtOnceCountsEachGroupOnce() throws Exception {
        TestHttp a = TestHttp.local(member("a", "").port());
        TestHttp b = TestHttp.local(member("b", "").port());
        awaitReady(a);
        awaitReady(b);
        int groups = 20;
        for (int i = 0; i < groups; i++) {
            assertThat(a.send("PUT", "/metrics/job/sel/instance/i" + i, "s 1\n").statusCode()).isEqualTo(200);
        }
        eventually(() -> b.metrics().contains("s{instance=\"i" + (groups - 1) + "\",job=\"sel\"} 1\n"));
        // Both find every group; each group's delete is decided where it applies, alike on both.
        String path = "/api/v1/groups?match%5B%5D=" + java.net.URLEncoder.encode("{job=\"sel\"}",
                java.nio.charset.StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> deletes = List.of(pool.submit(() -> a.send("DELETE", path, null)),
                    pool.submit(() -> b.send("DELETE", path, null)));
            int deleted = 0;
            for (Future<HttpResponse<String>> d : deletes) {
                HttpResponse<String> r = d.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                deleted += new io.vertx.core.json.JsonObject(r.body()).getJsonObject("data").getInteger("deleted");
            }
            assertThat(deleted).as("groups deleted, counted by both members").isEqualTo(groups);
        } finally {
            pool.shutdownNow();
        }
        eventually(() -> !a.metrics().contains("job=\"sel\"") && !b.metrics().contains("job=\"sel\""));
    }

    @Test
    void withKafkaStoppedAPushIsRefusedWith503AndRetryAfterNeverAcknowledged() throws Exception {
        try (KafkaBroker own = KafkaBroker.start(1)) {
            TestHttp a = TestHttp.local(member("a", "", own, "  write_timeout: 2s\n  retry_after: 1s\n").port());
            awaitReady(a);
            assertThat(a.send("PUT", "/metrics/job/before", "b 1\n").statusCode()).isEqualTo(200);

            own.kill(0);
            HttpResponse<String> first = a.send("PUT", "/metrics/job/during0", "d 1\n");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(first.body()).contains("unknown");
            // Kafka failed the last send: the next pushes are not sent at all, and say so.
            for (int i = 1; i < 3; i++) {
                HttpResponse<String> r = a.send("PUT", "/metrics/job/during" + i, "d 1\n");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.body()).contains("it was not written").doesNotContain("unknown");
            }
            assertThat(sendFailures(a)).as("ferry_cluster_send_failures_total").isGreaterThanOrEqualTo(3);
            assertThat(a.metrics()).contains("ferry_cluster_send_failures_total{reason=\"not_sent\"} 2\n");
            eventually(() -> a.get("/-/ready").statusCode() == 503);

            own.restart(0);
            eventually(() -> a.get("/-/ready").statusCode() == 200);
            assertThat(a.send("PUT", "/metrics/job/after", "a 1\n").statusCode()).isEqualTo(200);
            assertThat(a.metrics()).contains("b{instance=\"\",job=\"before\"} 1\n", "a{instance=\"\",job=\"after\"} 1\n");
            // Caught up again: every partition's lag back to 0 (the probes wrote records meanwhile).
            eventually(() -> {
                List<Long> lags = values(a.metrics(), "ferry_cluster_state_lag_records");
                return lags.size() == 4 && lags.stream().allMatch(l -> l == 0);
            });
        }
    }

    /** The last snapshot record of each job (a tombstone for a deleted group), read from the snapshots topic. */
    private Map<String, ConsumerRecord<byte[], byte[]>> lastSnapshots() throws Exception {
        Map<String, ConsumerRecord<byte[], byte[]>> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readSnapshots()) {
            last.put(GroupReplica.keyOf(MutationBytes.decode(r.key())).get("job"), r);
        }
        return last;
    }

    private List<ConsumerRecord<byte[], byte[]>> readSnapshots() {
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = c.partitionsFor(topics + "-snapshots").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(all);
            c.seekToBeginning(all);
            Map<TopicPartition, Long> ends = c.endOffsets(all);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (all.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static long offset(ConsumerRecord<byte[], byte[]> r) {
        return ByteBuffer.wrap(r.headers().lastHeader("ferry.offset").value()).getLong();
    }

    /** 30 pushes to the group {@code race}, each with a family of its own name and one both send. */
    private static List<Integer> race(TestHttp member, String method, String name) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(member.send(method, "/metrics/job/race", name + " " + i + "\nshared " + i + "\n").statusCode());
        }
        return statuses;
    }

    /** The lines of {@code member}'s /metrics of the group {@code job}, push times included. */
    /**
     * The series of {@code job}'s group as {@code member} serves them. Ferry's own series about the
     * group ({@code ferry_producer_*}) are left out: the member deciding the group's partition alone
     * serves them, so they are not the same on every member.
     */
    private static String group(TestHttp member, String job) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : member.metrics().split("\n")) {
            if (line.contains("job=\"" + job + "\"") && !line.startsWith("ferry_")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Pushes this member answered 503 for want of Kafka, all reasons. */
    private static long sendFailures(TestHttp member) throws Exception {
        return values(member.metrics(), "ferry_cluster_send_failures_total").stream().mapToLong(Long::longValue).sum();
    }

    /** The values of every series of the metric {@code name} in an exposition. */
    private static List<Long> values(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\d+)").matcher(metrics);
        List<Long> out = new ArrayList<>();
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static long expired(TestHttp member) throws Exception {
        Matcher m = Pattern.compile("(?m)^ferry_push_groups_expired_total\\{rule=\"short\"} (\\d+)").matcher(member.metrics());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private FerryServer member(String name, String extraYaml) throws Exception {
        return member(name, extraYaml, kafka, "");
    }

    private FerryServer member(String name, String extraYaml, KafkaBroker broker, String clusterExtra) throws Exception {
        Path storage = dir.resolve(name);
        Files.createDirectories(storage);
        String yaml = "web:\n  listen_address: 127.0.0.1:0\nstorage:\n  path: " + storage + "\n" + extraYaml
                + "cluster:\n  bootstrap_servers: " + broker.bootstrapServers() + "\n  member_id: " + name + "\n"
                + "  replication_factor: 1\n  partitions: 4\n"
                + "  topics: {state: " + topics + ", snapshots: " + topics + "-snapshots, shards: " + topics + "-shards}\n"
                + clusterExtra;
        FerryConfig defaults = FerryConfig.DEFAULTS.withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        FerryServer server = FerryServer.start(ConfigLoader.parse(yaml, name + ".yml", defaults));
        members.add(server);
        return server;
    }

    private static void awaitReady(TestHttp member) throws Exception {
        eventually(() -> member.get("/-/ready").statusCode() == 200);
    }

    private static void eventually(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
