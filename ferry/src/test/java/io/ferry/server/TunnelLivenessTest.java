package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.recordfile.OnDamage;
import io.ferry.scrape.ScrapeLoop;
import io.ferry.state.InMemoryGroupStore;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.Poll;
import io.ferry.tunnel.proxy.PollAnswer;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.Scheduler;
import io.ferry.tunnel.proxy.TunnelProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull path with a tunnel_sd_configs job and a real tunnel proxy, a client loop in the test
 * polling it: the client is discovered and scraped in-process with {@code up} 1, and once its loop
 * stops, the target stays (its registration has not expired) and reads {@code up} 0, saying why.
 */
class TunnelLivenessTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Registry registry = new DefaultRegistry();
    private final TunnelProxy proxy = new TunnelProxy(ProxyOptions.DEFAULTS, Clock.systemUTC(), Scheduler.of(executor),
            registry);
    private volatile boolean polling = true;
    private final AtomicReference<CompletableFuture<PollAnswer>> openPoll = new AtomicReference<>();
    private Thread client;

    @AfterEach
    void stop() throws InterruptedException {
        stopClient();
        proxy.close();
        executor.shutdownNow();
    }

    /** A Ferry client's loop, in-process: poll (renewed every 2 s), answer each scrape, poll again. */
    private void startClient() {
        client = Thread.ofVirtual().start(() -> {
            while (polling) {
                try {
                    CompletableFuture<PollAnswer> poll = proxy.poll(new Poll("gw.site-a", "", Map.of("site", "a"),
                            List.of(new DeclaredTarget(9091, "/metrics")), Duration.ofSeconds(2)));
                    openPoll.set(poll);
                    if (poll.get() instanceof PollAnswer.Scrape s) {
                        proxy.push(s.request().header(TunnelHeaders.ID).orElseThrow(), new RelayedResponse(200, "OK",
                                HeaderFields.of("Content-Type", "text/plain; version=0.0.4"),
                                "site_metric 1\n".getBytes(StandardCharsets.UTF_8)), "");
                    }
                } catch (Exception e) {
                    return; // stopped: the poll was cancelled
                }
            }
        });
    }

    /** The client stops polling, its open poll ended as a closed connection ends it. */
    private void stopClient() throws InterruptedException {
        polling = false;
        CompletableFuture<PollAnswer> poll = openPoll.get();
        if (poll != null) {
            poll.cancel(true);
        }
        if (client != null) {
            client.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClientThatStopsPollingIsStillScrapedAndReadsUpZero() throws Exception {
        var config = ConfigLoader.parse("""
                global: {scrape_interval: 1s, scrape_timeout: 1s}
                scrape_configs:
                  - job_name: sites
                    tunnel_sd_configs: [{fqdns: ["*.site-a"]}]
                """, "ferry.yml").prometheus();
        try (PullPath pull = PullPath.open(config, dir, 1L << 30, Duration.ZERO, OnDamage.REFUSE, dir,
                new ServedMetrics(new InMemoryGroupStore(), registry), "Ferry/test", registry, proxy, io.ferry.scrape.ScrapeObserver.NONE)) {
            pull.start("localhost:9091", "/metrics");
            startClient();
            ScrapeLoop up = await(pull, "the client's target up", l -> l.health().health().equals("up"));
            assertThat(up.target().url().toString()).isEqualTo("http://gw.site-a:9091/metrics");
            assertThat(up.target().labels().get("site")).isEqualTo("a");

            stopClient();
            ScrapeLoop down = await(pull, "the target down", l -> l.health().health().equals("down"));
            assertThat(down.health().lastError()).contains("tunnel client \"gw.site-a\"",
                    "timeout reached for \"http://gw.site-a:9091/metrics\": context deadline exceeded");
            assertThat(proxy.clients()).extracting(c -> c.fqdn()).containsExactly("gw.site-a"); // still registered
        }
    }

    /** The first loop of the sites job that {@code ok} holds for, polled for up to 30 s. */
    private static ScrapeLoop await(PullPath pull, String what, Predicate<ScrapeLoop> ok)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ScrapeLoop> last = List.of();
        while (System.nanoTime() < deadline) {
            last = pull.pools().stream().filter(p -> p.job().jobName().equals("sites"))
                    .flatMap(p -> p.active().stream()).toList();
            for (ScrapeLoop l : last) {
                if (ok.test(l)) {
                    return l;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; loops: "
                + last.stream().map(l -> l.target().url() + " " + l.health()).toList());
    }
}
