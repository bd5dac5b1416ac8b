package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.ListenAddress;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.KafkaBroker;
import io.ferry.testing.RemoteWriteReceiver;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.ferry.server.ShardedTargets.await;
import static io.ferry.server.ShardedTargets.scrapedBy;
import static io.ferry.server.ShardedTargets.twinSamples;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharded scraping on a real broker: three members split 300 targets, each scraped by exactly one;
 * one member leaves, and every target is scraped again within two intervals plus the session
 * timeout; the samples reach VictoriaMetrics with no target's series written by two members at once.
 * With {@code scrape_replicas: 2}, two members scrape every target.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ShardedScrapeClusterIT {
    private static final int TARGETS = 300;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static KafkaBroker kafka;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        running.add(c);
        return c;
    }

    /** Member {@code m<i>}; {@code receiver} null: no remote_write. */
    private FerryServer member(int i, int replicas, RemoteWriteReceiver receiver, List<String> targets)
            throws Exception {
        Path file = dir.resolve("ferry-" + i + ".yml");
        Files.writeString(file, """
                cluster:
                  bootstrap_servers: %s
                  member_id: m%d
                  replication_factor: 1
                  partitions: 4
                  scrape_replicas: %d
                scrape_configs:
                  - job_name: app
                    scrape_interval: %ds
                    scrape_timeout: 1s
                    static_configs:
                      - targets: [%s]
                """.formatted(kafka.bootstrapServers(), i, replicas, INTERVAL.toSeconds(), String.join(", ", targets))
                + (receiver == null ? "" : """
                remote_write:
                  - url: %s
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms, batch_send_deadline: 500ms}
                """.formatted(receiver.writeUrl())));
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data-" + i),
                null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        return keep(FerryServer.start(source.load(), source));
    }

    private static boolean splitWithoutOverlapOrGap(List<FerryServer> members, List<String> targets) throws Exception {
        return ShardedTargets.splitWithoutOverlapOrGap(members.stream().map(m -> TestHttp.local(m.port())).toList(), targets);
    }

    @Test
    void threeMembersShareTheTargetsAndTheSurvivorsTakeOverALeaversTargets() throws Exception {
        RemoteWriteReceiver receiver = keep(RemoteWriteReceiver.start(dir));
        Assumptions.assumeTrue(receiver.isVictoriaMetrics(), "needs Debian's victoria-metrics");
        List<TestTarget> targets = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            targets.add(keep(new TestTarget("127.0.0." + (1 + i % 6), n -> "app_scrapes_total " + n + "\n")));
        }
        List<String> addresses = targets.stream().map(TestTarget::address).toList();
        List<FerryServer> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(member(i, 1, receiver, addresses));
        }

        await("three members to split the targets", Duration.ofSeconds(90),
                () -> splitWithoutOverlapOrGap(members, addresses));
        await("every target to be scraped", Duration.ofSeconds(30), () -> targets.stream().allMatch(t -> t.served() > 0));
        JsonObject cluster = new JsonObject(TestHttp.local(members.getFirst().port()).get("/api/v1/cluster").body())
                .getJsonObject("data");
        assertThat(cluster.getString("mode")).isEqualTo("kafka");
        assertThat(cluster.getString("member")).isEqualTo("m0");
        assertThat(cluster.getJsonArray("members").stream().map(o -> ((JsonObject) o).getString("member")).toList())
                .containsExactly("m0", "m1", "m2");
        // Each state partition is owned by one member: its expiry and snapshots are decided there.
        List<Long> owners = new ArrayList<>();
        for (FerryServer m : members) {
            JsonObject state = new JsonObject(TestHttp.local(m.port()).get("/api/v1/cluster").body())
                    .getJsonObject("data").getJsonObject("state");
            assertThat(state.getJsonArray("partitions")).hasSize(4).allSatisfy(o ->
                    assertThat(((JsonObject) o).getLong("lag")).isNotNegative());
            state.getJsonArray("partitions").stream().map(o -> (JsonObject) o).filter(o -> o.getBoolean("owned"))
                    .forEach(o -> owners.add(o.getLong("partition")));
        }
        assertThat(owners).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(TestHttp.local(members.getFirst().port()).get("/metrics").body())
                .contains("ferry_cluster_shards 64", "ferry_cluster_applied_offset{partition=\"3\"}");

        // m2 leaves: each target is scraped again within two intervals and the session timeout.
        FerryServer leaving = members.remove(2);
        Set<String> moved = scrapedBy(leaving);
        Map<TestTarget, Integer> before = new HashMap<>();
        targets.forEach(t -> before.put(t, t.served()));
        long closed = System.nanoTime();
        leaving.close();
        Duration bound = INTERVAL.multipliedBy(2).plus(SESSION_TIMEOUT);
        await("every target to be scraped again", bound.plusSeconds(15),
                () -> targets.stream().allMatch(t -> t.served() > before.get(t)));
        System.out.printf("every target scraped again %d ms after a member left (bound %s)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed), bound);
        assertThat(splitWithoutOverlapOrGap(members, addresses)).isTrue();
        assertThat(scrapedBy(members.get(0)).size() + scrapedBy(members.get(1)).size()).isEqualTo(TARGETS);
        assertThat(moved).isNotEmpty();

        // Two more intervals of samples, then: every target's series in the receiver, and no two
        // samples of one closer than a quarter interval (two members scrape a target in the same
        // phase: a duplicate would sit milliseconds from its twin).
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
        await("every target's samples in VictoriaMetrics", Duration.ofSeconds(30),
                () -> receiver.timelines("app_scrapes_total{job=\"app\"}").size() == TARGETS);
        assertThat(twinSamples(receiver, INTERVAL)).as("samples of one target from two members").isEmpty();
    }

    @Test
    void withTwoReplicasEveryTargetIsScrapedByTwoMembers() throws Exception {
        List<TestTarget> targets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            targets.add(keep(new TestTarget("127.0.0." + (1 + i % 4), n -> "app_scrapes_total " + n + "\n")));
        }
        List<String> addresses = targets.stream().map(TestTarget::address).toList();
        FerryServer a = member(0, 2, null, addresses);
        FerryServer b = member(1, 2, null, addresses);
        // Each member's own shards' targets at once, the others' as the whole assignment is read.
        await("both members to scrape every target", Duration.ofSeconds(90),
                () -> scrapedBy(a).containsAll(addresses) && scrapedBy(b).containsAll(addresses));
        await("every target to be scraped twice", Duration.ofSeconds(30), () -> targets.stream().allMatch(t -> t.served() >= 2));
    }
}
