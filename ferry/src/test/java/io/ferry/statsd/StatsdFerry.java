package io.ferry.statsd;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.ListenAddress;
import io.ferry.server.FerryServer;
import io.ferry.testing.TestHttp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/**
 * A Ferry with StatsD on loopback ports the system chose, for the StatsD integration tests: its
 * config file is {@code ferry.yml} in {@code dir}, written from the YAML given (a {@code statsd:}
 * section in it is completed with {@code listen_udp} and {@code listen_tcp} on {@code 127.0.0.1:0}
 * unless it sets them), reloadable.
 *
 * <pre>{@code
 * try (StatsdFerry ferry = StatsdFerry.start(dir, "statsd: {}\n")) {
 *     ferry.sendUdp("requests:1|c");
 *     ferry.awaitValue("requests", v -> v == 1);
 * }
 * }</pre>
 */
final class StatsdFerry implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final FerryServer server;
    private final TestHttp http;
    private final Path file;

    private StatsdFerry(FerryServer server, Path file) {
        this.server = server;
        this.file = file;
        this.http = TestHttp.local(server.port());
    }

    static StatsdFerry start(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, withLoopbackListeners(yaml));
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null, null,
                null, null, null, null, null, true, null, null, null);
        ConfigSource source = ConfigSource.of(file, flags::applyTo);
        return new StatsdFerry(FerryServer.start(source.load(), source), file);
    }

    /** {@code yaml} whose statsd section listens on loopback ports of the system's choice unless it says otherwise. */
    static String withLoopbackListeners(String yaml) {
        String out = yaml.contains("statsd:") ? yaml : yaml + "statsd: {}\n";
        if (out.contains("statsd: {}")) {
            out = out.replace("statsd: {}", "statsd:\n  listen_udp: 127.0.0.1:0\n  listen_tcp: 127.0.0.1:0");
            return out;
        }
        String extra = (out.contains("listen_udp") ? "" : "  listen_udp: 127.0.0.1:0\n")
                + (out.contains("listen_tcp") ? "" : "  listen_tcp: 127.0.0.1:0\n");
        return out.replace("statsd:\n", "statsd:\n" + extra);
    }

    FerryServer server() {
        return server;
    }

    StatsdService statsd() {
        return server.statsd().orElseThrow();
    }

    InetSocketAddress udp() {
        return statsd().udpAddress().orElseThrow();
    }

    InetSocketAddress tcp() {
        return statsd().tcpAddress().orElseThrow();
    }

    TestHttp http() {
        return http;
    }

    Path configFile() {
        return file;
    }

    /** Sends each packet as one datagram. */
    void sendUdp(String... packets) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            for (String p : packets) {
                ch.send(ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)), udp());
            }
        }
    }

    void sendUdp(byte[] packet) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.send(ByteBuffer.wrap(packet), udp());
        }
    }

    /** The value of the series {@code series} (as written in the exposition, labels sorted) on /metrics, if served. */
    OptionalDouble value(String series) throws IOException, InterruptedException {
        return valueIn(http.metrics(), series);
    }

    static OptionalDouble valueIn(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                String v = line.substring(series.length() + 1).trim();
                int space = v.indexOf(' ');
                return OptionalDouble.of(Double.parseDouble(space < 0 ? v : v.substring(0, space)));
            }
        }
        return OptionalDouble.empty();
    }

    /** Waits until {@code series} is served with a value {@code ok} accepts; fails with the exposition otherwise. */
    double awaitValue(String series, DoublePredicate ok) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            last = http.metrics();
            OptionalDouble v = valueIn(last, series);
            if (v.isPresent() && ok.test(v.getAsDouble())) {
                return v.getAsDouble();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + series + " as wanted within " + WAIT + " in:\n" + last);
    }

    /** Waits until {@code series} is no longer served. */
    void awaitAbsent(String series) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            last = http.metrics();
            if (valueIn(last, series).isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(series + " still served after " + WAIT + " in:\n" + last);
    }

    @Override
    public void close() {
        server.close();
    }
}
