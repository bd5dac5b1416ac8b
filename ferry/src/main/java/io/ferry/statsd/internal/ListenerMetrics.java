package io.ferry.statsd.internal;

import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

/**
 * The listeners' counters, named as statsd_exporter's with {@code ferry_} for {@code statsd_exporter_},
 * plus what statsd_exporter does not count (queue drops of unixgram, refused and idle TCP connections).
 * Thread-safe; registered once per server.
 */
public final class ListenerMetrics {
    public final Counter.Child udpPackets;
    public final Counter.Child udpPacketDrops;
    public final Counter.Child tcpConnections;
    public final Counter.Child tcpConnectionErrors;
    public final Counter.Child tcpTooLongLines;
    public final Counter.Child tcpRejected;
    public final Counter.Child tcpIdleTimeouts;
    public final Counter.Child unixgramPackets;
    public final Counter.Child unixgramPacketDrops;

    public ListenerMetrics(Registry r) {
        udpPackets = r.counter("ferry_statsd_udp_packets_total",
                "StatsD UDP datagrams read from the sockets.").labels();
        udpPacketDrops = r.counter("ferry_statsd_udp_packet_drops_total",
                "StatsD UDP datagrams read but dropped because the parse queue was full (statsd.queue_max_bytes).")
                .labels();
        tcpConnections = r.counter("ferry_statsd_tcp_connections_total",
                "StatsD TCP connections accepted.").labels();
        tcpConnectionErrors = r.counter("ferry_statsd_tcp_connection_errors_total",
                "StatsD TCP connections ended by a read error.").labels();
        tcpTooLongLines = r.counter("ferry_statsd_tcp_too_long_lines_total",
                "StatsD TCP lines longer than statsd.max_line_bytes; the connection is closed.").labels();
        tcpRejected = r.counter("ferry_statsd_tcp_connections_rejected_total",
                "StatsD TCP connections closed at once because statsd.max_tcp_connections were open.").labels();
        tcpIdleTimeouts = r.counter("ferry_statsd_tcp_idle_timeouts_total",
                "StatsD TCP connections closed after sending nothing for statsd.tcp_idle_timeout.").labels();
        unixgramPackets = r.counter("ferry_statsd_unixgram_packets_total",
                "StatsD unix datagrams read from the socket.").labels();
        unixgramPacketDrops = r.counter("ferry_statsd_unixgram_packet_drops_total",
                "StatsD unix datagrams read but dropped because the parse queue was full (statsd.queue_max_bytes).")
                .labels();
    }
}
