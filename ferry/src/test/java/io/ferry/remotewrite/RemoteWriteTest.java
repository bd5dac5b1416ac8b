package io.ferry.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.http.AuthorizationHeader;
import io.ferry.http.BasicAuth;
import io.ferry.http.ClientSecret;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.SampleAppender;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.FaultyDisk;
import io.ferry.recordfile.OnDamage;
import io.ferry.remotewrite.internal.ShardedSender;
import io.ferry.remotewrite.oracle.RemoteWriteProto;
import io.ferry.telemetry.DefaultRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline end to end against a scripted receiver on loopback: how each kind of answer is
 * handled and counted, external labels on the wire, reloads that keep unchanged queues, and
 * commits with no remote_write configured.
 */
class RemoteWriteTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final ConcurrentLinkedQueue<int[]> script = new ConcurrentLinkedQueue<>(); // {status, retryAfterSeconds}
    private final List<RemoteWriteProto.WriteRequest> received = new CopyOnWriteArrayList<>();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final DefaultRegistry registry = new DefaultRegistry();
    private URI url;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/v1/write", this::answer);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        headers.add(exchange.getRequestHeaders().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                        e -> e.getValue().getFirst(), (a, b) -> a)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        int[] a = script.poll();
        int status = a == null ? 204 : a[0];
        if (status == 204) {
            received.add(RemoteWriteProto.WriteRequest.parseFrom(Snappy.uncompress(body)));
        }
        if (a != null && a[1] > 0) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(a[1]));
        }
        answered.add(status);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private Receiver config(String name, int maxSamplesPerSend, boolean retryOn429) {
        QueueSettings q = new QueueSettings(100, 1, 1, maxSamplesPerSend, Duration.ofSeconds(5), Duration.ZERO,
                Duration.ofMillis(4), retryOn429, Duration.ZERO);
        return new Receiver(url, name, Duration.ofSeconds(10), Map.of("X-Scope-OrgID", "tenant-1"), List.of(),
                HttpClientSettings.DEFAULTS, q);
    }

    private static void commit(SampleAppender.Storage storage, long key, int from, int to) throws IOException {
        SampleAppender a = storage.appender(key);
        for (int i = from; i < to; i++) {
            a.append(Labels.of("__name__", "m", "key", Long.toString(key)), 1_000L * i, i);
        }
        a.commit();
    }

    private double metric(String family, String remoteName, String reason) {
        for (MetricFamily f : registry.collect()) {
            if (!f.name().equals(family)) {
                continue;
            }
            for (Metric m : f.metrics()) {
                ValueMetric v = (ValueMetric) m;
                if (remoteName.equals(v.labels().get("remote_name"))
                        && (reason == null || reason.equals(v.labels().get("reason")))) {
                    return v.value();
                }
            }
        }
        return Double.NaN;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not: " + what);
            }
            Thread.sleep(5);
        }
    }

    private int samplesReceived() {
        return received.stream().mapToInt(r -> r.getTimeseriesCount()).sum();
    }

    @Test
    void closeWithAFlushDeadlineSendsWhatIsQueuedFirst() throws Exception {
        // One sample per request, each answered slowly: without the flush, close leaves most queued.
        server.removeContext("/api/v1/write");
        server.createContext("/api/v1/write", exchange -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange);
        });
        RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 1, false)), Map.of(), 64L << 20, registry);
        commit(rw, 1, 0, 40);
        rw.close(Duration.ofSeconds(60));
        assertThat(samplesReceived()).isEqualTo(40);
    }

    @Test
    void aFlushDoesNotWaitForAFailingReceiver() throws Exception {
        for (int i = 0; i < 1000; i++) {
            script.add(new int[] {503, 0});
        }
        RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 1, false)), Map.of(), 64L << 20, registry);
        commit(rw, 1, 0, 5);
        long start = System.nanoTime();
        rw.close(Duration.ofSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the flush ends at the first retry")
                .isLessThan(Duration.ofSeconds(30));
        // What was not sent is still queued for the next start.
        try (RemoteWrite again = RemoteWrite.open(dir, dir, List.of(config("a", 1, false)), Map.of(), 64L << 20,
                new DefaultRegistry())) {
            script.clear();
            await("the queued samples sent after the restart", () -> samplesReceived() == 5);
        }
    }

    @Test
    void serverErrorsAreRetriedOtherClientErrorsDroppedAnd429RetriedOnlyWhenAsked() throws Exception {
        script.add(new int[] {500, 0});
        script.add(new int[] {503, 0});
        script.add(new int[] {204, 0}); // the first request, third attempt
        script.add(new int[] {400, 0}); // the second request: dropped
        script.add(new int[] {429, 0}); // the third: dropped too, retries on 429 are off
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 2, false)), Map.of("cluster", "eu-1"),
                64L << 20, registry)) {
            commit(rw, 1, 0, 6); // three requests of two samples
            await("three requests answered", () -> answered.size() == 5);
            commit(rw, 1, 6, 8); // and one more, which goes through
            await("the last request received", () -> samplesReceived() == 4);
            await("counted", () -> metric("ferry_remote_write_samples_sent_total", "a", null) == 4);
            assertThat(answered).containsExactly(500, 503, 204, 400, 429, 204);
            assertThat(metric("ferry_remote_write_samples_retried_total", "a", null)).isEqualTo(4); // 2 samples × 2 retries
            assertThat(metric("ferry_remote_write_samples_failed_total", "a", null)).isEqualTo(4);
            assertThat(metric("ferry_remote_write_samples_total", "a", null)).isEqualTo(8);
            assertThat(metric("ferry_remote_write_shards", "a", null)).isEqualTo(1);
            assertThat(metric("ferry_remote_write_highest_sent_timestamp_seconds", "a", null)).isEqualTo(7);
            await("nothing pending", () -> metric("ferry_remote_write_samples_pending", "a", null) == 0);
            // What arrived: samples 0, 1 and 6, 7 in order, with the external label.
            List<String> got = received.stream().flatMap(r -> r.getTimeseriesList().stream())
                    .map(ts -> ts.getLabelsList().stream().map(l -> l.getName() + "=" + l.getValue()).toList()
                            + "@" + ts.getSamples(0).getTimestamp())
                    .toList();
            assertThat(got).containsExactly("[__name__=m, cluster=eu-1, key=1]@0", "[__name__=m, cluster=eu-1, key=1]@1000",
                    "[__name__=m, cluster=eu-1, key=1]@6000", "[__name__=m, cluster=eu-1, key=1]@7000");
        }
    }

    @Test
    void retriesCountWhileTheReceiverIsDownNotOnlyOnceItIsBack() throws Exception {
        for (int i = 0; i < 6; i++) {
            script.add(new int[] {503, 0});
        }
        // The receiver holds the fourth request until the checks below are done: with a backoff of
        // at most 4 ms, all six 503s and the success can otherwise pass between two polls.
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        server.removeContext("/api/v1/write");
        server.createContext("/api/v1/write", exchange -> {
            if (answered.size() >= 3) {
                try {
                    checked.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(exchange);
        });
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 10, false)), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 2);
            await("three answers of 503", () -> answered.size() >= 3);
            // Still failing, nothing sent: the retries made so far already show.
            assertThat(metric("ferry_remote_write_samples_sent_total", "a", null)).isZero();
            assertThat(metric("ferry_remote_write_samples_retried_total", "a", null)).isGreaterThanOrEqualTo(4);
            checked.countDown();
            await("received once the receiver answers again", () -> samplesReceived() == 2);
            await("every retry counted", () -> metric("ferry_remote_write_samples_retried_total", "a", null) == 12);
        }
    }

    @Test
    void eachQueueShowsItsReceiverPendingSamplesLastErrorAndDepthHistory() throws Exception {
        script.add(new int[] {503, 0});
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 10, false)), Map.of(), 64L << 20, registry)) {
            assertThat(rw.queues()).singleElement().satisfies(q -> {
                assertThat(q.name()).isEqualTo("a");
                assertThat(q.url()).isEqualTo(url);
                assertThat(q.lastError()).isEmpty();
                assertThat(q.lastErrorTime()).isNull();
            });
            commit(rw, 1, 0, 2);
            await("sent after one retry", () -> rw.queues().getFirst().samplesSent() == 2);
            QueueStatus q = rw.queues().getFirst();
            assertThat(q.lastError()).startsWith("retrying: HTTP 503");
            assertThat(q.lastErrorTime()).isNotNull();
            assertThat(q.pendingSamples()).isZero();
            assertThat(q.diskBytes()).isPositive();
            int before = q.depth().size();
            rw.sampleDepth();
            rw.sampleDepth();
            List<QueueStatus.QueueDepth> depth = rw.queues().getFirst().depth();
            assertThat(depth).hasSize(before + 2);
            assertThat(depth.getLast().pendingSamples()).isZero();
            assertThat(depth.getLast().time()).isAfterOrEqualTo(depth.getFirst().time());
        }
    }

    @Test
    void a429IsRetriedWhenAskedHonouringRetryAfter() throws Exception {
        script.add(new int[] {429, 1});
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 10, true)), Map.of(), 64L << 20, registry)) {
            long start = System.nanoTime();
            commit(rw, 1, 0, 3);
            await("received", () -> samplesReceived() == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for Retry-After: 1")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(answered).containsExactly(429, 204);
            await("counted", () -> metric("ferry_remote_write_samples_retried_total", "a", null) == 3);
        }
    }

    @Test
    void aReloadKeepsUnchangedQueuesRunningAndRestartsChangedOnes() throws Exception {
        Receiver a = config("a", 10, false);
        Receiver b = config("b", 10, false);
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(a, b), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 5);
            assertThat(metric("ferry_remote_write_samples_total", "a", null)).isEqualTo(5);
            assertThat(metric("ferry_remote_write_samples_total", "b", null)).isEqualTo(5);

            Receiver changedB = config("b", 3, false);
            Receiver c = config("", 10, false);
            rw.apply(List.of(a, changedB, c), Map.of());
            String cName = rw.running().get(2);
            assertThat(rw.running()).containsExactly("a", "b", cName);
            assertThat(cName).startsWith("rw-");
            // a's counters go on (it was not touched); b was closed and opened again.
            assertThat(metric("ferry_remote_write_samples_total", "a", null)).isEqualTo(5);
            assertThat(metric("ferry_remote_write_samples_total", "b", null)).isZero();

            rw.apply(List.of(a, changedB, c), Map.of("cluster", "x")); // external labels changed: all restart
            assertThat(metric("ferry_remote_write_samples_total", "a", null)).isZero();

            rw.apply(List.of(a), Map.of("cluster", "x"));
            assertThat(rw.running()).containsExactly("a");
            assertThat(Files.isDirectory(dir.resolve("b"))).as("a removed queue stays on disk").isTrue();
            assertThat(metric("ferry_remote_write_samples_total", "b", null)).isNaN();
            commit(rw, 2, 0, 1);
            await("everything delivered", () -> samplesReceived() == 5 + 5 + 1);
        }
    }

    @Test
    void aQueueThatCannotBeWrittenCountsWhatItLosesAndCostsTheOtherQueuesNothing() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        Path aDir = dir.resolve("a");
        AppendFile.Opener files = path -> path.startsWith(aDir) ? disk.open(path) : AppendFile.Opener.FILES.open(path);
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 10, false), config("b", 10, false)),
                Map.of(), 64L << 20, registry, OnDamage.REFUSE, Clock.systemUTC(),
                ShardedSender.DEFAULT_RESHARD_INTERVAL, files)) {
            commit(rw, 1, 0, 2);
            disk.failWrites("No space left on device");
            assertThatThrownBy(() -> commit(rw, 1, 2, 5)).hasMessageContaining("No space left on device");
            assertThatThrownBy(() -> commit(rw, 1, 5, 9)).as("refused at once while a's queue recovers")
                    .hasMessageContaining("cannot be written");

            assertThat(metric("ferry_remote_write_samples_dropped_total", "a", "queue_write_failed")).isEqualTo(3 + 4);
            assertThat(metric("ferry_remote_write_samples_total", "a", null)).isEqualTo(2);
            assertThat(metric("ferry_remote_write_samples_pending", "a", null)).isLessThanOrEqualTo(2);
            assertThat(metric("ferry_remote_write_samples_dropped_total", "b", "queue_write_failed")).isZero();
            assertThat(metric("ferry_remote_write_samples_total", "b", null)).as("b took every commit").isEqualTo(9);
            await("b delivered all nine and a its two", () -> samplesReceived() == 9 + 2);
        }
    }

    @Test
    void basicAuthFromAFileBearerTokensAndExtraHeadersReachTheReceiver() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        Receiver basic = new Receiver(url, "basic", Duration.ofSeconds(10), Map.of("X-Scope-OrgID", "t1"),
                List.of(), new HttpClientSettings(new BasicAuth("ferry", null, password), null, TlsSettings.DEFAULTS,
                null, true), config("x", 10, false).queue());
        Receiver bearer = new Receiver(url, "bearer", Duration.ofSeconds(10), Map.of(), List.of(),
                new HttpClientSettings(null, new AuthorizationHeader("Bearer", ClientSecret.of("tok"), null),
                        TlsSettings.DEFAULTS, null, true), config("x", 10, false).queue());
        try (RemoteWrite rw = RemoteWrite.open(dir.resolve("q"), dir, List.of(basic, bearer), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 1);
            await("both received", () -> samplesReceived() == 2);
        }
        String basicHeader = "Basic " + java.util.Base64.getEncoder().encodeToString("ferry:s3cret".getBytes());
        assertThat(headers).extracting(h -> h.get("authorization")).containsExactlyInAnyOrder(basicHeader, "Bearer tok");
        Map<String, String> fromBasic = headers.stream().filter(h -> basicHeader.equals(h.get("authorization")))
                .findFirst().orElseThrow();
        assertThat(fromBasic).containsEntry("x-scope-orgid", "t1").containsEntry("content-encoding", "snappy")
                .containsEntry("x-prometheus-remote-write-version", "0.1.0");
        assertThat(fromBasic.get("user-agent")).startsWith("Ferry/");
    }

    /** As Go's client sends it for Prometheus; the password is shown nowhere. */
    @Test
    void aUserAndPasswordInTheUrlAreSentAsBasicAuthAndHiddenWhereTheUrlIsShown() throws Exception {
        url = URI.create("http://rw:p%40ss@127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(config("a", 10, false)), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 1);
            await("delivered", () -> samplesReceived() == 1);
            assertThat(headers.getFirst().get("authorization"))
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("rw:p@ss".getBytes()));
            String redacted = "http://rw:xxxxx@127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
            assertThat(rw.queues().getFirst().url()).hasToString(redacted);
            for (MetricFamily f : registry.collect()) {
                for (Metric m : f.metrics()) {
                    String shown = m.labels().get("url");
                    assertThat(shown == null || shown.equals(redacted)).as(f.name() + " " + m.labels()).isTrue();
                }
            }
        }
    }

    @Test
    void aRelativePasswordFileIsReadFromTheConfigFilesDirectory() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(configDir.resolve("password"), "from-config-dir\n");
        Receiver basic = new Receiver(url, "relative", Duration.ofSeconds(10), Map.of(), List.of(),
                new HttpClientSettings(new BasicAuth("ferry", null, Path.of("password")), null, TlsSettings.DEFAULTS,
                        null, true), config("x", 10, false).queue());
        try (RemoteWrite rw = RemoteWrite.open(dir.resolve("q"), configDir, List.of(basic), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 1);
            await("received", () -> samplesReceived() == 1);
        }
        assertThat(headers.getFirst().get("authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("ferry:from-config-dir".getBytes()));
    }

    @Test
    void aTlsFileThatCannotBeReadFailsTheOpenNamingTheReceiver() {
        Receiver broken = new Receiver(url, "broken", Duration.ofSeconds(10), Map.of(), List.of(),
                new HttpClientSettings(null, null, new TlsSettings(Path.of("absent-ca.pem"), null, null, null, false, null),
                        null, true), config("x", 10, false).queue());
        assertThatThrownBy(() -> RemoteWrite.open(dir.resolve("q"), dir, List.of(broken), Map.of(), 64L << 20, registry))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("remote_write broken: tls_config: " + dir.resolve("absent-ca.pem") + ": cannot read");
    }

    @Test
    void aCredentialsFileWithALineBreakInsideTheTokenFailsTheOpenNamingTheReceiverAndFile() throws Exception {
        Files.writeString(dir.resolve("token"), "t0k\nX-Evil: 1\n");
        Receiver broken = new Receiver(url, "broken", Duration.ofSeconds(10), Map.of(), List.of(),
                new HttpClientSettings(null, new AuthorizationHeader("Bearer", null, Path.of("token")), TlsSettings.DEFAULTS,
                        null, true), config("x", 10, false).queue());
        assertThatThrownBy(() -> RemoteWrite.open(dir.resolve("q"), dir, List.of(broken), Map.of(), 64L << 20, registry))
                .isInstanceOf(IOException.class)
                .hasMessage("remote_write broken: credentials_file " + dir.resolve("token")
                        + ": the credentials hold a line break, which a header cannot carry");
    }

    @Test
    void withNoRemoteWriteCommitsStoreNothing() throws Exception {
        try (RemoteWrite rw = RemoteWrite.open(dir, dir, List.of(), Map.of(), 64L << 20, registry)) {
            commit(rw, 1, 0, 10);
            SampleAppender rolledBack = rw.appender(2);
            rolledBack.append(Labels.of("__name__", "m"), 1, 1);
            rolledBack.rollback();
            assertThat(rw.running()).isEmpty();
        }
        assertThat(received).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
