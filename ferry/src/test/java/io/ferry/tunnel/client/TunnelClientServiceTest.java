package io.ferry.tunnel.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a stub proxy that answers polls from a script (and 204 when the script is
 * empty, as a renewal) and keeps what is pushed; the wire itself is Ferry's codec. The real proxy is
 * in {@code TunnelClientProxyIT}.
 */
class TunnelClientServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What a poll is answered with. */
    record Answer(int status, byte[] body) {
    }

    /** A poll as the stub saw it. */
    record Poll(String body, Headers headers) {
    }

    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pushes = new LinkedBlockingQueue<>();
    /** Each poll's arrival and answer, in order. */
    private final List<Served> served = new CopyOnWriteArrayList<>();

    record Served(long arrivedNanos, int status, long answeredNanos) {
    }

    private HttpServer proxy;
    private HttpServer target;
    private DefaultRegistry registry;
    private TunnelClientService client;
    private byte[] gzipped;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        proxy.createContext("/poll", ex -> {
            try (ex) {
                long arrived = System.nanoTime();
                polls.add(new Poll(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), ex.getRequestHeaders()));
                Answer a = answers.poll(100, TimeUnit.MILLISECONDS);
                a = a == null ? new Answer(204, new byte[0]) : a;
                answer(ex, a);
                served.add(new Served(arrived, a.status(), System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.createContext("/push", ex -> {
            try (ex) {
                pushes.add(ex.getRequestBody().readAllBytes());
                answer(ex, new Answer(200, new byte[0]));
            }
        });
        proxy.start();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(b)) {
            gz.write("up_behind_nat 1\n".getBytes(StandardCharsets.UTF_8));
        }
        gzipped = b.toByteArray();
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/metrics", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                ex.getResponseHeaders().set("X-Seen-Accept-Encoding", String.valueOf(ex.getRequestHeaders().getFirst("Accept-Encoding")));
                ex.sendResponseHeaders(200, gzipped.length);
                ex.getResponseBody().write(gzipped);
            }
        });
        target.start();
        registry = new DefaultRegistry();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        proxy.stop(0);
        target.stop(0);
    }

    private static void answer(HttpExchange ex, Answer a) throws IOException {
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            ex.getResponseBody().write(a.body());
        }
    }

    private TunnelClientOptions options(String... targets) {
        return TunnelClientOptions.of(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()), List.of("gw"),
                        new AllowList(List.of(targets).stream().map(TunnelTarget::parse).toList(), false))
                .withRetry(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    private int targetPort() {
        return target.getAddress().getPort();
    }

    private static byte[] scrape(String url, String id) {
        return new ScrapeRequest("GET", URI.create(url), HeaderFields.of("Accept-Encoding", "gzip",
                TunnelHeaders.ID, id, TunnelHeaders.SCRAPE_TIMEOUT_SECONDS, "10")).toProxyForm();
    }

    private RelayedResponse nextPush() throws Exception {
        byte[] b = pushes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(b).as("a push").isNotNull();
        return RelayedResponse.parse(b, 0, b.length, 1 << 20);
    }

    private double value(String name, String... labels) {
        for (MetricFamily f : registry.collect()) {
            if (f.name().equals(name)) {
                return f.metrics().stream()
                        .filter(m -> {
                            for (int i = 0; i < labels.length; i += 2) {
                                if (!labels[i + 1].equals(m.labels().get(labels[i]))) {
                                    return false;
                                }
                            }
                            return true;
                        })
                        .mapToDouble(m -> ((ValueMetric) m).value()).sum();
            }
        }
        throw new AssertionError("no family " + name);
    }

    @Test
    void aScrapeGoesThroughWithItsGzipBodyAsItCameAndThePollSaysWhoAsks() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first\n");
        client = TunnelClientService.start(options("http://127.0.0.1:" + targetPort() + "/metrics")
                .withTokenFile(token).withLabels(ClientLabels.of(Map.of("site", "a"))), dir, registry);
        answers.add(new Answer(200, scrape("http://gw:" + targetPort() + "/metrics", "id-1")));

        RelayedResponse pushed = nextPush();
        assertThat(pushed.status()).isEqualTo(200);
        assertThat(pushed.body()).isEqualTo(gzipped);
        assertThat(pushed.header("Content-Encoding")).contains("gzip");
        assertThat(pushed.header("X-Seen-Accept-Encoding")).contains("gzip");
        assertThat(pushed.header(TunnelHeaders.ID)).contains("id-1");
        assertThat(Double.parseDouble(pushed.header(TunnelHeaders.PUSHED_SCRAPE_TIMEOUT).orElseThrow())).isBetween(0.0, 10.0);

        Poll first = polls.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.body()).isEqualTo("gw");
        assertThat(first.headers().getFirst("Content-Type")).isEmpty();
        assertThat(first.headers().getFirst(TunnelHeaders.POLL_RENEW_SECONDS)).isEqualTo("30");
        assertThat(first.headers().getFirst(TunnelHeaders.CLIENT_LABELS)).isEqualTo("{\"site\":\"a\"}");
        assertThat(first.headers().getFirst(TunnelHeaders.CLIENT_TARGETS)).isEqualTo(targetPort() + "/metrics");
        assertThat(first.headers().getFirst("Authorization")).isEqualTo("Bearer first");

        // The token file is read at each poll: a rotated token is sent without a restart.
        Files.writeString(token, "second\n");
        polls.clear();
        Poll later;
        do {
            later = polls.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(later).as("another poll").isNotNull();
        } while (!"Bearer second".equals(later.headers().getFirst("Authorization")));
        assertThat(value("ferry_tunnel_client_scrapes_total", "fqdn", "gw", "result", "success")).isEqualTo(1);
        assertThat(value("ferry_tunnel_client_connected", "fqdn", "gw")).isEqualTo(1);
        assertThat(value("ferry_tunnel_client_poll_renewals_total", "fqdn", "gw")).isPositive();
    }

    @Test
    void aScrapeOutsideTheAllowListIsAnswered403AndAFailedOne500WithPushProxsText() throws Exception {
        int closed = closedPort();
        client = TunnelClientService.start(options("http://127.0.0.1:" + targetPort() + "/metrics",
                "http://127.0.0.1:" + closed + "/metrics"), dir, registry);
        answers.add(new Answer(200, scrape("http://gw:22/", "id-2")));
        RelayedResponse refused = nextPush();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).startsWith("target not allowed: gw:22/ is not in this client's targets");
        assertThat(refused.header(TunnelHeaders.ID)).contains("id-2");

        String url = "http://gw:" + closed + "/metrics";
        answers.add(new Answer(200, scrape(url, "id-3")));
        RelayedResponse failed = nextPush();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(new String(failed.body(), StandardCharsets.UTF_8)).startsWith("failed to scrape " + url + ": ");
        assertThat(value("ferry_tunnel_client_scrapes_total", "fqdn", "gw", "result", "refused")).isEqualTo(1);
        assertThat(value("ferry_tunnel_client_scrapes_total", "fqdn", "gw", "result", "failed")).isEqualTo(1);
        assertThat(value("pushprox_client_scrape_errors_total")).isEqualTo(1);
    }

    @Test
    void aLoadBalancersHtmlPageIsAPollErrorWithABackoffNotAParseCrash() throws Exception {
        client = TunnelClientService.start(options("http://127.0.0.1:" + targetPort() + "/metrics"), dir, registry);
        byte[] page = "<!DOCTYPE html><html><body>504 Gateway Time-out</body></html>".getBytes(StandardCharsets.UTF_8);
        answers.add(new Answer(504, page));
        answers.add(new Answer(401, "no token".getBytes(StandardCharsets.UTF_8)));
        // Both errors are counted by reason, and polling goes on: a scrape after them still goes through.
        answers.add(new Answer(200, scrape("http://gw:" + targetPort() + "/metrics", "id-4")));
        assertThat(nextPush().status()).isEqualTo(200);
        assertThat(value("ferry_tunnel_client_poll_failures_total", "fqdn", "gw", "reason", "status")).isEqualTo(1);
        assertThat(value("ferry_tunnel_client_poll_failures_total", "fqdn", "gw", "reason", "refused")).isEqualTo(1);
        assertThat(value("pushprox_client_poll_errors_total")).isEqualTo(2);
        // A 200 whose body is no request is an error too.
        answers.add(new Answer(200, page));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (value("ferry_tunnel_client_poll_failures_total", "fqdn", "gw", "reason", "bad_answer") < 1) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aTokenWithALineBreakInsideIsACredentialsFailureAndNothingIsSent() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first\nEvil: 1\n");
        client = TunnelClientService.start(options("http://127.0.0.1:" + targetPort() + "/metrics").withTokenFile(token),
                dir, registry);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (value("ferry_tunnel_client_poll_failures_total", "fqdn", "gw", "reason", "credentials") < 1) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(served).isEmpty();
    }

    @Test
    void afterAFailedPollTheNextWaitsForTheBackoff() throws Exception {
        client = TunnelClientService.start(options("http://127.0.0.1:" + targetPort() + "/metrics"), dir, registry);
        answers.add(new Answer(502, new byte[0]));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            List<Served> s = List.copyOf(served);
            int failed = s.stream().map(Served::status).toList().indexOf(502);
            if (failed >= 0 && failed + 1 < s.size()) {
                // At least half the initial wait (400 ms, jittered by half either way) passes before the next poll.
                assertThat(Duration.ofNanos(s.get(failed + 1).arrivedNanos() - s.get(failed).answeredNanos()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
                // After a renewal, the next poll is not held back.
                assertThat(s.get(failed + 1).status()).isEqualTo(204);
                break;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void closeEndsAPollHeldByTheProxyWithinTheStopTimeout() throws Exception {
        HttpServer holding = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        holding.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        holding.createContext("/poll", ex -> {
            polls.add(new Poll("", ex.getRequestHeaders()));
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        holding.start();
        try {
            client = TunnelClientService.start(TunnelClientOptions.of(URI.create("http://127.0.0.1:"
                    + holding.getAddress().getPort()), List.of("gw"), new AllowList(List.of(), true)), dir, registry);
            assertThat(polls.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            long start = System.nanoTime();
            client.close();
            client = null;
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TunnelClientService.STOP_TIMEOUT.plusSeconds(2));
            assertThat(value("ferry_tunnel_client_connected", "fqdn", "gw")).isZero();
        } finally {
            holding.stop(0);
        }
    }

    /** A loopback port nothing listens on (as far as a test can tell). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
