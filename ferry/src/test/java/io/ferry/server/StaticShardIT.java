package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.ListenAddress;
import io.ferry.otlp.OtlpOptions;
import io.ferry.relabel.Relabeler;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Ferrys with {@code cluster.static_shard} 0 and 1 of 2 over the same static targets: each
 * scrapes the targets whose address hashmod 2 is its index (Prometheus' recipe), so together they
 * scrape every target once: no overlap, no gap.
 */
class StaticShardIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

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

    private FerryServer member(int index, List<String> targets) throws Exception {
        Path file = dir.resolve("ferry-" + index + ".yml");
        Files.writeString(file, """
                cluster:
                  static_shard: {index: %d, count: 2}
                scrape_configs:
                  - job_name: app
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: [%s]
                """.formatted(index, String.join(", ", targets)));
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data-" + index),
                null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        return keep(FerryServer.start(source.load(), source));
    }

    @Test
    void twoMembersSplitTheTargetsWithNoOverlapAndNoGap() throws Exception {
        List<TestTarget> targets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            targets.add(keep(new TestTarget("127.0.0." + (1 + i % 4), n -> "app_up 1\n")));
        }
        List<String> addresses = targets.stream().map(TestTarget::address).toList();
        FerryServer zero = member(0, addresses);
        FerryServer one = member(1, addresses);

        Set<String> a = ShardedTargets.scrapedBy(zero);
        Set<String> b = ShardedTargets.scrapedBy(one);
        assertThat(a).doesNotContainAnyElementsOf(b);
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        assertThat(all).containsExactlyInAnyOrderElementsOf(addresses);
        // As Prometheus' hashmod relabeling of __address__ would place them.
        assertThat(a).allSatisfy(t -> assertThat(Relabeler.hashmod(t, 2)).isZero());
        assertThat(b).allSatisfy(t -> assertThat(Relabeler.hashmod(t, 2)).isOne());

        JsonObject cluster = new JsonObject(TestHttp.local(one.port()).get("/api/v1/cluster").body()).getJsonObject("data");
        assertThat(cluster.getString("mode")).isEqualTo("static_shard");
        assertThat(cluster.getLong("shards")).isEqualTo(2);
        assertThat(cluster.getJsonArray("ownedShards").getList()).containsExactly(1);

        // And each target is really scraped (by its one member).
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (targets.stream().anyMatch(t -> t.served() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(targets).allSatisfy(t -> assertThat(t.served()).as(t.address()).isPositive());
    }
}
