package io.ferry.server;

import io.ferry.testing.ExternalTool;
import io.ferry.testing.Promtool;

import io.ferry.config.ConfigSource;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.LogConfig;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.internal.proto.ClientModel;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ferry started through its wiring function on port 0, talked to with real HTTP clients. */
class FerryServerIT {
    @TempDir
    static Path dir;
    static FerryServer ferry;
    static TestHttp http1;
    static TestHttp http2;

    static FerryConfig config(Path storage) {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")).withOpenMetrics(true), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }

    @BeforeAll
    static void start() throws IOException {
        ferry = FerryServer.start(config(dir.resolve("data")));
        http1 = TestHttp.local(ferry.port());
        http2 = TestHttp.h2c(ferry.port());
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
        http1.close();
        http2.close();
    }

    @Test
    void createsTheStorageDirectory() {
        assertThat(dir.resolve("data")).isDirectory();
    }

    @Test
    void healthyAndReady() throws Exception {
        for (String path : List.of("/-/healthy", "/-/ready")) {
            HttpResponse<byte[]> r = http1.getBytes(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(r.body())).isEqualTo("OK");
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        }
    }

    @Test
    void headProbesHaveNoBody() throws Exception {
        HttpResponse<byte[]> r = http1.sendBytes("HEAD", "/-/healthy", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void webUiAtTheRoot() throws Exception {
        // The fleet overview at the root; the push groups and the status page beside it.
        Map<String, String> pages = Map.of("/", "<h1>Fleet</h1>", "/groups", "<h1>Push groups</h1>",
                "/status", "<h2>Flags</h2>");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            HttpResponse<byte[]> r = http1.getBytes(page.getKey());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(TestHttp.text(r.body())).startsWith("<!DOCTYPE html>").contains(page.getValue());
        }
    }

    @Test
    void unknownPathIsAPlainTextNotFound() throws Exception {
        HttpResponse<byte[]> r = http1.getBytes("/no/such/path");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestHttp.text(r.body())).isEqualTo("404 page not found\n");
        HttpResponse<byte[]> post = http1.sendBytes("POST", "/-/healthy", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void h2cByUpgrade() throws Exception {
        HttpResponse<byte[]> r = http2.getBytes("/-/healthy");
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(TestHttp.text(r.body())).isEqualTo("OK");
    }

    private record Got(HttpVersion version, int status, String body) {
    }

    @Test
    void h2cByPriorKnowledge() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            // Read the body inside the same future chain: once the response is handed to another
            // thread, body bytes that arrived in the meantime would be gone.
            Got got = client.request(HttpMethod.GET, ferry.port(), "127.0.0.1", "/-/ready")
                    .compose(HttpClientRequest::send)
                    .compose(response -> response.body()
                            .map(body -> new Got(response.version(), response.statusCode(), body.toString())))
                    .await(10, TimeUnit.SECONDS);
            assertThat(got).isEqualTo(new Got(HttpVersion.HTTP_2, 200, "OK"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void countsAndTimesRequestsByHandler() throws Exception {
        for (int i = 0; i < 3; i++) {
            http1.getBytes("/-/healthy");
        }
        // The end handler runs after the client has its response: poll briefly.
        double count = 0;
        for (int i = 0; i < 100 && count < 3; i++) {
            count = healthyGets();
            Thread.sleep(20);
        }
        assertThat(count).isGreaterThanOrEqualTo(3);
        assertThat(ferry.registry().collect()).extracting(MetricFamily::name)
                .contains("ferry_build_info", "ferry_http_request_duration_seconds", "process_cpu_seconds_total",
                        "process_resident_memory_bytes", "jvm_memory_used_bytes", "jvm_info");
    }

    private static double healthyGets() {
        return ferry.registry().collect().stream()
                .filter(f -> f.name().equals("ferry_http_requests_total"))
                .flatMap(f -> f.metrics().stream())
                .filter(m -> m.labels().equals(Labels.of("handler", "healthy", "code", "200", "method", "get")))
                .mapToDouble(m -> ((ValueMetric) m).value())
                .sum();
    }

    @Test
    void busyPortFailsWithTheAddress() {
        FerryConfig taken = new FerryConfig(new WebConfig(ferry.address()), new StorageConfig(dir.resolve("other")),
                new LogConfig(FerryConfig.DEFAULTS.log().level(), FerryConfig.DEFAULTS.log().format()),
                FerryConfig.DEFAULTS.push());
        assertThatThrownBy(() -> FerryServer.start(taken).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + ferry.port())
                // What tests that start a server on a port chosen in advance retry on.
                .matches(ExternalTool::portTaken, "says the port was taken");
    }

    @Test
    void aFailedStartReleasesWhatItOpened() throws Exception {
        Path storage = dir.resolve("released");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FerryConfig taken = new FerryConfig(new WebConfig(ferry.address()), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
        assertThatThrownBy(() -> FerryServer.start(taken).close()).isInstanceOf(IOException.class);
        // The store's lock is released: the same directory opens again in this JVM.
        try (FerryServer again = FerryServer.start(config(storage))) {
            assertThat(again.port()).isPositive();
        }
        // And no thread the failed start made is left running (threads end shortly after being told).
        List<String> left = List.of();
        for (int i = 0; i < 200; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("ForkJoinPool"))
                    .map(Thread::getName).sorted().toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(left).isEmpty();
    }

    @Test
    void aStepFailingWithAnErrorStillReleasesTheStore() throws Exception {
        // A start creates threads after the store is open; with the process's thread limit reached
        // the JVM throws an Error there, not an IOException.
        Path storage = dir.resolve("error");
        FerryConfig config = config(storage);
        ConfigSource failing = new ConfigSource() {
            @Override
            public FerryConfig load() {
                return config;
            }

            @Override
            public Optional<Path> file() {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
        };
        assertThatThrownBy(() -> FerryServer.start(config, failing).close()).isInstanceOf(OutOfMemoryError.class);
        try (FerryServer again = FerryServer.start(config)) {
            assertThat(again.port()).isPositive();
        }
    }

    // The tests below render /metrics, so they need the exposition writers.
    @Test
    void closeLetsInFlightRequestsFinish() throws Exception {
        FerryServer own = FerryServer.start(config(dir.resolve("drain")));
        CountDownLatch collecting = new CountDownLatch(1);
        // A slow collector keeps a /metrics request in flight (on its worker) while we close.
        own.registry().register(() -> {
            collecting.countDown();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        TestHttp ownHttp = TestHttp.local(own.port());
        CompletableFuture<HttpResponse<String>> inFlight = ownHttp.sendAsync(ownHttp.request("/metrics").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(collecting.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        own.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FerryServer.SHUTDOWN_GRACE.plusSeconds(2));
        HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ferry_build_info");
        assertThatThrownBy(() -> ownHttp.send(ownHttp.request("/metrics").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void metricsAsText() throws Exception {
        HttpResponse<byte[]> r = http1.getBytes("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(ExpositionFormat.PROMETHEUS_TEXT.contentType());
        assertThat(TestHttp.text(r.body())).contains("# TYPE ferry_build_info gauge", "ferry_build_info{version=\"",
                "# HELP process_cpu_seconds_total ", "jvm_memory_used_bytes{area=\"heap\"}");
    }

    @Test
    void metricsOverHttp2() throws Exception {
        HttpResponse<byte[]> r = http2.getBytes("/metrics");
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestHttp.text(r.body())).contains("ferry_build_info");
    }

    @Test
    void metricsAsOpenMetrics() throws Exception {
        HttpResponse<byte[]> r = http1.getBytes("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(ExpositionFormat.OPENMETRICS.contentType());
        assertThat(TestHttp.text(r.body())).contains("ferry_build_info").endsWith("# EOF\n");
    }

    @Test
    void metricsAsProtobuf() throws Exception {
        http1.getBytes("/-/healthy", "Accept", "*/*"); // so that ferry_http_requests_total has a series
        HttpResponse<byte[]> r = http1.getBytes("/metrics", "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(ExpositionFormat.PROTOBUF.contentType());
        List<String> names = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(r.body())) {
            ClientModel.MetricFamily f;
            while ((f = ClientModel.MetricFamily.parseDelimitedFrom(in)) != null) {
                names.add(f.getName());
            }
        }
        assertThat(names).contains("ferry_build_info", "ferry_http_requests_total");
    }

    @Test
    void metricsGzipped() throws Exception {
        HttpResponse<byte[]> r = http1.getBytes("/metrics", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("ferry_build_info");
        }
    }

    @Test
    void promtoolAcceptsTheServedText() throws Exception {
        Promtool.requireAvailable();
        http1.getBytes("/-/healthy"); // so the labelled HTTP series exist
        HttpResponse<byte[]> r = http1.getBytes("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        Path served = Files.write(dir.resolve("served.txt"), r.body());
        Promtool.Result result = Promtool.checkMetrics(served);
        assertThat(result.exitCode()).as("promtool check metrics said:\n%s", result.output()).isZero();
    }
}
