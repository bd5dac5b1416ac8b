package io.ferry.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RemoteWriteSender} against a scripted loopback receiver (the JDK's own HTTP server): the
 * headers it sends and how it classifies and retries each kind of answer. The real receiver,
 * Prometheus, is in {@code RemoteWritePrometheusIT}.
 */
class RemoteWriteSenderTest {
    /** One scripted answer: status, headers, body. */
    private record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    /** What the receiver saw of one request. */
    private record Seen(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final byte[] BODY = "not really snappy".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private RemoteWriteEndpoint endpoint;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/v1/write", this::answer);
        server.start();
        endpoint = RemoteWriteEndpoint.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write"))
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
                .withTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Seen(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
        Answer a = script.poll();
        if (a == null) {
            a = Answer.of(204);
        }
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Test
    void sendsTheSpecHeadersAndTheBody() throws Exception {
        try (RemoteWriteSender sender = new RemoteWriteSender(endpoint.withUserAgent("Ferry/9.9").withBearerToken("t0k"))) {
            SendResult r = sender.send(BODY, 10);
            assertThat(r.sent()).isTrue();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.attempts()).isEqualTo(1);
        }
        Seen s = seen.get(0);
        assertThat(s.body()).isEqualTo(java.util.Arrays.copyOf(BODY, 10));
        assertThat(s.header("Content-Encoding")).isEqualTo("snappy");
        assertThat(s.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(s.header("User-Agent")).isEqualTo("Ferry/9.9");
        assertThat(s.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
        assertThat(s.header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(s.header("Retry-Attempt")).isNull();
    }

    @Test
    void basicAuthIsEncodedAndHiddenFromToString() throws Exception {
        RemoteWriteEndpoint basic = endpoint.withBasicAuth("ferry", "s3cret:ü");
        try (RemoteWriteSender sender = new RemoteWriteSender(basic)) {
            assertThat(sender.send(BODY, BODY.length).sent()).isTrue();
        }
        String expected = java.util.Base64.getEncoder().encodeToString("ferry:s3cret:ü".getBytes(StandardCharsets.UTF_8));
        assertThat(seen.get(0).header("Authorization")).isEqualTo("Basic " + expected);
        assertThat(basic.toString()).doesNotContain(expected).contains("Basic <secret>");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilSent() throws Exception {
        script.add(new Answer(503, Map.of(), "overloaded"));
        script.add(Answer.of(500));
        try (RemoteWriteSender sender = new RemoteWriteSender(endpoint)) {
            SendResult r = sender.send(BODY, BODY.length);
            assertThat(r.sent()).isTrue();
            assertThat(r.attempts()).isEqualTo(3);
        }
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).header("Retry-Attempt")).isNull();
        assertThat(seen.get(1).header("Retry-Attempt")).isEqualTo("1");
        assertThat(seen.get(2).header("Retry-Attempt")).isEqualTo("2");
    }

    @Test
    void clientErrorsAreRejectedAtOnceWithTheBodyForTheLog() throws Exception {
        for (int status : new int[] {400, 401, 403, 404, 409, 413, 415, 429, 301}) {
            script.add(new Answer(status, Map.of("Retry-After", "0", "Location", "/x"), "why " + status));
            try (RemoteWriteSender sender = new RemoteWriteSender(endpoint)) {
                SendResult r = sender.send(BODY, BODY.length);
                assertThat(r.outcome()).as("status %d", status).isEqualTo(SendResult.Outcome.REJECTED);
                assertThat(r.status()).isEqualTo(status);
                assertThat(r.attempts()).isEqualTo(1);
                assertThat(r.detail()).isEqualTo("why " + status);
            }
        }
        assertThat(seen).hasSize(9);
    }

    @Test
    void tooManyRequestsIsRetriedOnlyWhenEnabledAndHonoursRetryAfter() throws Exception {
        script.add(new Answer(429, Map.of("Retry-After", "1"), ""));
        try (RemoteWriteSender sender = new RemoteWriteSender(endpoint.withRetryOn429(true))) {
            SendResult first = sender.attempt(BODY, BODY.length, 0);
            assertThat(first.outcome()).isEqualTo(SendResult.Outcome.RETRYABLE);
            assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(1));

            script.add(new Answer(429, Map.of("Retry-After", "1"), ""));
            long start = System.nanoTime();
            SendResult r = sender.send(BODY, BODY.length);
            assertThat(r.sent()).isTrue();
            assertThat(r.attempts()).isEqualTo(2);
            // The receiver's advice (1 s) replaced the 1 ms backoff; a lower bound cannot flake.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void noResponseIsRetryable() throws Exception {
        int closedPort = ExternalTool.freeLoopbackPort();
        RemoteWriteEndpoint nowhere = RemoteWriteEndpoint.of(URI.create("http://127.0.0.1:" + closedPort + "/api/v1/write"))
                .withTimeout(Duration.ofSeconds(5));
        try (RemoteWriteSender sender = new RemoteWriteSender(nowhere)) {
            SendResult r = sender.attempt(BODY, BODY.length, 0);
            assertThat(r.outcome()).isEqualTo(SendResult.Outcome.RETRYABLE);
            assertThat(r.status()).isZero();
            // In words a person can act on, as a scrape's last error says it; not a class name.
            assertThat(r.detail()).isEqualTo("connection refused");
        }
    }

    @Test
    void closeEndsARetryLoop() throws Exception {
        for (int i = 0; i < 1000; i++) {
            script.add(new Answer(503, Map.of("Retry-After", "3600"), ""));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (RemoteWriteSender sender = new RemoteWriteSender(endpoint)) {
            Future<SendResult> pending = pool.submit(() -> sender.send(BODY, BODY.length));
            for (int i = 0; i < 500 && seen.isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertThat(seen).isNotEmpty();
            sender.close();
            SendResult r = pending.get(10, TimeUnit.SECONDS);
            assertThat(r.outcome()).isEqualTo(SendResult.Outcome.RETRYABLE);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.retryAfter()).isEqualTo(Duration.ofHours(1));
        } finally {
            pool.shutdownNow();
        }
    }
}
