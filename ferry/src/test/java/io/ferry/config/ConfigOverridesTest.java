package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigOverridesTest {

    @Test
    void flagsWinOverTheFileWhichWinsOverDefaults() throws Exception {
        FerryConfig file = ConfigLoader.parse("""
                web:
                  listen_address: :9100
                log:
                  level: warn
                """, "ferry.yml");
        FerryConfig c = new ConfigOverrides(null, Path.of("/tmp/x"), Level.DEBUG, null, null).applyTo(file);
        assertThat(c.web().listenAddress()).isEqualTo(ListenAddress.parse(":9100"));  // file
        assertThat(c.storage().path()).isEqualTo(Path.of("/tmp/x"));                 // flag
        assertThat(c.log().level()).isEqualTo(Level.DEBUG);                          // flag over file
        assertThat(c.log().format()).isEqualTo(LogFormat.LOGFMT);                    // default
    }

    @Test
    void flagsKeepThePrometheusSections() throws Exception {
        FerryConfig file = ConfigLoader.parse("scrape_configs:\n  - job_name: node\n", "ferry.yml");
        FerryConfig c = new ConfigOverrides(ListenAddress.parse(":9200"), null, null, null, null).applyTo(file);
        assertThat(c.prometheus()).isEqualTo(file.prometheus());
        assertThat(c.prometheus().scrapeConfigs()).hasSize(1);
    }

    @Test
    void flagsKeepTheClusterSection() throws Exception {
        FerryConfig file = ConfigLoader.parse("cluster:\n  bootstrap_servers: 127.0.0.1:9092\n", "ferry.yml");
        FerryConfig c = new ConfigOverrides(ListenAddress.parse(":9200"), null, null, null, null).applyTo(file);
        assertThat(c.cluster()).isEqualTo(file.cluster());
        assertThat(c.cluster().kafka()).isTrue();
    }

    @Test
    void noFlagsChangeNothing() {
        assertThat(new ConfigOverrides(null, null, null, null, null).applyTo(FerryConfig.DEFAULTS))
                .isEqualTo(FerryConfig.DEFAULTS);
    }

    @Test
    void theQueueBudgetFlagOverridesItsKey() throws Exception {
        FerryConfig file = ConfigLoader.parse("storage:\n  remote_write_max_bytes: 64MiB\n  fsync: false\n", "ferry.yml");
        FerryConfig c = new ConfigOverrides(null, null, null, null, null, null, null, null, null, null, null, null,
                512L << 20).applyTo(file);
        assertThat(c.storage().remoteWriteMaxBytes()).isEqualTo(512L << 20);
        assertThat(c.storage().fsync()).isFalse();
        assertThat(ConfigOverrides.NONE.applyTo(file).storage().remoteWriteMaxBytes()).isEqualTo(64L << 20);
    }

    @Test
    void theWebAndPersistenceFlagsOverrideTheirKeys() throws Exception {
        FerryConfig file = ConfigLoader.parse("web:\n  route_prefix: /file\n  enable_lifecycle: true\n", "ferry.yml");
        FerryConfig c = new ConfigOverrides(null, null, null, null, null, null, "http://x/gw", "/prom", true, false,
                "/pg.data", Duration.ofMinutes(1), null).applyTo(file);
        assertThat(c.web()).isEqualTo(new WebConfig(ListenAddress.parse(":9091"), "/file", "http://x/gw", "/prom",
                true, false));
        assertThat(c.persistence()).isEqualTo(new PersistenceConfig("/pg.data", Duration.ofMinutes(1)));
        assertThat(ConfigOverrides.NONE.withListenAddress(ListenAddress.parse(":1")).applyTo(file).web())
                .isEqualTo(new WebConfig(ListenAddress.parse(":1"), "/file", "", "/metrics", false, true));
    }
}
