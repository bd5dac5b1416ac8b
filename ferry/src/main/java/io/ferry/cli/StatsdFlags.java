package io.ferry.cli;

import io.ferry.config.ConfigException;
import io.ferry.config.FerryConfig;
import io.ferry.config.StatsdMappingFile;
import io.ferry.config.StatsdOptionsText;
import io.ferry.log.Logger;
import io.ferry.statsd.StatsdOptions;
import io.ferry.statsd.line.TagStyles;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * statsd_exporter's {@code --statsd.*} flags on {@code ferry serve}, so its command lines run
 * unchanged (docs/statsd.md). Each given flag wins over {@code statsd:} in the config file; the
 * tuning flags of statsd_exporter's single event pipeline are accepted and ignored with a warning.
 *
 * <pre>{@code
 * @Mixin StatsdFlags statsd;
 * FerryConfig c = statsd.applyTo(fromFile);
 * }</pre>
 */
final class StatsdFlags {
    @Option(names = "--statsd.listen-udp", paramLabel = "ADDRESS",
            description = "The UDP address StatsD is received on (statsd.listen_udp; default :9125); \"\" disables.")
    String listenUdp;

    @Option(names = "--statsd.listen-tcp", paramLabel = "ADDRESS",
            description = "The TCP address StatsD is received on (statsd.listen_tcp; default :9125); \"\" disables.")
    String listenTcp;

    @Option(names = "--statsd.listen-unixgram", paramLabel = "PATH",
            description = "The unix datagram socket StatsD is received on (statsd.listen_unixgram; default off). "
                    + "It must not exist at start.")
    String listenUnixgram;

    @Option(names = "--statsd.unixsocket-mode", paramLabel = "MODE",
            description = "The unixgram socket file's mode, in octal (statsd.unixsocket_mode; default 755).")
    String unixsocketMode;

    @Option(names = "--statsd.mapping-config", paramLabel = "FILE",
            description = "statsd_exporter's metric mapping file (statsd.mapping_config); read again on /-/reload "
                    + "and SIGHUP.")
    Path mappingConfig;

    @Option(names = "--statsd.read-buffer", paramLabel = "SIZE",
            description = "The receive buffer of the UDP and unixgram sockets (statsd.read_buffer; default 0: the "
                    + "largest net.core.rmem_max allows).")
    String readBuffer;

    @Option(names = "--statsd.cache-size", paramLabel = "N",
            description = "Entries of the mapper's cache (statsd.cache_size; default 1000); 0 disables it.")
    Integer cacheSize;

    @Option(names = "--statsd.parse-dogstatsd-tags",
            description = "Parse DogStatsD-style tags (default true).")
    Boolean parseDogstatsd;

    @Option(names = "--no-statsd.parse-dogstatsd-tags", description = "Do not parse them.")
    Boolean noParseDogstatsd;

    @Option(names = "--statsd.parse-influxdb-tags",
            description = "Parse InfluxDB-style tags (default true).")
    Boolean parseInfluxdb;

    @Option(names = "--no-statsd.parse-influxdb-tags", description = "Do not parse them.")
    Boolean noParseInfluxdb;

    @Option(names = "--statsd.parse-librato-tags",
            description = "Parse Librato-style tags (default true).")
    Boolean parseLibrato;

    @Option(names = "--no-statsd.parse-librato-tags", description = "Do not parse them.")
    Boolean noParseLibrato;

    @Option(names = "--statsd.parse-signalfx-tags",
            description = "Parse SignalFX-style tags (default true).")
    Boolean parseSignalfx;

    @Option(names = "--no-statsd.parse-signalfx-tags", description = "Do not parse them.")
    Boolean noParseSignalfx;

    @Option(names = "--statsd.cache-type", paramLabel = "TYPE", description = "Accepted and ignored.")
    String cacheType;

    @Option(names = "--statsd.event-queue-size", paramLabel = "N", description = "Accepted and ignored.")
    String eventQueueSize;

    @Option(names = "--statsd.event-flush-threshold", paramLabel = "N", description = "Accepted and ignored.")
    String eventFlushThreshold;

    @Option(names = "--statsd.event-flush-interval", paramLabel = "DURATION", description = "Accepted and ignored.")
    String eventFlushInterval;

    @Option(names = "--statsd.udp-packet-queue-size", paramLabel = "N", description = "Accepted and ignored.")
    String udpPacketQueueSize;

    /** {@code c} with the StatsD flags that were given; the mapping file is read and checked here. */
    FerryConfig applyTo(FerryConfig c) throws ConfigException {
        StatsdOptions s = c.statsd();
        try {
            s = s.withListeners(
                    listenUdp == null ? s.listenUdp() : StatsdOptionsText.address(listenUdp),
                    listenTcp == null ? s.listenTcp() : StatsdOptionsText.address(listenTcp),
                    listenUnixgram == null ? s.listenUnixgram() : StatsdOptionsText.path(listenUnixgram));
            TagStyles t = s.tagStyles();
            s = new StatsdOptions(s.listenUdp(), s.listenTcp(), s.listenUnixgram(),
                    pick(unixsocketMode, StatsdOptionsText::fileMode, s.unixsocketMode()),
                    s.mappingFile(), s.mapping(),
                    pick(readBuffer, StatsdOptionsText::size, s.readBuffer()),
                    cacheSize == null ? s.cacheSize() : nonNegative(cacheSize),
                    new TagStyles(style(parseDogstatsd, noParseDogstatsd, t.dogstatsd()),
                            style(parseInfluxdb, noParseInfluxdb, t.influxdb()),
                            style(parseLibrato, noParseLibrato, t.librato()),
                            style(parseSignalfx, noParseSignalfx, t.signalfx())),
                    s.udpReaders(), s.workers(), s.queueMaxBytes(), s.maxTcpConnections(), s.tcpIdleTimeout(),
                    s.maxLineBytes(), s.maxSeries(), s.maxLabelsPerSeries(), s.setInterval(), s.producers());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("statsd flags", 0, e.getMessage());
        }
        if (mappingConfig != null) {
            s = StatsdMappingFile.load(s, mappingConfig, "--statsd.mapping-config", 0);
        }
        return c.withStatsd(s);
    }

    /** Logs the statsd_exporter flags given that Ferry has no use for, each with why. */
    void explainIgnored(Logger log) {
        Map<String, String> ignored = new LinkedHashMap<>();
        String queue = "Ferry has no single event queue: listeners hand batches to parallel parse workers through "
                + "a queue bounded in bytes (statsd.queue_max_bytes)";
        put(ignored, "--statsd.cache-type", cacheType, "the mapper's cache is one concurrent cache");
        put(ignored, "--statsd.event-queue-size", eventQueueSize, queue);
        put(ignored, "--statsd.event-flush-threshold", eventFlushThreshold, queue);
        put(ignored, "--statsd.event-flush-interval", eventFlushInterval, queue);
        put(ignored, "--statsd.udp-packet-queue-size", udpPacketQueueSize, queue);
        ignored.forEach((flag, why) -> log.warn("statsd_exporter flag accepted and ignored", "flag", flag, "why", why));
    }

    private static void put(Map<String, String> into, String flag, String value, String why) {
        if (value != null) {
            into.put(flag, why);
        }
    }

    private static int nonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--statsd.cache-size must not be negative, not " + n);
        }
        return n;
    }

    private static <T> T pick(String flag, Function<String, T> parse, T config) {
        return flag == null ? config : parse.apply(flag);
    }

    /**
     * A tag style: off with its {@code --no-} form, on with its own, else as configured. (Written
     * out as two flags: picocli's negated forms do not take names with dots.)
     */
    private static boolean style(Boolean on, Boolean off, boolean config) {
        if (off != null && off) {
            return false;
        }
        return on != null ? on : config;
    }
}
