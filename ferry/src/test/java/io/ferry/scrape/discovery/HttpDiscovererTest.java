package io.ferry.scrape.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.http.AuthorizationHeader;
import io.ferry.http.BasicAuth;
import io.ferry.http.ClientSecret;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.model.Labels;
import io.ferry.telemetry.BuildInfo;
import io.ferry.telemetry.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDiscovererTest {
    // Also the request timeout (as in Prometheus), so not so short that a loaded machine times out.
    private static final Duration FAST = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Discoverers.newExecutor();
    private final Counter.Child failures = new Counter.Child();
    private final Updates.CapturedLog log = new Updates.CapturedLog();
    private final Updates updates = new Updates();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    /** What the server answers; replaced whole, so no request sees half of a change. */
    private record Answer(int status, String contentType, String body) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Answer> answer =
            new java.util.concurrent.atomic.AtomicReference<>(new Answer(200, "application/json", "[]"));

    private void answer(String body) {
        answer.set(new Answer(200, "application/json", body));
    }
    private HttpServer server;
    private URI url;
    private HttpDiscoverer discoverer;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sd", this::handle);
        server.createContext("/endless", ex -> {
            // A list that never closes: until the client goes, or 128 MiB so a failing test still ends.
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            try (var out = ex.getResponseBody()) {
                out.write('[');
                for (int sent = 0; sent < 128 << 20; sent += spaces.length) {
                    out.write(spaces);
                }
            } catch (IOException gone) {
                // the client stopped reading: what the test wants
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sd");
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> h = new ConcurrentHashMap<>();
        for (String name : List.of("User-Agent", "Accept", "X-Prometheus-Refresh-Interval-Seconds", "Authorization",
                "Proxy-Authorization")) {
            String v = ex.getRequestHeaders().getFirst(name);
            if (v != null) {
                h.put(name, v);
            }
        }
        requests.add(h);
        Answer a = answer.get();
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() {
        if (discoverer != null) {
            discoverer.close();
        }
        executor.shutdownNow();
        server.stop(0);
    }

    private void start(Duration refresh, HttpClientSettings http) {
        discoverer = new HttpDiscoverer(new HttpSd(url, refresh, http), dir, executor, failures, log.logger());
        discoverer.start(updates);
    }

    @Test
    void readsTheListWithUrlLabelAndPrometheusHeaders() throws Exception {
        answer("[{\"targets\": [\"a:1\", \"b:1\"], \"labels\": {\"env\": \"prod\"}}, {\"targets\": [\"c:1\"]}]");
        start(Duration.ofSeconds(90), HttpClientSettings.DEFAULTS);
        var state = updates.await("two groups", s -> s.size() == 2);
        String u = url.toString();
        assertThat(state).containsOnlyKeys(u + ":0", u + ":1");
        assertThat(state.get(u + ":0").targets()).containsExactly(Labels.of("__address__", "a:1"), Labels.of("__address__", "b:1"));
        assertThat(state.get(u + ":0").labels()).isEqualTo(Labels.of("env", "prod", "__meta_url", u));
        Map<String, String> h = requests.getFirst();
        assertThat(h).containsEntry("User-Agent", "Ferry/" + BuildInfo.version())
                .containsEntry("Accept", "application/json")
                .containsEntry("X-Prometheus-Refresh-Interval-Seconds", "90")
                .doesNotContainKey("Authorization");
    }

    @Test
    void anEndlessListIsRefusedAtTheSizeLimitAndCounted() throws Exception {
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/endless");
        start(Duration.ofMinutes(1), HttpClientSettings.DEFAULTS);
        String text = log.await("http_sd refresh failed");
        assertThat(text).contains("body size limit exceeded: the body is larger than 67108864 bytes")
                .doesNotContain("TooLarge");
        assertThat(failures.value()).isEqualTo(1);
    }

    @Test
    void vanishedIndicesAreSentEmptyAndFailuresKeepThePreviousGroups() throws Exception {
        answer("[{\"targets\": [\"a:1\"]}, {\"targets\": [\"b:1\"]}]");
        start(FAST, HttpClientSettings.DEFAULTS);
        String u = url.toString();
        updates.await("two groups", s -> s.size() == 2);

        answer("[{\"targets\": [\"a:1\"]}]");
        updates.await("one group", s -> s.size() == 1 && s.containsKey(u + ":0"));
        assertThat(updates.allCalls().getLast()).containsExactly(new TargetGroup(u + ":1", List.of(), Labels.of("__meta_url", u)));

        // Each kind of failure: counted, logged, previous group kept.
        answer.set(new Answer(500, "application/json", "[]"));
        log.await("server returned HTTP status 500");
        answer.set(new Answer(200, "text/plain", "[]"));
        log.await("unsupported content type \\\"text/plain\\\"");
        answer.set(new Answer(200, "application/json; charset=utf-8", "[{\"targets\": [\"a:1\"]}, null]"));
        log.await("target group 1 must be an object");
        answer("{not json");
        log.await(u + ":1: invalid JSON");
        assertThat(failures.value()).isGreaterThanOrEqualTo(4);
        assertThat(updates.state()).containsOnlyKeys(u + ":0");
        // Repeats of the same error are counted, not logged again.
        double failed = failures.value();
        waitFor(() -> failures.value() >= failed + 2);
        for (String err : List.of("status 500", "text/plain", "got null", "invalid JSON")) {
            assertThat(log.count(err)).as(log.text()).isEqualTo(1);
        }

        answer("[{\"targets\": [\"z:1\"]}]");
        updates.await("z:1", s -> s.get(u + ":0").targets().equals(List.of(Labels.of("__address__", "z:1"))));
        log.await("http_sd refresh succeeds again");
    }

    @Test
    void contentTypeRulesAreCaseInsensitiveWithOptionalUtf8Charset() {
        assertThat(HttpDiscoverer.jsonType("application/json")).isTrue();
        assertThat(HttpDiscoverer.jsonType("Application/JSON; charset=\"utf-8\"")).isTrue();
        assertThat(HttpDiscoverer.jsonType("application/json;charset=UTF-8")).isTrue();
        assertThat(HttpDiscoverer.jsonType("application/json; charset=latin1")).isFalse();
        assertThat(HttpDiscoverer.jsonType("application/jsonl")).isFalse();
        assertThat(HttpDiscoverer.jsonType("")).isFalse();
    }

    @Test
    void basicAuthWithPasswordFileReadAtEachRequest() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        start(FAST, new HttpClientSettings(new BasicAuth("ferry", null, Path.of("pw")), null,
                TlsSettings.DEFAULTS, null, true));
        waitFor(() -> !requests.isEmpty());
        assertThat(requests.getFirst().get("Authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("ferry:s3cret".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(pw, "rotated");
        String rotated = "Basic " + java.util.Base64.getEncoder().encodeToString("ferry:rotated".getBytes(StandardCharsets.UTF_8));
        waitFor(() -> rotated.equals(requests.getLast().get("Authorization")));
    }

    @Test
    void aSecretWithALineBreakInsideIsAFailedRefreshAndNothingIsSent() throws Exception {
        Files.writeString(dir.resolve("token"), "s3cret\nX-Evil: 1\n");
        start(FAST, new HttpClientSettings(null, new AuthorizationHeader("Bearer", null, Path.of("token")),
                TlsSettings.DEFAULTS, null, true));
        log.await("cannot build the request: credentials_file " + dir.resolve("token") + ": the credentials hold a line break, which a header cannot carry");
        waitFor(() -> failures.value() >= 2);
        assertThat(requests).isEmpty();
    }

    @Test
    void bearerAuthorization() throws Exception {
        start(FAST, new HttpClientSettings(null, new AuthorizationHeader("Bearer", ClientSecret.of("tok"), null),
                TlsSettings.DEFAULTS, null, true));
        waitFor(() -> !requests.isEmpty());
        assertThat(requests.getFirst().get("Authorization")).isEqualTo("Bearer tok");
    }

    @Test
    void throughAProxyWithTheCredentialsOfItsUrl() throws Exception {
        // The test's server stands for the proxy too: it is asked for the list's absolute URL.
        URI proxy = URI.create("http://ferry:s3%2Fcret@127.0.0.1:" + server.getAddress().getPort());
        url = URI.create("http://sd.example/sd");
        answer("[{\"targets\": [\"a:1\"]}]");
        start(FAST, new HttpClientSettings(null, null, TlsSettings.DEFAULTS, proxy, true));
        updates.await("one group", s -> s.size() == 1);
        assertThat(requests.getFirst().get("Proxy-Authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("ferry:s3/cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unreachableServerIsAFailure() throws Exception {
        server.stop(0);
        start(FAST, HttpClientSettings.DEFAULTS);
        updates.awaitCalls(0);
        log.await("http_sd refresh failed");
        assertThat(failures.value()).isPositive();
        assertThat(updates.calls()).isZero();
    }

    @Test
    void aSocksProxyFailsEveryRefreshSayingWhyInsteadOfConnectingDirectly() throws Exception {
        start(FAST, new HttpClientSettings(null, null, TlsSettings.DEFAULTS, URI.create("socks5://127.0.0.1:1080"), true));
        log.await("cannot build the request: proxy_url: socks5://127.0.0.1: only http and https proxies are supported");
        waitFor(() -> failures.value() >= 2);
        assertThat(requests).isEmpty();
        assertThat(updates.calls()).isZero();
    }

    @Test
    void relativeTlsFilesAreFoundInTheConfigDirectory() throws Exception {
        start(FAST, new HttpClientSettings(null, null, new TlsSettings(Path.of("absent-ca.pem"), null, null, null, false,
                null), null, true));
        log.await("cannot build the request: tls_config: " + dir.resolve("absent-ca.pem") + ": cannot read");
        assertThat(failures.value()).isPositive();
    }

    @Test
    void closeAbortsAHangingRequestAndSendsNothing() throws Exception {
        var hanging = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        server.removeContext("/sd");
        server.createContext("/sd", ex -> {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        start(Duration.ofSeconds(60), HttpClientSettings.DEFAULTS);
        assertThat(hanging.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        discoverer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        release.countDown();
        assertThat(updates.calls()).isZero();
    }

    private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Updates.WAIT_MS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(10);
        }
    }
}
