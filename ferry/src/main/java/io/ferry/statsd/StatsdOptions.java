package io.ferry.statsd;

import io.ferry.statsd.line.TagStyles;
import io.ferry.statsd.mapping.MappingConfig;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the StatsD listeners are built with: {@code statsd:} in ferry.yml and statsd_exporter's
 * {@code --statsd.*} flags on {@code ferry serve} (docs/statsd.md), built by {@code config}.
 *
 * <pre>{@code
 * StatsdOptions o = StatsdOptions.DEFAULTS.withListeners(new InetSocketAddress("127.0.0.1", 0), null, null);
 * }</pre>
 *
 * @param listenUdp        the UDP address; null: no UDP listener
 * @param listenTcp        the TCP address; null: no TCP listener
 * @param listenUnixgram   the unix datagram socket's path; null: none
 * @param unixsocketMode   the socket file's mode ({@code 0755})
 * @param mappingFile      the mapping file {@code mapping} was read from, for messages; null: none
 * @param mapping          the mapping, read and checked ({@link MappingConfig#EMPTY} without a file)
 * @param readBuffer       the receive buffer of the datagram sockets; 0: the largest the kernel allows
 * @param cacheSize        the mapper's cache entries; 0: no cache
 * @param tagStyles        the tag styles parsed
 * @param udpReaders       the UDP sockets and reader threads; 0: one per CPU, at most 4
 * @param workers          the parse threads; 0: one per CPU
 * @param queueMaxBytes    the most bytes read and not yet parsed; UDP and unixgram datagrams beyond are dropped and counted
 * @param maxTcpConnections the most TCP connections open at once
 * @param tcpIdleTimeout   a TCP connection that sends nothing for this long is closed
 * @param maxLineBytes     the longest TCP line; a longer one is counted and closes its connection
 * @param maxSeries        the most StatsD series held; events for new series beyond are dropped and counted
 * @param maxLabelsPerSeries the most labels on one series, after mapping; an event with more is dropped and counted
 * @param setInterval      a set ({@code |s}) reports the distinct members of the last complete interval this long
 * @param producers        producer liveness
 */
public record StatsdOptions(InetSocketAddress listenUdp, InetSocketAddress listenTcp, Path listenUnixgram,
                            int unixsocketMode, Path mappingFile, MappingConfig mapping, long readBuffer, int cacheSize,
                            TagStyles tagStyles, int udpReaders, int workers, long queueMaxBytes,
                            int maxTcpConnections, Duration tcpIdleTimeout, int maxLineBytes, long maxSeries,
                            int maxLabelsPerSeries, Duration setInterval, ProducerRules producers) {

    /** statsd_exporter's defaults: UDP and TCP on :9125, unixgram off, no mapping file. */
    public static final StatsdOptions DEFAULTS = new StatsdOptions(new InetSocketAddress(9125),
            new InetSocketAddress(9125), null, 0755, null, MappingConfig.EMPTY, 0, 1000, TagStyles.ALL, 0, 0,
            64L << 20, 1024, Duration.ofMinutes(5), 64 * 1024, 1_000_000, 128, Duration.ofSeconds(10),
            ProducerRules.NONE);

    /** No listener: StatsD off. */
    public static final StatsdOptions OFF = DEFAULTS.withListeners(null, null, null);

    /** Whether any listener is configured. */
    public boolean enabled() {
        return listenUdp != null || listenTcp != null || listenUnixgram != null;
    }

    public StatsdOptions withListeners(InetSocketAddress udp, InetSocketAddress tcp, Path unixgram) {
        return new StatsdOptions(udp, tcp, unixgram, unixsocketMode, mappingFile, mapping, readBuffer, cacheSize,
                tagStyles, udpReaders, workers, queueMaxBytes, maxTcpConnections, tcpIdleTimeout, maxLineBytes,
                maxSeries, maxLabelsPerSeries, setInterval, producers);
    }

    public StatsdOptions withMapping(Path file, MappingConfig m) {
        return new StatsdOptions(listenUdp, listenTcp, listenUnixgram, unixsocketMode, file, m, readBuffer, cacheSize,
                tagStyles, udpReaders, workers, queueMaxBytes, maxTcpConnections, tcpIdleTimeout, maxLineBytes,
                maxSeries, maxLabelsPerSeries, setInterval, producers);
    }

    public StatsdOptions withProducers(ProducerRules p) {
        return new StatsdOptions(listenUdp, listenTcp, listenUnixgram, unixsocketMode, mappingFile, mapping,
                readBuffer, cacheSize, tagStyles, udpReaders, workers, queueMaxBytes, maxTcpConnections,
                tcpIdleTimeout, maxLineBytes, maxSeries, maxLabelsPerSeries, setInterval, p);
    }

    /** The UDP readers to start: {@link #udpReaders}, or with 0 one per CPU, at most 4. */
    public int effectiveUdpReaders() {
        return udpReaders > 0 ? udpReaders : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** The parse workers to start: {@link #workers}, or with 0 one per CPU. */
    public int effectiveWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /**
     * These options without what {@code /-/reload} applies while running (the mapping and the
     * producers): what differs here between two configs needs a restart.
     */
    public StatsdOptions startOnly() {
        return withMapping(null, null).withProducers(ProducerRules.NONE);
    }
}
