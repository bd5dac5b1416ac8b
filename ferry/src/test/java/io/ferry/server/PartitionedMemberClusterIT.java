package io.ferry.server;

import io.ferry.cli.FerryJar;
import io.ferry.config.ConfigLoader;
import io.ferry.config.FerryConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.KafkaBroker;
import io.ferry.testing.NetnsHost;
import io.ferry.testing.RemoteWriteReceiver;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.ferry.server.ShardedTargets.await;
import static io.ferry.server.ShardedTargets.scrapedBy;
import static io.ferry.server.ShardedTargets.twinSamples;
import static io.ferry.server.ShardedTargets.splitWithoutOverlapOrGap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A network partition of one member, made real with a network namespace: members a and b run in
 * this namespace, member c (a process of its own, run with {@code ip netns exec}) in another,
 * joined to this one by a veth pair. The broker, the scrape targets and the remote-write receiver
 * listen on this side's address of the link, so every member reaches them. Then c's packets to the
 * broker's port are dropped, and only those: c still reaches the targets and the receiver, the
 * worst case for duplicates. To the ownership group, c is a member that stopped heartbeating, so
 * this is also the test of a member dying without leaving the group (a crash, a hung JVM).
 *
 * <p>While cut off: c reports not ready before any push is sent to it, then answers pushes 503
 * with {@code Retry-After}, never 2xx; pushes to a and b keep being acknowledged; c stops scraping within the session timeout,
 * before its shards move (it can no longer prove it owns them), so no target is scraped by two
 * members; a and b take c's shards within the session timeout and two intervals, and every target
 * keeps being scraped. Healed: c catches up on the pushes it missed, reports ready, and gets shards
 * again. The receiver holds no target's samples twice.
 *
 * <p>Skipped, with the reason, where the kernel refuses network namespaces, veth links or nftables.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionedMemberClusterIT {
    private static final int TARGETS = 30;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** {@code cluster.Ownership}'s session timeout. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aMemberCutFromKafkaStopsScrapingAndTakingPushesAndRejoinsWhenHealed() throws Exception {
        List<AutoCloseable> running = new ArrayList<>();
        try (NetnsHost other = NetnsHost.create(getClass().getSimpleName())) {
            try {
                run(other, running);
            } finally {
                for (AutoCloseable c : running.reversed()) {
                    c.close();
                }
            }
        }
    }

    private void run(NetnsHost other, List<AutoCloseable> running) throws Exception {
        String host = other.hostAddress();
        KafkaBroker kafka = KafkaBroker.start(1, host);
        running.add(kafka);
        RemoteWriteReceiver receiver = RemoteWriteReceiver.startVictoriaMetrics(dir, host);
        running.add(receiver);
        List<TestTarget> targets = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            TestTarget t = new TestTarget(host, n -> "app_scrapes_total " + n + "\n");
            running.add(t);
            targets.add(t);
        }
        List<String> addresses = targets.stream().map(TestTarget::address).toList();
        FerryServer a = member("a", "127.0.0.1", kafka, receiver, addresses);
        running.add(a);
        FerryServer b = member("b", "127.0.0.1", kafka, receiver, addresses);
        running.add(b);
        Path configC = Files.writeString(dir.resolve("c.yml"), yaml("c", other.address(), kafka, receiver, addresses));
        ChildProcess c = FerryJar.command(dir, other.launcher(), "--config.file=" + configC).start();
        running.add(c);
        TestHttp httpA = TestHttp.local(a.port());
        TestHttp httpB = TestHttp.local(b.port());
        TestHttp httpC = TestHttp.to("http://" + FerryJar.awaitListening(c, WAIT));
        List<TestHttp> all = List.of(httpA, httpB, httpC);
        for (TestHttp m : all) {
            await(m.base() + " to be ready", WAIT, () -> m.get("/-/ready").statusCode() == 200);
        }
        await("three members to split the targets", WAIT, () -> splitWithoutOverlapOrGap(all, addresses));

        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            assertThat(push(all.get(i), "before-" + i, 1).statusCode()).isEqualTo(200);
            acknowledged.put("before-" + i, 1);
        }
        Set<String> cScraped = scrapedBy(httpC);
        assertThat(cScraped).as("c's targets").isNotEmpty();

        // The cut: c's packets to the broker dropped, c's other traffic flowing.
        long cut = System.nanoTime();
        other.cut(host, kafka.port(0));
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> statusesAB = new CopyOnWriteArrayList<>();
        List<String> answersC = new CopyOnWriteArrayList<>();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> pushers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            TestHttp m = name.equals("a") ? httpA : httpB;
            pushers.add(load.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    int status = push(m, "during-" + name, i).statusCode();
                    statusesAB.add(status);
                    if (status == 200) {
                        acknowledged.put("during-" + name, i);
                    }
                    Thread.sleep(100);
                }
                return null;
            }));
        }
        AtomicLong notReadyAt = new AtomicLong();
        pushers.add(load.submit(() -> {
            // No push goes to c before it reports not ready: its own probe must find the cut.
            while (!stop.get() && httpC.get("/-/ready").statusCode() != 503) {
                Thread.sleep(200);
            }
            if (!stop.get()) {
                notReadyAt.set(System.nanoTime());
            }
            for (int i = 0; !stop.get(); i++) {
                HttpResponse<String> r = push(httpC, "during-c", i);
                answersC.add(r.statusCode() + " Retry-After=" + r.headers().firstValue("Retry-After").orElse("none"));
            }
            return null;
        }));

        Set<String> overlaps = new TreeSet<>();
        Set<String> scrapedByAB = new HashSet<>();
        long stoppedAt = 0;
        long coveredAt = 0;
        Map<TestTarget, Integer> servedWhenCStopped = new HashMap<>();
        try {
            // c's and the others' shares, sampled a and b first: c stops before they start, so a
            // target in both samples is one scraped by two members at once.
            long deadline = cut + SESSION_TIMEOUT.plus(INTERVAL.multipliedBy(2)).plusSeconds(30).toNanos();
            while ((stoppedAt == 0 || coveredAt == 0) && System.nanoTime() < deadline) {
                scrapedByAB.clear();
                scrapedByAB.addAll(scrapedBy(httpA));
                scrapedByAB.addAll(scrapedBy(httpB));
                Set<String> byC = scrapedBy(httpC);
                byC.stream().filter(scrapedByAB::contains).forEach(overlaps::add);
                if (stoppedAt == 0 && byC.isEmpty()) {
                    stoppedAt = System.nanoTime();
                    targets.forEach(t -> servedWhenCStopped.put(t, t.served()));
                }
                if (coveredAt == 0 && scrapedByAB.containsAll(addresses)) {
                    coveredAt = System.nanoTime();
                }
                Thread.sleep(200);
            }
            System.out.printf("after the cut: c stopped scraping at %s ms, a and b scraped every target at %s ms%n",
                    stoppedAt == 0 ? "never" : millisSince(cut, stoppedAt),
                    coveredAt == 0 ? "never" : millisSince(cut, coveredAt));
            assertThat(overlaps).as("targets scraped by c and by a or b at once").isEmpty();
            assertThat(stoppedAt).as("c stopped scraping the shards it cannot prove it owns").isNotZero();
            assertThat(coveredAt).as("a and b took c's shards").isNotZero();
            Duration bound = SESSION_TIMEOUT.plus(INTERVAL.multipliedBy(2));
            assertThat(Duration.ofNanos(coveredAt - cut)).as("c's shards moved within " + bound)
                    .isLessThanOrEqualTo(bound.plusSeconds(5));
            await("every target to be scraped by a or b", INTERVAL.multipliedBy(2).plusSeconds(15),
                    () -> targets.stream().allMatch(t -> t.served() > servedWhenCStopped.get(t)));
            await("c, which no push had reached, to report not ready", WAIT, () -> notReadyAt.get() != 0);
            System.out.printf("after the cut: c reported not ready at %d ms%n", millisSince(cut, notReadyAt.get()));
            await("c to answer a push", WAIT, () -> !answersC.isEmpty());
        } finally {
            stop.set(true);
            for (Future<?> p : pushers) {
                p.get(60, TimeUnit.SECONDS);
            }
            load.shutdownNow();
        }
        assertThat(answersC).as("c's answers to pushes while cut off").isNotEmpty()
                .allMatch(s -> s.equals("503 Retry-After=1"));
        assertThat(statusesAB).as("a's and b's answers to pushes while c is cut off").isNotEmpty()
                .allMatch(s -> s == 200);

        // Healed: c catches up, is ready, and gets shards again.
        long healed = System.nanoTime();
        other.heal();
        await("c to report ready again", WAIT, () -> httpC.get("/-/ready").statusCode() == 200);
        for (TestHttp m : all) {
            await(m.base() + " to hold every acknowledged push " + acknowledged, WAIT, () -> {
                String metrics = m.metrics();
                return acknowledged.entrySet().stream().allMatch(e -> metrics.contains(
                        "v{instance=\"" + e.getKey() + "\",job=\"load\"} " + e.getValue() + "\n"));
            });
        }
        await("three members to split the targets again", WAIT, () -> splitWithoutOverlapOrGap(all, addresses));
        System.out.printf("after healing: c ready and scraping again at %d ms%n", millisSince(healed, System.nanoTime()));
        assertThat(push(httpC, "after-c", 1).statusCode()).isEqualTo(200);

        // No target's samples twice: two members scraping one target in the same phase would
        // write two samples milliseconds apart.
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
        await("every target's samples in VictoriaMetrics", Duration.ofSeconds(30),
                () -> receiver.timelines("app_scrapes_total{job=\"app\"}").size() == TARGETS);
        assertThat(twinSamples(receiver, INTERVAL)).as("samples of one target from two members").isEmpty();
    }

    private static long millisSince(long start, long end) {
        return TimeUnit.NANOSECONDS.toMillis(end - start);
    }

    /** A PUT of {@code v <value>} to group {@code job="load", instance}. */
    private static HttpResponse<String> push(TestHttp member, String instance, int value)
            throws IOException, InterruptedException {
        return member.send("PUT", "/metrics/job/load/instance/" + instance, "v " + value + "\n");
    }

    private String yaml(String name, String listen, KafkaBroker kafka, RemoteWriteReceiver receiver,
                        List<String> targets) throws IOException {
        Path storage = Files.createDirectories(dir.resolve("data-" + name));
        return """
                web:
                  listen_address: %s:0
                storage:
                  path: %s
                cluster:
                  bootstrap_servers: %s
                  member_id: %s
                  replication_factor: 1
                  partitions: 4
                  write_timeout: 4s
                  retry_after: 1s
                scrape_configs:
                  - job_name: app
                    scrape_interval: %ds
                    scrape_timeout: 1s
                    static_configs:
                      - targets: [%s]
                remote_write:
                  - url: %s
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms, batch_send_deadline: 500ms}
                """.formatted(listen, storage, kafka.bootstrapServers(), name, INTERVAL.toSeconds(),
                String.join(", ", targets), receiver.writeUrl());
    }

    private FerryServer member(String name, String listen, KafkaBroker kafka, RemoteWriteReceiver receiver,
                               List<String> targets) throws Exception {
        FerryConfig defaults = FerryConfig.DEFAULTS.withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        return FerryServer.start(ConfigLoader.parse(yaml(name, listen, kafka, receiver, targets), name + ".yml",
                defaults));
    }
}
