package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ListenAddress;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.RemoteWriteReceiver;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's remote-site recipe end to end, from {@code examples/tunnel/remote.yml} and
 * {@code central.yml} as they are, with loopback ports put in: a batch job pushes to the remote
 * Ferry, whose tunnel client polls the central Ferry; the central Ferry discovers it by
 * tunnel_sd_configs, scrapes the remote Ferry and a service of the site through the tunnel, and
 * remote-writes everything to a real receiver (VictoriaMetrics, else Prometheus), where the pushed
 * group and {@code up 1} of both targets are found. When the remote Ferry stops, {@code up} of its
 * targets goes to 0.
 */
class TunnelRemoteSiteIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples/tunnel").normalize();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private FerryServer central; // its /clients and targets are shown when a wait fails

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        running.add(c);
        return c;
    }

    /** An example file with {@code replacements} (each one must be there) applied, written under the test's dir. */
    private Path example(String name, Map<String, String> replacements) throws Exception {
        String yaml = Files.readString(EXAMPLES.resolve(name));
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(yaml).as("%s names %s", name, r.getKey()).contains(r.getKey());
            yaml = yaml.replace(r.getKey(), r.getValue());
        }
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private FerryServer start(Path file, String listen, String data) throws Exception {
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse(listen), dir.resolve(data), null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        return FerryServer.start(source.load(), source);
    }

    @Test
    void aGroupPushedAtTheSiteReachesTheReceiverThroughTheTunnelWithUpForEachTarget() throws Exception {
        RemoteWriteReceiver receiver = keep(RemoteWriteReceiver.start(dir));
        TestTarget service = keep(new TestTarget("127.0.0.1", n -> "service_requests_total " + n + "\n"));
        central = keep(start(example("central.yml", Map.of(
                "http://victoria-metrics.example.org:8428/api/v1/write", receiver.writeUrl())),
                "127.0.0.1:0", "central-data"));
        FerryServer remote = keep(ExternalTool.onFreeLoopbackPort(port -> start(example("remote.yml", Map.of(
                "http://central.example.org:9091/", "http://127.0.0.1:" + central.port() + "/",
                "localhost:9091", "127.0.0.1:" + port,
                "localhost:8080", service.address())), "127.0.0.1:" + port, "remote-data")));
        int remotePort = remote.port();

        // A batch job at the site pushes to the remote Ferry, as to a Pushgateway.
        assertThat(TestHttp.local(remote.port()).send("PUT", "/metrics/job/nightly/instance/db1", "backup_bytes 42\n")
                .statusCode()).isEqualTo(200);

        String gw = "gw.site-a:" + remotePort;
        String app = "app.site-a:" + service.address().substring(service.address().lastIndexOf(':') + 1);
        await(receiver, "backup_bytes", s -> s.stream().anyMatch(x -> x.value() == 42
                && x.labels().equals(Map.of("__name__", "backup_bytes", "job", "nightly", "instance", "db1",
                "site", "a", "collector", "central"))));
        await(receiver, "up{job=\"sites\",instance=\"" + gw + "\"}", s -> s.size() == 1 && s.getFirst().value() == 1
                && "a".equals(s.getFirst().labels().get("site")));
        await(receiver, "up{job=\"sites\",instance=\"" + app + "\"}", s -> s.size() == 1 && s.getFirst().value() == 1);
        await(receiver, "service_requests_total{instance=\"" + app + "\"}", s -> s.size() == 1);

        // The site goes away: its targets stay registered and read up 0.
        remote.close();
        await(receiver, "up{job=\"sites\",instance=\"" + gw + "\"}", s -> s.size() == 1 && s.getFirst().value() == 0);
        await(receiver, "up{job=\"sites\",instance=\"" + app + "\"}", s -> s.size() == 1 && s.getFirst().value() == 0);
    }

    private void await(RemoteWriteReceiver receiver, String selector,
                              Predicate<List<RemoteWriteReceiver.Series>> ok) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<RemoteWriteReceiver.Series> last;
        do {
            last = receiver.latest(selector);
            if (ok.test(last)) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        TestHttp http = TestHttp.local(central.port());
        throw new AssertionError(selector + " in " + receiver.name() + " gave " + last + "\n--- its log:\n" + receiver.log()
                + "\n--- the central Ferry's /clients:\n" + http.get("/clients").body()
                + "\n--- and /api/v1/targets:\n" + http.get("/api/v1/targets").body());
    }
}
