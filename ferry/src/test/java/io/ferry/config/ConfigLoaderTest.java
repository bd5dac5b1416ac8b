package io.ferry.config;

import io.ferry.log.Level;
import io.ferry.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static FerryConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml");
    }

    private static void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void emptyFileMeansDefaults() throws Exception {
        assertThat(parse("")).isEqualTo(FerryConfig.DEFAULTS);
        assertThat(parse("# only a comment\n")).isEqualTo(FerryConfig.DEFAULTS);
        assertThat(parse("---\n")).isEqualTo(FerryConfig.DEFAULTS);
    }

    @Test
    void readsEverySection() throws Exception {
        FerryConfig c = parse("""
                web:
                  listen_address: 127.0.0.1:9100
                storage:
                  path: /var/lib/ferry
                  fsync: false
                log:
                  level: debug
                  format: json
                """);
        assertThat(c.web().listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 9100));
        assertThat(c.storage()).isEqualTo(new StorageConfig(Path.of("/var/lib/ferry"), false));
        assertThat(c.log()).isEqualTo(new LogConfig(Level.DEBUG, LogFormat.JSON));
    }

    @Test
    void readsTheRemoteWriteFlushDeadline() throws Exception {
        assertThat(parse("storage:\n  remote_write_flush_deadline: 10s\n").storage().remoteWriteFlushDeadline())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(FerryConfig.DEFAULTS.storage().remoteWriteFlushDeadline()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsTheRemoteWriteQueueBudget() throws Exception {
        FerryConfig c = parse("storage:\n  remote_write_max_bytes: 256MiB\n");
        assertThat(c.storage().remoteWriteMaxBytes()).isEqualTo(256L << 20);
        assertThat(FerryConfig.DEFAULTS.storage().remoteWriteMaxBytes()).isEqualTo(1L << 30);
        assertThatThrownBy(() -> parse("storage:\n  remote_write_max_bytes: 1MiB\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:").hasMessageContaining("remote_write_max_bytes").hasMessageContaining("at least 2MiB");
    }

    @Test
    void readsThePushgatewayWebSettings() throws Exception {
        FerryConfig c = parse("""
                web:
                  route_prefix: /pg
                  external_url: https://example.com/gw/
                  telemetry_path: /prom
                  enable_admin_api: true
                  enable_lifecycle: true
                """);
        assertThat(c.web()).isEqualTo(new WebConfig(FerryConfig.DEFAULTS.web().listenAddress(), "/pg",
                "https://example.com/gw/", "/prom", true, true));
        assertThat(c.web().metricsPath()).isEqualTo("/pg/prom");
        assertFails("""
                web:
                  listen_address: :9091
                  route_prefix: /a:b
                """, "ferry.yml:3: web.route_prefix: route prefix \"/a:b\" has ':', which Ferry does not route "
                + "(allowed: letters, digits, / and -._~!$&'()+,;=@)");
        assertFails("web:\n  enable_lifecycle: yes please\n",
                "ferry.yml:2: web.enable_lifecycle must be true or false, got \"yes please\"");
        assertFails("web:\n  external_url: 'http://x/a b'\n",
                "ferry.yml:2: web.external_url: invalid external URL \"http://x/a b\": Illegal character in path at index 10");
    }

    @Test
    void theFileIsReadOverTheDefaultsItIsGiven() throws Exception {
        FerryConfig defaults = FerryConfig.DEFAULTS.withStorage(new StorageConfig(Path.of("/var/lib/pg.data.ferry")));
        assertThat(ConfigLoader.parse("log:\n  level: warn\n", "ferry.yml", defaults).storage())
                .isEqualTo(defaults.storage());
        assertThat(ConfigLoader.parse("storage:\n  path: /srv\n", "ferry.yml", defaults).storage().path())
                .isEqualTo(Path.of("/srv"));
        assertThat(ConfigLoader.parse("", "ferry.yml", defaults)).isEqualTo(defaults);
    }

    @Test
    void absentKeysKeepDefaults() throws Exception {
        FerryConfig c = parse("""
                web:
                log:
                  format: json
                """);
        assertThat(c.web()).isEqualTo(FerryConfig.DEFAULTS.web());
        assertThat(c.log()).isEqualTo(new LogConfig(Level.INFO, LogFormat.JSON));
        assertThat(c.storage()).isEqualTo(FerryConfig.DEFAULTS.storage());
    }

    @Test
    void unknownKeyNamesLineAndAllowedKeys() {
        assertFails("""
                # Ferry
                storage:
                  path: data
                web:
                  lisen_address: :9091
                """, "ferry.yml:5: unknown key \"lisen_address\" in web (allowed: listen_address, route_prefix, external_url, "
                        + "telemetry_path, enable_admin_api, enable_lifecycle, enable_openmetrics, config_file)");
    }

    @Test
    void unknownTopLevelKey() {
        assertFails("web: {}\nscrape_config: []\n",
                "ferry.yml:2: unknown key \"scrape_config\" at top level (allowed: web, storage, log, push, auth, global, scrape_configs, remote_write, tunnel, tunnel_client, statsd, otlp, cluster)");
    }

    @Test
    void wrongTypes() {
        assertFails("web: :9091\n", "ferry.yml:1: web must be a mapping, got \":9091\"");
        assertFails("web:\n  listen_address:\n    - a\n", "ferry.yml:3: web.listen_address must be a string, got a sequence");
        assertFails("- web\n", "ferry.yml:1: the config must be a mapping of sections, got a sequence");
    }

    @Test
    void badValuesNameTheKey() {
        assertFails("log:\n  level: verbose\n",
                "ferry.yml:2: log.level: unknown log level \"verbose\" (allowed: debug, info, warn, error)");
        assertFails("web:\n  listen_address: 9091\n",
                "ferry.yml:2: web.listen_address: missing port in address \"9091\" (want host:port or :port)");
    }

    @Test
    void duplicateKeys() {
        assertFails("log:\n  level: info\n  level: debug\n", "ferry.yml:3: duplicate key \"level\" in log");
    }

    @Test
    void yamlSyntaxErrorsHaveALine() {
        assertThatThrownBy(() -> parse("web:\n  listen_address: [:9091\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ferry.yml:2: invalid YAML: ");
    }

    @Test
    void anUnclosedBracketNamesTheLineWhereItBegan() {
        assertFails("push:\n  expire: [{match: {job: a}, after: 1h}\nlog:\n  level: info\n",
                "ferry.yml:3: invalid YAML: expected ',' or ']', but got <scalar> (while parsing a flow sequence begun at line 2)");
    }

    @Test
    void aTruncatedUnicodeEscapeIsAConfigError() {
        assertThatThrownBy(() -> parse("web:\n  listen_address: \"\\u"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ferry.yml: invalid YAML: a bad escape in a double-quoted string");
    }

    @Test
    void loadsFromFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "storage:\n  path: state\n");
        assertThat(ConfigLoader.load(file).storage().path()).isEqualTo(Path.of("state"));

        Files.writeString(file, "storage:\n  paht: state\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageStartingWith(file + ":2: unknown key \"paht\"");

        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessageStartingWith(missing + ": cannot read: ");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessage(missing + ": cannot read: no such file or directory");
    }

    @Test
    void reportsTheProblemsOfEverySectionAndJobInLineOrder() {
        String yaml = """
                storage:
                  paht: state
                scrape_configs:
                  - job_name: a
                    scrape_interval: 5s
                    scrape_timeout: 6s
                  - job_name: b
                    metrics_pth: /m
                log:
                  level: loud
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "ferry.yml")).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).extracting(ConfigException::line).containsExactly(2, 6, 8, 10);
            assertThat(e.getMessage().lines()).hasSize(4).allMatch(l -> l.startsWith("ferry.yml:"));
            assertThat(e.line()).isEqualTo(2);
        });
    }

    @Test
    void readsTheTunnelSection() throws Exception {
        FerryConfig c = parse("""
                tunnel:
                  enabled: false
                  listen_address: ":9092"
                  max_connections: 100
                  scrape_default_timeout: 10s
                  scrape_max_timeout: 1m
                  registration_timeout: 2m
                  max_response_bytes: 1MiB
                  max_queued_scrapes: 8
                  max_clients: 50
                """);
        assertThat(c.tunnel()).isEqualTo(new io.ferry.tunnel.proxy.ProxyOptions(false, ":9092", 100,
                java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(2),
                1 << 20, 8, 50));
        assertThat(parse("").tunnel()).isEqualTo(io.ferry.tunnel.proxy.ProxyOptions.DEFAULTS);
        assertFails("tunnel:\n  scrape_max_timeout: 0s\n", "ferry.yml:2: tunnel.scrape_max_timeout: must be more than 0, not 0s");
        assertFails("tunnel:\n  max_connections: 0\n", "ferry.yml:2: tunnel.max_connections: must be between 1 and 2147483647, not 0");
        assertFails("tunnel:\n  max_clients: 0\n", "ferry.yml:2: tunnel.max_clients: must be between 1 and 2147483647, not 0");
    }
}
