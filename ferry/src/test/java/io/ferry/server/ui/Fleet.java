package io.ferry.server.ui;

import com.sun.net.httpserver.HttpServer;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.config.ListenAddress;
import io.ferry.server.FerryServer;
import io.ferry.server.TestTarget;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestHttp;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.ClientLabels;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelClientService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running Ferry with a producer of every route and every health, for the browser tests:
 * <ul>
 *   <li>scrape job {@code app}: a live target and a dead one (nothing listens on its port), every second;</li>
 *   <li>push groups: {@code backup/nas-01} (rule: every 1h), {@code backup/nas-02} expected and never
 *       pushed, {@code nightly/etl-host} late (rule: every 1s, pushed once), {@code heartbeat/worker-1}
 *       pushed every second (rule: every 2s), and five {@code etl-2026120N} jobs, a rotating name family;</li>
 *   <li>the tunnel proxy, with the client {@code site-a-gw} polling it;</li>
 *   <li>StatsD producers {@code web-1} and {@code web-2} sending every second, {@code web-3} expected and silent;</li>
 *   <li>the OTLP service {@code checkout} (instance {@code checkout-1}) exporting OTLP/HTTP JSON every second;</li>
 *   <li>remote write to an in-process receiver that takes everything, and to one that refuses everything (400).</li>
 * </ul>
 * Reading needs a token ({@code auth.read: token}): {@link #OPERATOR} may also delete any job,
 * {@link #VIEWER} may only read.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.start(dir)) {
 *     page.visit(fleet.url("/groups"));
 * }
 * }</pre>
 *
 * <p>Not thread-safe; a test class starts one and closes it, which stops everything it started.
 */
final class Fleet implements AutoCloseable {
    static final String OPERATOR = "operator-secret";
    static final String VIEWER = "viewer-secret";
    private static final String PUSHER = "pusher-secret";
    private static final String OTEL = "otel-secret";
    static final String TUNNEL_FQDN = "site-a-gw";
    /** How often the StatsD and OTLP producers send. */
    private static final int FLUSH_SECONDS = 3;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final ScheduledExecutorService producers = Executors.newSingleThreadScheduledExecutor();
    private TestTarget liveTarget;
    private int deadTargetPort;
    private HttpServer refusing;
    private FerryServer ferry;
    private TestHttp http;

    private Fleet() {
    }

    /** Starts everything; the pushes of the fixed groups are answered before it returns. */
    static Fleet start(Path dir) throws Exception {
        Fleet fleet = new Fleet();
        try {
            fleet.startAll(dir);
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    private void startAll(Path dir) throws Exception {
        liveTarget = keep(new TestTarget("127.0.0.1", n -> """
                # HELP app_requests_total Requests served.
                # TYPE app_requests_total counter
                app_requests_total %d
                """.formatted(n)));
        deadTargetPort = ExternalTool.freeLoopbackPort();
        HttpServer accepting = receiver(204);
        refusing = receiver(400);
        Path file = Files.writeString(dir.resolve("ferry.yml"), config(accepting));
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null, null,
                null);
        ConfigSource source = ConfigSource.of(file, c -> {
            var f = flags.applyTo(c);
            return f.withOtlp(f.otlp().withListeners("", ""));
        });
        ferry = keep(FerryServer.start(source.load(), source));
        http = TestHttp.local(ferry.port());

        push("/metrics/job/backup/instance/nas-01", """
                # HELP backup_bytes Bytes the last backup wrote.
                # TYPE backup_bytes gauge
                backup_bytes{volume="home"} 1.2e+09
                backup_bytes{volume="media"} 3.4e+10
                # HELP backup_files_total Files the backups copied.
                # TYPE backup_files_total counter
                backup_files_total 81234
                """);
        push("/metrics/job/nightly/instance/etl-host", "# TYPE nightly_rows gauge\nnightly_rows 1200\n");
        for (int day = 1; day <= 5; day++) {
            push("/metrics/job/etl-2026120" + day, "etl_rows " + day * 100 + "\n");
        }

        Path token = Files.writeString(dir.resolve("tunnel.token"), "site-a-secret\n");
        TunnelClientOptions tunnel = TunnelClientOptions.of(URI.create(url("/")), List.of(TUNNEL_FQDN),
                        new AllowList(List.of(), true))
                .withTokenFile(token).withLabels(ClientLabels.of(Map.of("site", "a")))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(400));
        keep(TunnelClientService.start(tunnel, dir, new DefaultRegistry()));

        InetSocketAddress statsd = ferry.statsd().orElseThrow().udpAddress().orElseThrow();
        DatagramChannel udp = keep(DatagramChannel.open());
        // The heartbeat group pushes every second; the StatsD and OTLP producers flush every three
        // seconds, as clients do (StatsD's and OTLP's liveness tell sends apart by the pause between them).
        every(1, () -> push("/metrics/job/heartbeat/instance/worker-1", "heartbeat_runs_total 1\n"));
        every(FLUSH_SECONDS, () -> {
            for (String p : List.of("web-1", "web-2")) {
                udp.send(ByteBuffer.wrap(("requests:1|c|#instance:" + p).getBytes(StandardCharsets.UTF_8)), statsd);
            }
            exportOtlp();
        });
    }

    private String config(HttpServer accepting) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ["%s", "127.0.0.1:%d"]
                        labels: {team: web}
                    relabel_configs:
                      - {target_label: env, replacement: test}
                remote_write:
                  - name: accepting
                    url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                  - name: refusing
                    url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                push:
                  liveness:
                    - {match: {job: backup}, every: 1h, grace: 5m}
                    - {match: {job: nightly}, every: 1s}
                    - {match: {job: heartbeat}, every: 2s, grace: 2s}
                  expect:
                    - {job: backup, instance: nas-02}
                tunnel: {enabled: true}
                statsd:
                  listen_udp: 127.0.0.1:0
                  listen_tcp: ""
                  producers: {label: instance, every: %ds, grace: %ds, expect: [web-3]}
                auth:
                  read: token
                  tokens:
                    - {name: pusher, token: %s, jobs: ["*"], actions: [push]}
                    - {name: operator, token: %s, jobs: ["*"], actions: [read, delete]}
                    - {name: viewer, token: %s, actions: [read]}
                    - {name: site-a, token: site-a-secret, fqdns: ["site-a-*"], actions: [tunnel]}
                    - {name: otel, token: %s, services: ["*"], actions: [otlp]}
                """.formatted(liveTarget.address(), deadTargetPort, accepting.getAddress().getPort(),
                refusing.getAddress().getPort(), FLUSH_SECONDS, FLUSH_SECONDS, PUSHER, OPERATOR, VIEWER, OTEL);
    }

    /** A remote-write receiver that answers every write with {@code status}, and says why when it refuses. */
    private HttpServer receiver(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] why = status < 300 ? new byte[0] : "this receiver refuses every write\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/api/v1/write", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                x.sendResponseHeaders(status, why.length == 0 ? -1 : why.length);
                x.getResponseBody().write(why);
            }
        });
        server.start();
        running.add(() -> server.stop(0));
        return server;
    }

    /** Something a producer sends. */
    private interface Send {
        void run() throws Exception;
    }

    /** Runs {@code send} now and every {@code seconds} until {@link #close}. */
    private void every(int seconds, Send send) {
        producers.scheduleWithFixedDelay(() -> {
            try {
                send.run();
            } catch (Exception e) {
                // Shown by the pages as the producer going late; the next round tries again.
            }
        }, 0, seconds, TimeUnit.SECONDS);
    }

    private void push(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send("PUT", path, body, "Authorization", "Bearer " + PUSHER);
        if (r.statusCode() != 200) {
            throw new IOException("PUT " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    private void exportOtlp() throws IOException, InterruptedException {
        String now = Long.toString(System.currentTimeMillis() * 1_000_000L);
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"checkout"}},
                  {"key":"service.instance.id","value":{"stringValue":"checkout-1"}}]},
                 "scopeMetrics":[{"scope":{"name":"shop"},"metrics":[{"name":"orders_open","unit":"1",
                   "gauge":{"dataPoints":[{"asDouble":7,"timeUnixNano":"%s"}]}}]}]}]}
                """.formatted(now);
        http.send("POST", "/v1/metrics", body, "Content-Type", "application/json", "Authorization", "Bearer " + OTEL);
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        running.add(closeable);
        return closeable;
    }

    /** {@code path} on Ferry's HTTP port, such as {@code http://127.0.0.1:4711/groups}. */
    String url(String path) {
        return http.base() + path;
    }

    TestHttp http() {
        return http;
    }

    /** The live scrape target's address ({@code host:port}); {@link #stopLiveTarget} makes it dead. */
    String liveTarget() {
        return liveTarget.address();
    }

    String deadTarget() {
        return "127.0.0.1:" + deadTargetPort;
    }

    /** The URL of the remote-write receiver that refuses every write. */
    String refusingReceiver() {
        return "http://127.0.0.1:" + refusing.getAddress().getPort() + "/api/v1/write";
    }

    void stopLiveTarget() {
        liveTarget.close();
    }

    @Override
    public void close() {
        producers.shutdownNow();
        for (AutoCloseable c : running.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // Stopping the rest matters more.
            }
        }
    }
}
