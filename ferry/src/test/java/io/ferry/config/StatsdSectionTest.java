package io.ferry.config;

import io.ferry.statsd.ProducerRules;
import io.ferry.statsd.StatsdOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsdSectionTest {

    private static StatsdOptions parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").statsd();
    }

    @Test
    void defaultsListenAsStatsdExporterDoes() throws Exception {
        StatsdOptions d = parse("");
        assertThat(d).isEqualTo(StatsdOptions.DEFAULTS);
        assertThat(d.listenUdp()).isEqualTo(new InetSocketAddress(9125));
        assertThat(d.enabled()).isTrue();
        assertThat(d.producers().enabled()).isFalse();
    }

    @Test
    void readsEveryKey() throws Exception {
        StatsdOptions s = parse("""
                statsd:
                  listen_udp: 127.0.0.1:8125
                  listen_tcp: ""
                  listen_unixgram: /run/statsd.sock
                  unixsocket_mode: "600"
                  read_buffer: 8MiB
                  cache_size: 0
                  parse_librato_tags: false
                  udp_readers: 2
                  workers: 3
                  queue_max_bytes: 16MiB
                  max_tcp_connections: 10
                  tcp_idle_timeout: 30s
                  max_line_bytes: 4KiB
                  max_series: 5000
                  set_interval: 1m
                  producers:
                    label: host
                    job: apps
                    every: 15s
                    grace: 5s
                    expect: [a, b]
                    max_producers: 50
                """);
        assertThat(s.listenUdp()).isEqualTo(new InetSocketAddress("127.0.0.1", 8125));
        assertThat(s.listenTcp()).isNull();
        assertThat(s.listenUnixgram()).isEqualTo(Path.of("/run/statsd.sock"));
        assertThat(s.unixsocketMode()).isEqualTo(0600);
        assertThat(s.readBuffer()).isEqualTo(8L << 20);
        assertThat(s.cacheSize()).isZero();
        assertThat(s.tagStyles().librato()).isFalse();
        assertThat(s.tagStyles().dogstatsd()).isTrue();
        assertThat(s.effectiveUdpReaders()).isEqualTo(2);
        assertThat(s.effectiveWorkers()).isEqualTo(3);
        assertThat(s.queueMaxBytes()).isEqualTo(16L << 20);
        assertThat(s.maxTcpConnections()).isEqualTo(10);
        assertThat(s.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxLineBytes()).isEqualTo(4096);
        assertThat(s.maxSeries()).isEqualTo(5000);
        assertThat(s.setInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.producers()).isEqualTo(new ProducerRules("host", "apps", Optional.of(Duration.ofSeconds(15)),
                Duration.ofSeconds(5), List.of("a", "b"), 50));
    }

    @Test
    void aStatsdSectionWithoutProducersLeavesLivenessOff() throws Exception {
        assertThat(parse("statsd:\n  listen_udp: 127.0.0.1:18125\n").producers().enabled()).isFalse();
    }

    @Test
    void anEmptyProducersSectionTurnsLivenessOnWithItsDefaults() throws Exception {
        assertThat(parse("statsd:\n  producers: {}\n").producers()).isEqualTo(ProducerRules.DEFAULTS);
        assertThat(parse("statsd:\n  producers: {every: auto}\n").producers().every()).isEmpty();
    }

    @Test
    void problemsNameTheLineAndKey() {
        assertThatThrownBy(() -> parse("statsd:\n  listen_udp: nowhere\n"))
                .hasMessageStartingWith("ferry.yml:2: statsd.listen_udp: missing port");
        assertThatThrownBy(() -> parse("statsd:\n  unixsocket_mode: \"8\"\n"))
                .hasMessageStartingWith("ferry.yml:2: statsd.unixsocket_mode:");
        assertThatThrownBy(() -> parse("statsd:\n  max_line_bytes: 0\n"))
                .hasMessageStartingWith("ferry.yml:2: statsd.max_line_bytes: must be between");
        assertThatThrownBy(() -> parse("statsd:\n  producers: {label: \"1x\"}\n"))
                .hasMessageContaining("statsd.producers.label");
        assertThatThrownBy(() -> parse("statsd:\n  udp_listen: :1\n"))
                .hasMessageContaining("unknown key \"udp_listen\" in statsd");
    }

    @Test
    void theMappingFileIsReadRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mapping.yml"), "mappings:\n  - match: a.b\n    name: ab\n");
        Path config = dir.resolve("ferry.yml");
        Files.writeString(config, "statsd:\n  mapping_config: mapping.yml\n");
        StatsdOptions s = ConfigLoader.load(config).statsd();
        assertThat(s.mappingFile()).isEqualTo(dir.resolve("mapping.yml"));
        assertThat(s.mapping().mappingCount()).isEqualTo(1);
    }
}
