package io.ferry.server;

import io.ferry.config.ConfigException;
import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigSource;
import io.ferry.config.FerryConfig;
import io.ferry.config.PrometheusConfig;
import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import io.ferry.push.PushService;
import io.ferry.state.InMemoryGroupStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What /-/reload applies, what it leaves for a restart, and that a bad file changes nothing. */
class ConfigReloaderTest {
    private final PushService push = new PushService(new InMemoryGroupStore(), Map.of(), PushService.Options.DEFAULT,
            Clock.systemUTC());
    private final List<String> logging = new ArrayList<>();
    private String yaml = "";
    private final RunningConfig running = new RunningConfig(FerryConfig.DEFAULTS);

    private final ConfigSource source = new ConfigSource() {
        @Override
        public FerryConfig load() throws ConfigException {
            return ConfigLoader.parse(yaml, "ferry.yml");
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(Path.of("ferry.yml"));
        }
    };

    private final List<PrometheusConfig> pulled = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger rediscovered = new java.util.concurrent.atomic.AtomicInteger();
    private final java.io.ByteArrayOutputStream logOut = new java.io.ByteArrayOutputStream();
    private final io.ferry.log.LogSink log = new io.ferry.log.LogSink(logOut, Clock.systemUTC());

    private ConfigReloader reloader() {
        return new ConfigReloader(running, source, push,
                (level, format) -> logging.add(level + " " + format), pulled::add, rediscovered::incrementAndGet,
                log.logger());
    }

    private String logText() {
        log.flush();
        return logOut.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void everyReloadRereadsDiscoveryChangedOrNot() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [h:1]}]\n";
        reloader.reload();
        reloader.reload(); // unchanged: not applied again, but file_sd is read again
        assertThat(pulled).hasSize(1);
        assertThat(rediscovered.get()).isEqualTo(2);
    }

    @Test
    void aReloadWithoutAConfigFileSaysSo() throws Exception {
        new ConfigReloader(running, ConfigSource.fixed(FerryConfig.DEFAULTS), push, (level, format) -> { },
                pulled::add, rediscovered::incrementAndGet, log.logger()).reload();
        assertThat(logText()).contains("msg=\"config reloaded\" file=none");
        assertThat(rediscovered.get()).isEqualTo(1);
    }

    @Test
    void aFailedReloadIsLoggedWithItsReason() {
        ConfigReloader reloader = reloader();
        yaml = "storage:\n  pth: x\n";
        assertThatThrownBy(reloader::reload).isInstanceOf(ConfigException.class);
        assertThat(logText()).contains("level=error").contains("failed to reload config")
                .contains("ferry.yml:2: unknown key");
        assertThat(pulled).isEmpty();
        assertThat(rediscovered.get()).isZero();
    }

    @Test
    void appliesLoggingAndTheConsistencyCheck() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = "log:\n  level: debug\npush:\n  consistency_check: false\n";
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.applied()).containsExactly("log.level", "push.consistency_check");
        assertThat(r.needRestart()).isEmpty();
        assertThat(logging).containsExactly(Level.DEBUG + " " + LogFormat.LOGFMT);
        assertThat(push.consistencyCheck()).isFalse();
        assertThat(running.get().log().level()).isEqualTo(Level.DEBUG);
        assertThat(running.get().push().consistencyCheck()).isFalse();

        // Reading the same file again changes nothing.
        assertThat(reloader.reload()).isEqualTo(new ConfigReloader.Result(List.of(), List.of()));
        assertThat(logging).hasSize(1);
    }

    @Test
    void settingsThatApplyAtStartAreReportedAndLeftAsTheyAre() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = """
                web:
                  listen_address: :9200
                  route_prefix: /pg
                  enable_admin_api: true
                storage:
                  path: /elsewhere
                  fsync: false
                log:
                  format: json
                push:
                  limits:
                    max_groups: 5
                """;
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.applied()).containsExactly("log.format");
        assertThat(r.needRestart()).containsExactly("web.listen_address", "web.route_prefix", "web.enable_admin_api",
                "storage.path", "storage.fsync", "push.limits");
        assertThat(running.get().push().limits()).isEqualTo(FerryConfig.DEFAULTS.push().limits());
        assertThat(running.get().web()).isEqualTo(FerryConfig.DEFAULTS.web());
        assertThat(running.get().storage()).isEqualTo(FerryConfig.DEFAULTS.storage());
        assertThat(running.get().log().format()).isEqualTo(LogFormat.JSON);
    }

    @Test
    void prometheusSectionsApplyOnReload() throws Exception {
        List<PrometheusConfig> pulled = new ArrayList<>();
        ConfigReloader reloader = new ConfigReloader(running, source, push,
                (level, format) -> { }, pulled::add, () -> { });
        yaml = """
                global:
                  scrape_interval: 15s
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ["localhost:9100"]}]
                remote_write:
                  - url: http://localhost:9090/api/v1/write
                """;
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.applied()).containsExactly("global", "scrape_configs", "remote_write");
        assertThat(r.needRestart()).isEmpty();
        assertThat(pulled).singleElement().isEqualTo(running.get().prometheus());
        assertThat(running.get().prometheus().scrapeConfigs()).singleElement()
                .satisfies(j -> assertThat(j.jobName()).isEqualTo("node"));

        // The same sections again change nothing and are not applied again.
        assertThat(reloader.reload().applied()).isEmpty();
        assertThat(pulled).hasSize(1);

        yaml = "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n";
        assertThatThrownBy(reloader::reload).isInstanceOf(ConfigException.class)
                .hasMessage("ferry.yml:4: scrape_configs[0].scrape_timeout: 6s is longer than scrape_interval 5s");
        assertThat(pulled).hasSize(1);
    }

    @Test
    void anInvalidFileChangesNothing() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = "push:\n  consistency_check: false\nlog:\n  level: loud\n";
        assertThatThrownBy(reloader::reload).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ferry.yml:4: log.level: unknown log level \"loud\"");
        assertThat(push.consistencyCheck()).isTrue();
        assertThat(logging).isEmpty();
        assertThat(running.get()).isEqualTo(FerryConfig.DEFAULTS);
    }

    @Test
    void aChangedOtlpSectionIsReportedAsNeedingARestart() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = """
                otlp:
                  max_request_bytes: 1MiB
                """;
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.needRestart()).containsExactly("otlp");
        assertThat(running.get().otlp()).isEqualTo(FerryConfig.DEFAULTS.otlp());
    }

    @Test
    void lifecycleRulesApplyAtOnceAndTheLivenessMetricNeedsARestart() throws Exception {
        ConfigReloader reloader = reloader();
        yaml = """
                push:
                  expire:
                    - {match: {job: "ci-*"}, after: 1h}
                  expect:
                    - {job: backup}
                  liveness_metric: push_up
                """;
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.applied()).containsExactly("push.expire", "push.expect");
        assertThat(r.needRestart()).containsExactly("push.liveness_metric");
        assertThat(running.get().push().lifecycle().expire()).hasSize(1);
        assertThat(running.get().push().lifecycle().expect()).hasSize(1);
        assertThat(running.get().push().lifecycle().livenessMetric()).isEqualTo("up");

        // With the consistency check changed too, the name still stays as it started.
        yaml = yaml + "  consistency_check: false\n";
        r = reloader.reload();
        assertThat(r.applied()).containsExactly("push.consistency_check");
        assertThat(running.get().push().lifecycle().livenessMetric()).isEqualTo("up");
        assertThat(running.get().push().lifecycle().expire()).hasSize(1);
    }
}
