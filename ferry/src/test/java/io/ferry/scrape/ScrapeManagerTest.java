package io.ferry.scrape;

import com.sun.net.httpserver.HttpServer;
import io.ferry.config.ConfigLoader;
import io.ferry.model.Labels;
import io.ferry.model.StaleNaN;
import io.ferry.scrape.discovery.Discoverer;
import io.ferry.scrape.discovery.TargetGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Scrape jobs end to end against a real HTTP target, with discovery the test drives. */
class ScrapeManagerTest {
    private final RecordingStorage storage = new RecordingStorage();
    private final AtomicReference<String> body = new AtomicReference<>("a 1\nb 2\n");
    private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<TargetGroup>>> discovered = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger rediscovered = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final ScrapeObserver observer = new ScrapeObserver() {
        @Override
        public void scraped(ScrapeTarget target, long startMillis, boolean ok, String error) {
            observed.add("scraped " + target.labels().get("instance") + " " + ok);
        }

        @Override
        public void targets(String job, List<ScrapeTarget> active) {
            observed.add(job + " " + active.stream().map(t -> t.labels().get("instance")).toList());
        }
    };
    private HttpServer server;
    private ScrapeManager manager;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", x -> {
            acceptHeaders.add(x.getRequestHeaders().getFirst("Accept"));
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        manager = new ScrapeManager(storage, this::discoverers, sources(), 42, null, observer);
    }

    /** A job's one discoverer: the test drives it through {@link #discover}. */
    private List<Discoverer> discoverers(ScrapeJob job) {
        return List.of(new Discoverer() {
            @Override
            public void start(Consumer<List<TargetGroup>> updates) {
                discovered.add(updates);
            }

            @Override
            public void refreshSoon() {
                rediscovered.incrementAndGet();
            }

            @Override
            public void close() {
            }
        });
    }

    private static HttpSources sources() {
        return new HttpSources("Ferry/test", java.nio.file.Path.of("."), new io.ferry.telemetry.DefaultRegistry());
    }

    @AfterEach
    void stop() {
        manager.close();
        server.stop(0);
    }

    private static List<ScrapeJob> jobs(String yaml) throws Exception {
        return ConfigLoader.parse("scrape_configs:\n" + yaml.indent(2), "ferry.yml").prometheus().scrapeConfigs();
    }

    private String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void discover(String... addresses) {
        List<Labels> targets = java.util.Arrays.stream(addresses).map(a -> Labels.of("__address__", a)).toList();
        discovered.getLast().accept(List.of(new TargetGroup("static", targets, Labels.EMPTY)));
    }

    private void await(Predicate<List<RecordingStorage.Sample>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        synchronized (storage) {
            while (!condition.test(storage.samples())) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                assertThat(left).as("waited 20 s for samples; got %s", storage.samples()).isPositive();
                storage.wait(left);
            }
        }
    }

    private static Predicate<List<RecordingStorage.Sample>> has(String name, Predicate<Double> value) {
        return samples -> samples.stream().anyMatch(s -> name.equals(s.series().get("__name__")) && value.test(s.value()));
    }

    @Test
    void scrapesDiscoveredTargetsAndEndsThoseThatGo() throws Exception {
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"));
        discover(address());
        await(has("a", v -> v == 1));
        await(has("up", v -> v == 1));
        RecordingStorage.Sample a = storage.samples().stream().filter(s -> "a".equals(s.series().get("__name__")))
                .findFirst().orElseThrow();
        assertThat(a.series()).isEqualTo(Labels.of("__name__", "a", "job", "app", "instance", address()));
        assertThat(acceptHeaders.getFirst()).isEqualTo(io.ferry.scrape.ScrapeBody.ACCEPT);
        assertThat(manager.pools()).singleElement().satisfies(p -> assertThat(p.active()).hasSize(1));

        body.set("a 1\n");
        await(has("b", StaleNaN::is));

        discover();
        await(has("a", StaleNaN::is));
        await(has("up", StaleNaN::is));
        assertThat(manager.pools().getFirst().active()).isEmpty();
    }

    @Test
    void eachLoopKeepsItsScrapesAndTheObserverHearsOfScrapesAndTargets() throws Exception {
        // static_configs only for the pools to compare: the test's discoverer stands in for it.
        String discovery = "  static_configs: [{targets: ['unused:1']}]\n";
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n" + discovery));
        discover(address());
        await(has("up", v -> v == 1));
        await(samples -> observed.contains("scraped " + address() + " true"));
        assertThat(observed.getFirst()).isEqualTo("app [" + address() + "]");
        ScrapeLoop loop = manager.pools().getFirst().active().getFirst();
        assertThat(loop.history()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.ok()).isTrue();
            assertThat(p.duration()).isPositive();
        });
        assertThat(loop.history().getLast().start()).isEqualTo(loop.health().lastScrape());

        // The interval changes: a new loop of the same target (its discovery kept) carries the history on.
        int before = loop.history().size();
        manager.apply(jobs("- job_name: app\n  scrape_interval: 2s\n  scrape_timeout: 1s\n" + discovery));
        ScrapeLoop next = manager.pools().getFirst().active().getFirst();
        assertThat(next).isNotSameAs(loop);
        assertThat(next.history()).hasSizeGreaterThanOrEqualTo(before);

        discover();
        assertThat(observed.getLast()).isEqualTo("app []");
        manager.apply(List.of());
        assertThat(observed.getLast()).isEqualTo("app []");
    }

    @Test
    void rediscoverAsksEveryJobsDiscoverersToReadAgain() throws Exception {
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n- job_name: db\n  scrape_interval: 1s\n"));
        assertThat(rediscovered.get()).isZero();
        manager.rediscover();
        assertThat(rediscovered.get()).isEqualTo(2);
    }

    @Test
    void aTargetThatDiesIsDownAndItsSeriesEnd() throws Exception {
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n"));
        discover(address());
        await(has("a", v -> v == 1));
        server.stop(0);
        await(has("up", v -> v == 0));
        await(has("a", StaleNaN::is));
        ScrapeLoop loop = manager.pools().getFirst().active().getFirst();
        assertThat(loop.health().health()).isEqualTo("down");
        assertThat(loop.health().lastError()).contains(address()).endsWith(": connection refused");
    }

    @Test
    void aReloadThatKeepsTheJobKeepsItsTargets() throws Exception {
        // The discovery config must stay the same for a changed job's targets to carry over.
        String sd = "  file_sd_configs: [{files: [targets.json]}]\n";
        String yaml = "- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n" + sd;
        manager.apply(jobs(yaml));
        discover(address());
        await(has("a", v -> v == 1));
        ScrapeLoop before = manager.pools().getFirst().active().getFirst();
        manager.apply(jobs(yaml));
        assertThat(manager.pools().getFirst().active().getFirst()).isSameAs(before);

        // A changed job that records series alike takes the targets over without ending their series.
        manager.apply(jobs("- job_name: app\n  scrape_interval: 2s\n  scrape_timeout: 1s\n" + sd));
        assertThat(manager.pools().getFirst().active()).singleElement()
                .satisfies(l -> assertThat(l.target().interval()).hasSeconds(2));
        storage.clear();
        await(has("a", v -> v == 1));
        assertThat(storage.samples()).noneMatch(s -> StaleNaN.is(s.value()));
    }

    @Test
    void aJobReplacedOrRemovedClosesTheConnectionsItsClientKeptAlive() throws Exception {
        String sd = "  file_sd_configs: [{files: [targets.json]}]\n";
        try (KeepAliveTarget target = new KeepAliveTarget("a 1\n")) {
            manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n" + sd));
            discover(target.address());
            await(has("a", v -> v == 1));
            target.await("one connection, kept alive", () -> target.accepted() == 1 && target.closed() == 0);

            // The reload replaces the job and its client; the loop carries on through the new one.
            manager.apply(jobs("- job_name: app\n  scrape_interval: 2s\n  scrape_timeout: 1s\n" + sd));
            target.await("the replaced client's connection closed", () -> target.closed() == 1);
            storage.clear();
            await(has("a", v -> v == 1));
            target.await("a second connection", () -> target.accepted() == 2);

            manager.apply(List.of());
            target.await("the removed job's connection closed", () -> target.closed() == 2);
        }
    }

    /** A target on a plain socket that answers every request on a connection and counts connections opened and closed. */
    private static final class KeepAliveTarget implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final byte[] response;
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        private final List<java.net.Socket> sockets = new CopyOnWriteArrayList<>();

        KeepAliveTarget(String body) throws java.io.IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + b.length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket s = server.accept();
                        sockets.add(s);
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> answer(s));
                    } catch (java.io.IOException e) {
                        return; // closed
                    }
                }
            });
        }

        /** Answers each request (headers only: scrapes are GETs) until the client closes the connection. */
        private void answer(java.net.Socket s) {
            try (s) {
                java.io.InputStream in = s.getInputStream();
                int matched = 0;
                for (int c = in.read(); c >= 0; c = in.read()) {
                    matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
                    if (matched == 4) {
                        s.getOutputStream().write(response);
                        matched = 0;
                    }
                }
                closed.incrementAndGet();
            } catch (java.io.IOException e) {
                // closed by this test's close
            }
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        int closed() {
            return closed.get();
        }

        void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime() - deadline).as("waited 10 s for %s: %d accepted, %d closed",
                        what, accepted.get(), closed.get()).isNegative();
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void theTargetLimitFailsEveryTargetOfTheJob() throws Exception {
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  target_limit: 1\n"));
        discover(address(), "127.0.0.2:" + server.getAddress().getPort());
        await(has("up", v -> v == 0));
        assertThat(manager.pools().getFirst().active()).hasSize(2).allSatisfy(l ->
                assertThat(l.health().lastError()).isIn("", "target_limit exceeded: 2 targets, the limit is 1"));
        assertThat(storage.samples()).noneMatch(s -> "a".equals(s.series().get("__name__")));
    }

    @Test
    void aTargetThatMovesToAnotherMemberStopsWithoutStaleMarkers() throws Exception {
        manager.close();
        ShardFilter shards = ShardFilter.byKey(2, 1);
        manager = new ScrapeManager(storage, this::discoverers, sources(), 42, null, observer, shards, job -> true);
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"));
        discover(address());
        assertThat(manager.pools().getFirst().active()).isEmpty();
        assertThat(observed).isEmpty();

        shards.own(java.util.Set.of(0, 1));
        await(has("a", v -> v == 1));
        assertThat(manager.pools().getFirst().active()).hasSize(1);
        assertThat(observed.getFirst()).isEqualTo("app [" + address() + "]");

        shards.own(java.util.Set.of());
        // own() returns after the loop stopped: nothing is written from then on, no stale marker either.
        assertThat(manager.pools().getFirst().active()).isEmpty();
        // The moved target is another member's producer now: the observer no longer counts it here.
        assertThat(observed.getLast()).isEqualTo("app []");
        int written = storage.samples().size();
        Thread.sleep(1500);
        assertThat(storage.samples()).hasSize(written).noneMatch(s -> StaleNaN.is(s.value()));
    }

    /**
     * A member resumed after a pause longer than its lease holds shards another member may have
     * taken: until its ownership thread has renewed the lease or dropped them, its loops skip their
     * scrapes rather than scrape what another member scrapes.
     */
    @Test
    void aLoopSkipsItsScrapesWhileTheLeaseOnItsShardIsNotConfirmed() throws Exception {
        manager.close();
        ShardFilter shards = ShardFilter.byKey(2, 1);
        shards.own(java.util.Set.of(0, 1));
        shards.leaseUntil(System.nanoTime() - 1); // lapsed, as after a pause
        manager = new ScrapeManager(storage, this::discoverers, sources(), 42, null, observer, shards, job -> true);
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"));
        discover(address());
        assertThat(manager.pools().getFirst().active()).hasSize(1);
        Thread.sleep(2500); // two scrape times at least
        assertThat(storage.samples()).as("no scrape while the lease is not confirmed").isEmpty();

        shards.leaseUntil(System.nanoTime() + 60_000_000_000L); // the coordinator answered again
        await(has("a", v -> v == 1));
    }

    @Test
    void aTargetStillOwnedKeepsItsLoopAndHistoryWhenAnotherMovesAway() throws Exception {
        manager.close();
        ShardFilter shards = ShardFilter.byKey(64, 1);
        shards.own(java.util.stream.IntStream.range(0, 64).boxed().collect(java.util.stream.Collectors.toSet()));
        manager = new ScrapeManager(storage, this::discoverers, sources(), 42, null, observer, shards, job -> true);
        manager.apply(jobs("- job_name: app\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"));
        // Targets enough that two of them fall in different shards.
        String[] addresses = java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(i -> "127.0.0." + i + ":" + server.getAddress().getPort()).toArray(String[]::new);
        discover(addresses);
        await(samples -> observed.contains("scraped " + address() + " true"));
        ScrapeLoop kept = manager.pools().getFirst().active().stream()
                .filter(l -> l.target().labels().get("instance").equals(address())).findFirst().orElseThrow();
        int shard = shards.shardOf(kept.target());
        List<String> staying = manager.pools().getFirst().active().stream().filter(l -> shards.shardOf(l.target()) == shard)
                .map(l -> l.target().labels().get("instance")).toList();
        assertThat(staying).hasSizeLessThan(addresses.length);
        int history = kept.history().size();

        shards.own(java.util.Set.of(shard));
        assertThat(manager.pools().getFirst().active()).hasSize(staying.size()).anySatisfy(l -> assertThat(l).isSameAs(kept));
        assertThat(kept.history()).hasSizeGreaterThanOrEqualTo(history);
        assertThat(observed.getLast()).isEqualTo("app " + staying);
    }
}
