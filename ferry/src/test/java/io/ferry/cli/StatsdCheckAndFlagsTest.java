package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.statsd.StatsdOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** statsd_exporter's flags on serve, and {@code ferry check config} on mapping files. */
class StatsdCheckAndFlagsTest extends CapturedCli {

    private static FerryConfig serve(String... args) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void theDefaultsAreStatsdExportersAndTheFlagsWin() throws Exception {
        StatsdOptions d = serve().statsd();
        assertThat(d.listenUdp()).isEqualTo(new InetSocketAddress(9125));
        assertThat(d.listenTcp()).isEqualTo(new InetSocketAddress(9125));
        assertThat(d.listenUnixgram()).isNull();
        StatsdOptions s = serve("--statsd.listen-udp=127.0.0.1:9999", "--statsd.listen-tcp=",
                "--statsd.listen-unixgram", "/run/s.sock", "--statsd.unixsocket-mode=660", "--statsd.read-buffer=8388608",
                "--statsd.cache-size=0", "--no-statsd.parse-dogstatsd-tags", "--statsd.parse-influxdb-tags").statsd();
        assertThat(s.listenUdp()).isEqualTo(new InetSocketAddress("127.0.0.1", 9999));
        assertThat(s.listenTcp()).isNull();
        assertThat(s.listenUnixgram()).isEqualTo(Path.of("/run/s.sock"));
        assertThat(s.unixsocketMode()).isEqualTo(0660);
        assertThat(s.readBuffer()).isEqualTo(8_388_608);
        assertThat(s.cacheSize()).isZero();
        assertThat(s.tagStyles().dogstatsd()).isFalse();
        assertThat(s.tagStyles().influxdb()).isTrue();
    }

    @Test
    void statsdExportersTuningFlagsAreAcceptedAndChangeNothing() throws Exception {
        assertThat(serve("--statsd.cache-type=random", "--statsd.event-queue-size=5", "--statsd.event-flush-threshold=9",
                "--statsd.event-flush-interval=1s", "--statsd.udp-packet-queue-size=100").statsd())
                .isEqualTo(StatsdOptions.DEFAULTS);
    }

    @Test
    void flagsOverTheFileAndBadValuesNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "statsd:\n  listen_udp: 127.0.0.1:8125\n  cache_size: 5\n");
        StatsdOptions s = serve("--config.file", file.toString(), "--statsd.cache-size=7").statsd();
        assertThat(s.listenUdp()).isEqualTo(new InetSocketAddress("127.0.0.1", 8125));
        assertThat(s.cacheSize()).isEqualTo(7);
        assertThatThrownBy(() -> serve("--statsd.listen-udp=9125")).hasMessageContaining("missing port");
        assertThatThrownBy(() -> serve("--statsd.unixsocket-mode=999")).hasMessageContaining("octal");
    }

    @Test
    void theMappingFlagReadsAndChecksTheFile(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, "mappings:\n  - match: \"a.*\"\n    name: \"a_$1\"\n");
        assertThat(serve("--statsd.mapping-config=" + mapping).statsd().mapping().mappingCount()).isEqualTo(1);
        Files.writeString(mapping, "mappings:\n  - match: \"a.*\"\n    nme: typo\n");
        assertThatThrownBy(() -> serve("--statsd.mapping-config=" + mapping))
                .hasMessageContaining("--statsd.mapping-config").hasMessageContaining("nme");
        assertThatThrownBy(() -> serve("--statsd.mapping-config=" + dir.resolve("none.yml")))
                .hasMessageContaining("cannot read the StatsD mapping file");
    }

    @Test
    void checkConfigChecksAMappingFileGivenDirectly(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, "defaults:\n  observer_type: histogram\nmappings:\n  - match: \"a.*\"\n    name: \"a\"\n");
        assertThat(run("check", "config", mapping.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        Files.writeString(mapping, "mappings:\n  - match: \"a.*\"\n    name: \"a\"\n    observer_type: triangle\n");
        assertThat(run("check", "config", mapping.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(mapping.toString()).contains("observer_type");
    }

    @Test
    void checkConfigChecksTheMappingFileAFerryConfigNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mapping.yml"), "mappings:\n  - match: \"a.*\"\n    nme: typo\n");
        Path config = dir.resolve("ferry.yml");
        Files.writeString(config, "statsd:\n  listen_udp: \":8125\"\n  mapping_config: mapping.yml\n");
        assertThat(run("check", "config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(config + ":3: invalid StatsD mapping").contains("nme");
        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("mapping.yml"), "mappings: []\n");
        assertThat(run("check", "config", config.toString())).as(err.toString()).isZero();
    }
}
