package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.WebLimits;
import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How serve's flags, the config file and the defaults combine. */
class ServeCommandTest {

    private static FerryConfig configFor(String... args) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void defaultsWithNoFlags() throws Exception {
        assertThat(configFor()).isEqualTo(FerryConfig.DEFAULTS);
        assertThat(FerryConfig.DEFAULTS.web().listenAddress()).hasToString(":9091");
    }

    @Test
    void bothFlagSyntaxes() throws Exception {
        assertThat(configFor("--web.listen-address=127.0.0.1:9100").web().listenAddress())
                .isEqualTo(new ListenAddress("127.0.0.1", 9100));
        assertThat(configFor("--web.listen-address", "[::1]:9100").web().listenAddress())
                .isEqualTo(new ListenAddress("::1", 9100));
        FerryConfig c = configFor("--log.level", "debug", "--log.format=json", "--storage.path", "/tmp/s");
        assertThat(c.log().level()).isEqualTo(Level.DEBUG);
        assertThat(c.log().format()).isEqualTo(LogFormat.JSON);
        assertThat(c.storage().path()).isEqualTo(Path.of("/tmp/s"));
    }

    @Test
    void repairIsAFlagOnlyAndOffByDefault(@TempDir Path dir) throws Exception {
        assertThat(configFor().storage().repair()).isFalse();
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "storage:\n  path: /tmp/s\n");
        FerryConfig c = configFor("--config.file", file.toString(), "--storage.repair");
        assertThat(c.storage().repair()).isTrue();
        assertThat(c.storage().path()).isEqualTo(Path.of("/tmp/s"));
        Files.writeString(file, "storage:\n  repair: true\n");
        assertThatThrownBy(() -> configFor("--config.file", file.toString())).hasMessageContaining("repair");
    }

    @Test
    void thePushgatewayConsistencyFlagBeatsTheFile(@TempDir Path dir) throws Exception {
        assertThat(configFor().push().consistencyCheck()).isTrue();
        assertThat(configFor("--push.disable-consistency-check").push().consistencyCheck()).isFalse();
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "push:\n  consistency_check: false\n");
        assertThat(configFor("--config.file", file.toString()).push().consistencyCheck()).isFalse();
        assertThat(configFor("--config.file", file.toString(), "--push.disable-consistency-check=false")
                .push().consistencyCheck()).isTrue();
    }

    @Test
    void theWebLimitFlagsSetTheConnectionCapTimeoutsAndBodyBudget() throws Exception {
        assertThat(configFor().web().limits()).isEqualTo(WebLimits.DEFAULTS);
        WebLimits l = configFor("--web.max-connections=64", "--web.read-header-timeout=3s", "--web.read-timeout", "30s",
                "--web.idle-timeout=1m30s", "--web.max-body-bytes-in-flight=64MiB").web().limits();
        assertThat(l).isEqualTo(new WebLimits(64, Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(90),
                64L << 20));
        assertThat(configFor("--web.read-timeout=2m").web().limits().maxConnections()).isEqualTo(512);
        assertThatThrownBy(() -> configFor("--web.max-connections=0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> configFor("--web.idle-timeout=0s")).hasMessageContaining("must be positive");
    }

    @Test
    void theBodyLimitFlagBeatsTheFileAndKeepsTheOtherLimits(@TempDir Path dir) throws Exception {
        assertThat(configFor().push().limits().maxBodyBytes()).isEqualTo(16L << 20);
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "push:\n  limits:\n    max_body_bytes: 1MiB\n    max_groups: 7\n");
        assertThat(configFor("--config.file", file.toString()).push().limits().maxBodyBytes()).isEqualTo(1L << 20);
        FerryConfig c = configFor("--config.file", file.toString(), "--push.max-body-bytes=64KiB");
        assertThat(c.push().limits().maxBodyBytes()).isEqualTo(64L << 10);
        assertThat(c.push().limits().maxGroups()).isEqualTo(7);
        assertThatThrownBy(() -> configFor("--push.max-body-bytes=lots"))
                .hasMessageContaining("size \"lots\" must start with a whole number");
    }

    @Test
    void flagsWinOverTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                web:
                  listen_address: :9200
                storage:
                  path: from-file
                log:
                  level: warn
                  format: json
                """);
        FerryConfig c = configFor("--config.file", file.toString(), "--web.listen-address=:9300", "--log.level=error");
        assertThat(c.web().listenAddress()).hasToString(":9300");   // flag
        assertThat(c.log().level()).isEqualTo(Level.ERROR);          // flag
        assertThat(c.storage().path()).isEqualTo(Path.of("from-file")); // file
        assertThat(c.log().format()).isEqualTo(LogFormat.JSON);      // file
    }

    @Test
    void thePushgatewayWebFlags() throws Exception {
        FerryConfig c = configFor("--web.route-prefix=pg/", "--web.external-url", "https://example.com/gw/",
                "--web.telemetry-path=/prom", "--web.enable-admin-api", "--web.enable-lifecycle");
        assertThat(c.web().prefix()).isEqualTo("/pg");
        assertThat(c.web().externalPrefix()).isEqualTo("/gw");
        assertThat(c.web().metricsPath()).isEqualTo("/pg/prom");
        assertThat(c.web().enableAdminApi()).isTrue();
        assertThat(c.web().enableLifecycle()).isTrue();
        assertThat(configFor("--web.external-url=https://example.com/gw").web().prefix()).isEqualTo("/gw");
        assertThat(configFor().web().enableLifecycle()).isFalse();
        assertThatThrownBy(() -> configFor("--web.route-prefix=/a:b"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("route prefix \"/a:b\" has ':'");
    }

    @Test
    void webFlagsWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "web:\n  enable_admin_api: true\n  route_prefix: /file\n");
        FerryConfig c = configFor("--config.file", file.toString(), "--web.enable-admin-api=false");
        assertThat(c.web().enableAdminApi()).isFalse();
        assertThat(c.web().prefix()).isEqualTo("/file");
    }

    @Test
    void persistenceIntervalIsReadAsAGoDuration() throws Exception {
        assertThat(configFor().persistence().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(configFor("--persistence.interval=1h30m").persistence().interval()).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> configFor("--persistence.interval=5"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("missing unit");
    }

    @Test
    void persistenceFileChoosesTheStorageDirectoryOnlyWhenNoneIsSet(@TempDir Path dir) throws Exception {
        assertThat(configFor("--persistence.file=/var/lib/prometheus/pushgateway.data").storage().path())
                .isEqualTo(Path.of("/var/lib/prometheus/pushgateway.data.ferry"));
        assertThat(configFor("--persistence.file=").storage().path()).isEqualTo(Path.of("data"));
        assertThat(configFor("--persistence.file=/x/pg.data", "--storage.path=/srv/ferry").storage().path())
                .isEqualTo(Path.of("/srv/ferry"));
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "storage:\n  path: /from/file\n");
        assertThat(configFor("--persistence.file=/x/pg.data", "--config.file", file.toString()).storage().path())
                .isEqualTo(Path.of("/from/file"));
        Files.writeString(file, "log:\n  level: warn\n");
        assertThat(configFor("--persistence.file=/x/pg.data", "--config.file", file.toString()).storage().path())
                .isEqualTo(Path.of("/x/pg.data.ferry"));
        assertThat(configFor("--persistence.file=/x/pg.data").persistence().file()).isEqualTo("/x/pg.data");
    }
}
