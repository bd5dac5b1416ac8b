package io.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.FerryJar;
import io.ferry.config.ConfigLoader;
import io.ferry.config.FerryConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.server.FerryServer;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.KafkaBroker;
import io.ferry.testing.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Kafka nodes ({@code min.insync.replicas=2}) and three members under a push load: a node
 * killed with SIGKILL and a member (a process of its own) killed likewise lose no acknowledged push;
 * with the quorum lost, pushes are refused, never acknowledged.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaFailuresClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void killedNodeAndMemberLoseNoAcknowledgedPushAndALostQuorumAcknowledgesNothing() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(3);
             FerryServer a = member("a", kafka);
             FerryServer b = member("b", kafka);
             ChildProcess c = memberProcess("c", kafka)) {
            TestHttp httpA = TestHttp.local(a.port());
            TestHttp httpB = TestHttp.local(b.port());
            TestHttp httpC = TestHttp.to("http://" + FerryJar.awaitListening(c, WAIT).replace("0.0.0.0", "127.0.0.1"));
            for (TestHttp m : List.of(httpA, httpB, httpC)) {
                eventually(() -> m.get("/-/ready").statusCode() == 200);
            }

            // Every push acknowledged (200), by grouping key's instance and the value pushed.
            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService load = Executors.newFixedThreadPool(3);
            List<Future<?>> pushers = new ArrayList<>();
            for (Map.Entry<String, TestHttp> m : Map.of("a", httpA, "b", httpB, "c", httpC).entrySet()) {
                pushers.add(load.submit(() -> push(m.getKey(), m.getValue(), stop, acknowledged)));
            }
            try {
                Thread.sleep(3000);
                kafka.kill(2);
                Thread.sleep(2000);
                c.kill();
                Thread.sleep(4000);
            } finally {
                stop.set(true);
                for (Future<?> p : pushers) {
                    p.get(60, TimeUnit.SECONDS);
                }
                load.shutdownNow();
            }
            assertThat(acknowledged).hasSizeGreaterThan(10);
            for (TestHttp survivor : List.of(httpA, httpB)) {
                List<String> missing = new ArrayList<>();
                try {
                    eventually(() -> {
                        String metrics = survivor.metrics();
                        missing.clear();
                        acknowledged.forEach((instance, value) -> {
                            if (!metrics.contains("v{instance=\"" + instance + "\",job=\"load\"} " + value + "\n")) {
                                missing.add(instance + "=" + value);
                            }
                        });
                        return missing.isEmpty();
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(survivor.base() + " lacks acknowledged pushes " + missing + " of "
                            + acknowledged.size(), e);
                }
            }

            kafka.kill(1); // one node of three left: no quorum, no in-sync pair
            for (int i = 0; i < 3; i++) {
                int status = status(httpA, "/metrics/job/lost/instance/" + i);
                assertThat(status).as("a push while the quorum is lost").isEqualTo(503);
            }
        }
    }

    /** PUTs distinct groups to {@code member} until {@code stop}, noting those acknowledged. */
    private static Void push(String name, TestHttp member, AtomicBoolean stop, Map<String, Integer> acknowledged)
            throws InterruptedException {
        for (int i = 0; !stop.get(); i++) {
            String instance = name + "-" + i;
            if (status(member, "/metrics/job/load/instance/" + instance, "v " + i + "\n") == 200) {
                acknowledged.put(instance, i);
            }
        }
        return null;
    }

    private static int status(TestHttp member, String path) throws InterruptedException {
        return status(member, path, "x 1\n");
    }

    /** The status of a PUT; 0 when no answer came (the member died, or the request timed out). */
    private static int status(TestHttp member, String path, String body) throws InterruptedException {
        try {
            HttpResponse<String> r = member.send("PUT", path, body);
            return r.statusCode();
        } catch (IOException e) {
            Thread.sleep(100);
            return 0;
        }
    }

    private String yaml(String name, KafkaBroker kafka) throws IOException {
        Path storage = Files.createDirectories(dir.resolve(name));
        return "web:\n  listen_address: 127.0.0.1:0\nstorage:\n  path: " + storage + "\n"
                + "cluster:\n  bootstrap_servers: " + kafka.bootstrapServers() + "\n  member_id: " + name + "\n"
                + "  partitions: 4\n  write_timeout: 4s\n  retry_after: 1s\n";
    }

    private FerryServer member(String name, KafkaBroker kafka) throws Exception {
        FerryConfig defaults = FerryConfig.DEFAULTS.withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        return FerryServer.start(ConfigLoader.parse(yaml(name, kafka), name + ".yml", defaults));
    }

    private ChildProcess memberProcess(String name, KafkaBroker kafka) throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".yml"), yaml(name, kafka));
        return FerryJar.start(dir, "--config.file=" + config);
    }

    private static void eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(200);
        }
    }
}
