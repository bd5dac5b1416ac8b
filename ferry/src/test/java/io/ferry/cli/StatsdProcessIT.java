package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry serve} with statsd_exporter's command line, as a real process: the flags, the
 * mapping file given by flag and read again on SIGHUP, the ignored tuning flag's warning.
 */
class StatsdProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern STATSD_UDP = Pattern.compile("msg=\"StatsD listening\" udp=127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void statsdExportersCommandLineRunsAndSighupReadsTheMappingAgain() throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.yml"),
                "mappings:\n  - match: \"job.*.done\"\n    name: \"jobs_done_total\"\n    labels: {job: \"$1\"}\n");
        try (ChildProcess ferry = FerryJar.start(dir, "serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--statsd.listen-udp=127.0.0.1:0", "--statsd.listen-tcp=",
                "--statsd.mapping-config=" + mapping, "--statsd.event-flush-interval=200ms",
                "--no-statsd.parse-librato-tags")) {
            String address = FerryJar.awaitListening(ferry, WAIT);
            int udp = Integer.parseInt(ferry.awaitStderr(STATSD_UDP, WAIT).group(1));
            TestHttp http = TestHttp.to("http://" + address);
            send(udp, "job.backup.done:1|c");
            awaitBody(http, "jobs_done_total{job=\"backup\"} 1");

            Files.writeString(mapping, "mappings:\n  - match: \"job.*.done\"\n    name: \"finished_total\"\n"
                    + "    labels: {task: \"$1\"}\n");
            ferry.signal("HUP");
            ferry.awaitStderr(Pattern.compile("msg=\"config reloaded\""), WAIT);
            send(udp, "job.backup.done:2|c");
            awaitBody(http, "finished_total{task=\"backup\"} 2");
            assertThat(ferry.stderr()).contains("msg=\"statsd_exporter flag accepted and ignored\" "
                    + "flag=--statsd.event-flush-interval");
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(WAIT)).isTrue();
            assertThat(ferry.exitValue()).as(ferry.stderr()).isZero();
        }
    }

    private static void send(int port, String packet) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.send(ByteBuffer.wrap(packet.getBytes(StandardCharsets.UTF_8)), new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static void awaitBody(TestHttp http, String line) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            body = http.metrics();
            if (body.contains(line + "\n")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no \"" + line + "\" in:\n" + body);
    }
}
