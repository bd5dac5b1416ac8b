package io.ferry.statsd;

import com.timgroup.statsd.NonBlockingStatsDClient;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.PythonClient;
import io.ferry.testing.RemoteWriteReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.ferry.statsd.StatsdFerry.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * StatsD end to end, with real clients: what they send arrives on {@code GET /metrics} (and by
 * remote write), bad input is counted and spoils nothing else, the limits hold.
 */
class StatsdIT {
    @TempDir
    Path dir;

    @Test
    void theDogStatsdJavaClientsMetricsArrive() throws Exception {
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd: {}\n")) {
            NonBlockingStatsDClient client = new NonBlockingStatsDClientBuilder().prefix("shop")
                    .hostname("127.0.0.1").port(ferry.udp().getPort())
                    .enableTelemetry(false).enableAggregation(false).originDetectionEnabled(false).build();
            try {
                client.count("orders", 3, "env:prod", "region:eu");
                client.gauge("queue.depth", 42.5, "env:prod");
                client.recordExecutionTime("checkout.latency", 250, "env:prod");
                client.histogram("basket.size", 7, "env:prod");
                // The client sends asynchronously: it stays open until what it sent has arrived.
                ferry.awaitValue("shop_orders{env=\"prod\",region=\"eu\"}", v -> v == 3);
                ferry.awaitValue("shop_queue_depth{env=\"prod\"}", v -> v == 42.5);
                ferry.awaitValue("shop_checkout_latency_sum{env=\"prod\"}", v -> v == 0.25);
                ferry.awaitValue("shop_basket_size_count{env=\"prod\"}", v -> v == 1);
                client.count("orders", 2, "env:prod", "region:eu");
                ferry.awaitValue("shop_orders{env=\"prod\",region=\"eu\"}", v -> v == 5);
            } finally {
                client.stop();
            }
            assertThat(ferry.value("ferry_statsd_events_total{type=\"counter\"}")).hasValue(2);
            assertThat(ferry.value("ferry_statsd_udp_packets_total")).isPresent();
            assertThat(ferry.value("ferry_statsd_udp_kernel_drops_total")).hasValue(0);
        }
    }

    @Test
    void aPythonSocketsTimingsWithDogStatsdTagsArrive() throws Exception {
        PythonClient.requireAvailable();
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd: {}\n")) {
            // The shape of the seed's push_vs_pull.py: name:value|ms|#k:v over UDP from a Python socket.
            ExternalTool.Result sent = ExternalTool.run(List.of(PythonClient.PYTHON, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    for ms in (12.5, 7.5, 30):
                        s.sendto(("request_duration:%s|ms|#handler:push,code:200" % ms).encode(), ("127.0.0.1", int(sys.argv[1])))
                    """, Integer.toString(ferry.udp().getPort())), WAIT);
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            ferry.awaitValue("request_duration_count{code=\"200\",handler=\"push\"}", v -> v == 3);
            // Two parse workers take the packets from the queue, so the three may be summed in any
            // order, and a sum of doubles depends on it: 0.0425 + 0.0075 is 0.049999999999999996.
            assertThat(ferry.value("request_duration_sum{code=\"200\",handler=\"push\"}").orElseThrow())
                    .isCloseTo(0.05, within(1e-15));
            assertThat(ferry.value("request_duration{code=\"200\",handler=\"push\",quantile=\"0.5\"}"))
                    .hasValue(0.0125);
        }
    }

    @Test
    void etsyStatsdsExampleLines() throws Exception {
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd:\n  set_interval: 1s\n")) {
            // From Etsy statsd's README and docs/metric_types.md.
            ferry.sendUdp("gorets:1|c", "gorets:1|c|@0.1", "glork:320|ms|@0.1", "gaugor:333|g");
            ferry.awaitValue("gorets", v -> v == 11);
            ferry.awaitValue("glork_count", v -> v == 10);
            ferry.awaitValue("glork_sum", v -> Math.abs(v - 3.2) < 1e-9);
            ferry.awaitValue("gaugor", v -> v == 333);
            ferry.sendUdp("gaugor:-10|g");
            ferry.awaitValue("gaugor", v -> v == 323);
            ferry.sendUdp("gaugor:+4|g");
            ferry.awaitValue("gaugor", v -> v == 327);
            // Multi-metric packets, and a set: distinct members per interval.
            ferry.sendUdp("gorets:1|c\nglork:320|ms\ngaugor:333|g\nuniques:765|s", "uniques:766|s\nuniques:765|s");
            ferry.awaitValue("gorets", v -> v == 12);
            ferry.awaitValue("glork_count", v -> v == 11);
            ferry.awaitValue("gaugor", v -> v == 333);
            ferry.awaitValue("uniques", v -> v == 2);
        }
    }

    @Test
    void badUdpInputIsCountedAndSpoilsNoValidLine() throws Exception {
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd: {}\n")) {
            byte[] garbage = new byte[512];
            new java.util.Random(7).nextBytes(garbage);
            ferry.sendUdp(garbage);
            ferry.sendUdp(concat("good_a:1|c\n".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff, '\n'},
                    "bad_\u00e9:1|c\n".getBytes(StandardCharsets.ISO_8859_1),          // invalid UTF-8
                    ("x".repeat(10_000) + ":1\n").getBytes(StandardCharsets.UTF_8),  // overlong and malformed
                    "good_b:2|c".getBytes(StandardCharsets.UTF_8)));
            // The largest datagram there is: 65,507 bytes of valid lines, every one of them counted.
            StringBuilder big = new StringBuilder();
            String line = "big_lines:1|c\n";
            while (big.length() + line.length() <= 65_507) {
                big.append(line);
            }
            int lines = big.length() / line.length();
            ferry.sendUdp(Arrays.copyOf(big.toString().getBytes(StandardCharsets.UTF_8), 65_507));
            ferry.awaitValue("good_a", v -> v == 1);
            ferry.awaitValue("good_b", v -> v == 2);
            ferry.awaitValue("big_lines", v -> v == lines);
            assertThat(ferry.value("ferry_statsd_sample_errors_total{reason=\"malformed_line\"}").orElse(0))
                    .isGreaterThanOrEqualTo(3);
            assertThat(ferry.value("ferry_statsd_udp_packet_drops_total")).hasValue(0);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void tcpLinesAreParsedAndItsLimitsHold() throws Exception {
        try (StatsdFerry ferry = StatsdFerry.start(dir, """
                statsd:
                  max_line_bytes: 1KiB
                  max_tcp_connections: 2
                  tcp_idle_timeout: 3s
                """)) {
            try (Socket s = connect(ferry)) {
                write(s, "tcp_a:1|c\r\ntcp_b:2|g\ntcp_c:3|c");
                s.shutdownOutput();
                ferry.awaitValue("tcp_a", v -> v == 1);
                ferry.awaitValue("tcp_b", v -> v == 2);
                ferry.awaitValue("tcp_c", v -> v == 3); // the last line, ended by the close
            }
            // A line over the limit: counted, the connection closed, the line before it kept.
            try (Socket s = connect(ferry)) {
                write(s, "tcp_before:1|c\n" + "y".repeat(2000) + ":1|c\ntcp_after:1|c\n");
                assertThat(closedByServer(s)).isTrue();
            }
            ferry.awaitValue("ferry_statsd_tcp_too_long_lines_total", v -> v == 1);
            ferry.awaitValue("tcp_before", v -> v == 1);
            assertThat(ferry.value("tcp_after")).isEmpty();
            // A line without a newline that never ends: bounded by the same limit.
            try (Socket s = connect(ferry)) {
                OutputStream out = s.getOutputStream();
                try {
                    for (int i = 0; i < 64; i++) {
                        out.write("z".repeat(1000).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (SocketException e) {
                    // Closed by the server while writing: as wanted.
                }
                assertThat(closedByServer(s)).isTrue();
            }
            ferry.awaitValue("ferry_statsd_tcp_too_long_lines_total", v -> v == 2);
            // Two connections at most; a third is closed at once; idle ones are closed after 3 s.
            try (Socket a = connect(ferry); Socket b = connect(ferry)) {
                write(a, "held:1|c\n");
                write(b, "held:1|c\n");
                ferry.awaitValue("held", v -> v == 2);
                try (Socket c = connect(ferry)) {
                    assertThat(closedByServer(c)).isTrue();
                }
                ferry.awaitValue("ferry_statsd_tcp_connections_rejected_total", v -> v == 1);
                assertThat(closedByServer(a)).isTrue();
                assertThat(closedByServer(b)).isTrue();
            }
            ferry.awaitValue("ferry_statsd_tcp_idle_timeouts_total", v -> v >= 2);
        }
    }

    private static Socket connect(StatsdFerry ferry) throws Exception {
        return new Socket(ferry.tcp().getAddress(), ferry.tcp().getPort());
    }

    private static void write(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static boolean closedByServer(Socket s) throws Exception {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void unixgramDatagramsArrive() throws Exception {
        PythonClient.requireAvailable();
        Path sock = dir.resolve("statsd.sock");
        try (StatsdFerry ferry = StatsdFerry.start(dir, """
                statsd:
                  listen_udp: ""
                  listen_tcp: ""
                  listen_unixgram: %s
                  unixsocket_mode: "660"
                """.formatted(sock))) {
            assertThat(ferry.statsd().udpAddress()).isEmpty();
            ExternalTool.Result sent = ExternalTool.run(List.of(PythonClient.PYTHON, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    s.sendto(b"unix_hits:5|c|#side:a", sys.argv[1])
                    """, sock.toString()), WAIT);
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            ferry.awaitValue("unix_hits{side=\"a\"}", v -> v == 5);
            assertThat(ferry.value("ferry_statsd_unixgram_packets_total")).hasValue(1);
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void aTakenStatsdPortFailsTheStartNamingIt() throws Exception {
        try (java.nio.channels.DatagramChannel holder = java.nio.channels.DatagramChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            int port = ((java.net.InetSocketAddress) holder.getLocalAddress()).getPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatsdFerry.start(dir,
                            "statsd:\n  listen_udp: 127.0.0.1:%d\n  listen_tcp: \"\"\n".formatted(port)).close())
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("cannot listen for StatsD on udp 127.0.0.1:" + port);
        }
        // What the failed start opened was released: the same storage starts again.
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd: {}\n")) {
            assertThat(ferry.udp().getPort()).isPositive();
        }
    }

    @Test
    void theMappingIsReadAgainOnReload() throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, """
                mappings:
                  - match: "app.*.requests"
                    name: "app_requests_total"
                    labels:
                      service: "$1"
                """);
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd:\n  mapping_config: mapping.yml\n")) {
            ferry.sendUdp("app.cart.requests:1|c");
            ferry.awaitValue("app_requests_total{service=\"cart\"}", v -> v == 1);
            assertThat(ferry.value("ferry_statsd_loaded_mappings")).hasValue(1);
            Files.writeString(mapping, """
                    mappings:
                      - match: "app.*.requests"
                        name: "requests_by_app_total"
                        labels:
                          app: "$1"
                      - match: "drop.*"
                        name: "dropped"
                        action: drop
                    """);
            assertThat(ferry.http().send("POST", "/-/reload", "").statusCode()).isEqualTo(200);
            ferry.sendUdp("app.cart.requests:2|c", "drop.me:1|c");
            ferry.awaitValue("requests_by_app_total{app=\"cart\"}", v -> v == 2);
            ferry.awaitValue("ferry_statsd_events_actions_total{action=\"drop\"}", v -> v == 1);
            assertThat(ferry.value("ferry_statsd_loaded_mappings")).hasValue(2);
            // An invalid mapping fails the reload and changes nothing.
            Files.writeString(mapping, "mappings:\n  - match: \"a.*\"\n    nme: typo\n");
            assertThat(ferry.http().send("POST", "/-/reload", "").statusCode()).isNotEqualTo(200);
            ferry.sendUdp("app.cart.requests:3|c");
            ferry.awaitValue("requests_by_app_total{app=\"cart\"}", v -> v == 5);
        }
    }

    @Test
    void seriesExpireByTtlAndComeBackFromZero() throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, """
                defaults:
                  ttl: 3s
                mappings:
                  - match: "kept.*"
                    name: "kept_$1"
                    ttl: 1h
                """);
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd:\n  mapping_config: mapping.yml\n")) {
            ferry.sendUdp("short_lived:7|g", "kept.one:1|c", "short_count:3|c");
            ferry.awaitValue("short_lived", v -> v == 7);
            ferry.awaitValue("kept_one", v -> v == 1);
            ferry.awaitAbsent("short_lived");
            ferry.awaitAbsent("short_count");
            assertThat(ferry.value("kept_one")).hasValue(1);
            ferry.sendUdp("short_count:1|c");
            ferry.awaitValue("short_count", v -> v == 1);
        }
    }

    @Test
    void honorLabelsDecidesBetweenTagsAndMappingLabels() throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, """
                mappings:
                  - match: "mapped.over"
                    name: "over"
                    labels: {env: mapping}
                  - match: "mapped.honored"
                    name: "honored"
                    honor_labels: true
                    labels: {env: mapping, team: core}
                """);
        try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd:\n  mapping_config: mapping.yml\n")) {
            ferry.sendUdp("mapped.over:1|c|#env:tag", "mapped.honored:1|c|#env:tag");
            ferry.awaitValue("over{env=\"mapping\"}", v -> v == 1);
            ferry.awaitValue("honored{env=\"tag\",team=\"core\"}", v -> v == 1);
        }
    }

    @Test
    void aProducersUpGoesFromOneToZeroWhenItStopsBesidePushLiveness() throws Exception {
        try (StatsdFerry ferry = StatsdFerry.start(dir, """
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                statsd:
                  producers:
                    label: instance
                    every: 3s
                    grace: 2s
                    expect: [worker-2]
                """)) {
            assertThat(ferry.http().send("PUT", "/metrics/job/backup/instance/db1", "backup_bytes 1\n").statusCode())
                    .isEqualTo(200);
            ferry.sendUdp("jobs_done:1|c|#instance:worker-1");
            ferry.awaitValue("up{instance=\"worker-1\",job=\"statsd\"}", v -> v == 1);
            String body = ferry.http().metrics();
            // One up family: the pushed group's liveness and the StatsD producers'.
            assertThat(body.lines().filter(l -> l.equals("# TYPE up gauge")).count()).isEqualTo(1);
            assertThat(StatsdFerry.valueIn(body, "up{instance=\"db1\",job=\"backup\"}")).hasValue(1);
            assertThat(StatsdFerry.valueIn(body, "up{instance=\"worker-2\",job=\"statsd\"}")).hasValue(0);
            assertThat(StatsdFerry.valueIn(body,
                    "ferry_statsd_last_seen_timestamp_seconds{instance=\"worker-1\",job=\"statsd\"}")).isPresent();
            // It sends no more: past every + grace it is down.
            ferry.awaitValue("up{instance=\"worker-1\",job=\"statsd\"}", v -> v == 0);
            ferry.sendUdp("jobs_done:1|c|#instance:worker-1");
            ferry.awaitValue("up{instance=\"worker-1\",job=\"statsd\"}", v -> v == 1);
        }
    }

    @Test
    void statsdSeriesAreForwardedByRemoteWrite() throws Exception {
        try (RemoteWriteReceiver receiver = RemoteWriteReceiver.start(dir);
             StatsdFerry ferry = StatsdFerry.start(dir, """
                     global:
                       scrape_interval: 1s
                       scrape_timeout: 1s
                     remote_write:
                       - url: %s
                         queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                     statsd: {}
                     """.formatted(receiver.writeUrl()))) {
            ferry.sendUdp("forwarded_total:4|c|#env:prod");
            ferry.awaitValue("forwarded_total{env=\"prod\"}", v -> v == 4);
            long end = System.nanoTime() + 60_000_000_000L;
            List<RemoteWriteReceiver.Series> got = List.of();
            while (System.nanoTime() < end) {
                got = receiver.latest("forwarded_total{env=\"prod\"}");
                if (!got.isEmpty() && got.getFirst().value() == 4) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(got).as("at %s", receiver.name()).hasSize(1);
            assertThat(got.getFirst().value()).isEqualTo(4);
        }
    }
}
