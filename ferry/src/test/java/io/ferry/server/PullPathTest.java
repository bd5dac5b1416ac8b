package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.config.PrometheusConfig;
import io.ferry.recordfile.OnDamage;
import io.ferry.state.InMemoryGroupStore;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PullPathTest {
    @TempDir
    Path dir;

    private static PrometheusConfig jobs(String... names) throws Exception {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        for (String name : names) {
            yaml.append("  - job_name: ").append(name).append("\n    static_configs: [{targets: ['127.0.0.1:1']}]\n");
        }
        return ConfigLoader.parse(yaml.toString(), "ferry.yml").prometheus();
    }

    @Test
    void aConfigAppliedBeforeStartIsTheOneStartRuns() throws Exception {
        Registry registry = new DefaultRegistry();
        try (PullPath pull = PullPath.open(jobs("at_open"), dir, 1L << 30, Duration.ZERO, OnDamage.REFUSE, dir,
                new ServedMetrics(new InMemoryGroupStore(), registry), "Ferry/test", registry, null, io.ferry.scrape.ScrapeObserver.NONE)) {
            // A reload while the port is being bound: nothing runs yet, and start must not undo it.
            pull.apply(jobs("reloaded"));
            assertThat(pull.pools()).isEmpty();
            pull.start("localhost:9091", "/metrics");
            assertThat(pull.pools()).extracting(p -> p.job().jobName()).containsExactly("reloaded");
            pull.apply(jobs("reloaded", "later"));
            assertThat(pull.pools()).extracting(p -> p.job().jobName()).containsExactly("reloaded", "later");
        }
    }
}
