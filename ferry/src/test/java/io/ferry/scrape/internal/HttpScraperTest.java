package io.ferry.scrape.internal;

import com.sun.net.httpserver.HttpServer;
import io.ferry.http.Http11Client;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeBody;
import io.ferry.scrape.ScrapeSource;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.DefaultRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** One target over real HTTP: headers sent, gzip, media types, limits and failures, hostile bodies. */
class HttpScraperTest {
    private static final int MIB = 1 << 20;
    /** 16 GiB of newlines in 16 MB: 2,048 gzip members of 8 MiB each; parsing it all takes far longer than a test. */
    private static final byte[] BOMB = repeat(gzip((byte) '\n', 8 * MIB), 2048);
    /** 8 MiB of newlines in one gzip member of about 8 KB. */
    private static final byte[] EIGHT_MIB = gzip((byte) '\n', 8 * MIB);
    /** 100,000 empty gzip members: 2 MB that decompress to nothing. */
    private static final byte[] EMPTY_MEMBERS = repeat(gzip((byte) 0, 0), 100_000);

    private HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Http11Client client = Http11Client.direct(Duration.ofSeconds(10), true);
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Counter.Child tooLarge = new DefaultRegistry().counter("too_large_total", "Too large.").labels();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/text", x -> {
            x.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.getFirst()));
            reply(x, 200, "text/plain; version=0.0.4", "a 1\nb 2\n".getBytes(StandardCharsets.UTF_8), null);
        });
        server.createContext("/gzip", x -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
                z.write("a 1\n".getBytes(StandardCharsets.UTF_8));
                z.write("# TYPE c counter\nc_total 3\n".getBytes(StandardCharsets.UTF_8));
            }
            reply(x, 200, "text/plain", zipped.toByteArray(), "gzip");
        });
        server.createContext("/openmetrics", x -> reply(x, 200, "application/openmetrics-text; version=1.0.0",
                "# TYPE c counter\nc_total 3\n# EOF\n".getBytes(StandardCharsets.UTF_8), null));
        server.createContext("/repeats", x -> reply(x, 200, "text/plain; version=0.0.4",
                "a{x=\"1\"} 1\na{x=\"1\"} 2\n".getBytes(StandardCharsets.UTF_8), null));
        server.createContext("/big", x -> reply(x, 200, "text/plain", "a 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8), null));
        server.createContext("/error", x -> reply(x, 503, "text/plain", "down\n".getBytes(StandardCharsets.UTF_8), null));
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(x, 200, "text/plain", "a 1\n".getBytes(StandardCharsets.UTF_8), null);
        });
        server.createContext("/bomb", x -> reply(x, 200, "text/plain", BOMB, "gzip"));
        server.createContext("/eight-mib", x -> reply(x, 200, "text/plain", EIGHT_MIB, "gzip"));
        server.createContext("/empty-members", x -> reply(x, 200, "text/plain", EMPTY_MEMBERS, "gzip"));
        server.createContext("/endless", x -> {
            // Chunked, without end: until the client goes, or 256 MiB so a test that fails still ends.
            x.sendResponseHeaders(200, 0);
            byte[] block = "a 1\n".repeat(16 << 10).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = x.getResponseBody()) {
                for (int sent = 0; sent < 256 * MIB; sent += block.length) {
                    out.write(block);
                }
            } catch (java.io.IOException gone) {
                // the client stopped reading: what the test wants
            }
        });
        server.createContext("/trickle", x -> {
            // A line every 50 ms for 10 s: the headers come at once, the body never seems to end.
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 200; i++) {
                    out.write(("t" + i + " 1\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (java.io.IOException | InterruptedException gone) {
                // the client stopped reading
            }
        });
        server.setExecutor(handlers);
        server.start();
    }

    /** {@code size} bytes of {@code fill}, gzipped a mebibyte at a time. */
    private static byte[] gzip(byte fill, int size) {
        byte[] block = new byte[Math.min(size, MIB)];
        java.util.Arrays.fill(block, fill);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            for (int written = 0; written < size; written += block.length) {
                z.write(block);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return zipped.toByteArray();
    }

    private static byte[] repeat(byte[] member, int times) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(member.length * times);
        for (int i = 0; i < times; i++) {
            all.writeBytes(member);
        }
        return all.toByteArray();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String type, byte[] body, String encoding)
            throws java.io.IOException {
        x.getResponseHeaders().add("Content-Type", type);
        if (encoding != null) {
            x.getResponseHeaders().add("Content-Encoding", encoding);
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
        client.close();
    }

    private List<MetricFamily> scrape(String path, Duration timeout, long bodyLimit) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        HttpScraper s = new HttpScraper(client, url, timeout, "Ferry/test", bodyLimit, 0, () -> "Bearer t0ken", tooLarge);
        return s.scrape(System.nanoTime() + timeout.toNanos());
    }

    @Test
    void sendsPrometheusHeadersAndParsesText() throws Exception {
        assertThat(scrape("/text", Duration.ofSeconds(5), 0)).extracting(MetricFamily::name).containsExactly("a", "b");
        assertThat(seen).containsEntry("accept", ScrapeBody.ACCEPT).containsEntry("accept-encoding", "gzip")
                .containsEntry("user-agent", "Ferry/test").containsEntry("x-prometheus-scrape-timeout-seconds", "5")
                .containsEntry("authorization", "Bearer t0ken");
    }

    @Test
    void decodesGzipAndChoosesTheParserByMediaType() throws Exception {
        assertThat(scrape("/gzip", Duration.ofSeconds(5), 0)).extracting(MetricFamily::name).containsExactly("a", "c_total");
        assertThat(scrape("/openmetrics", Duration.ofSeconds(5), 0)).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("c_total"));
    }

    @Test
    void aBodyThatRepeatsASeriesIsNotLost() throws Exception {
        // The recorder keeps the first sample and counts the rest, as Prometheus does.
        assertThat(scrape("/repeats", Duration.ofSeconds(5), 0)).singleElement()
                .satisfies(f -> assertThat(f.metrics()).hasSize(2));
    }

    @Test
    void failuresSayWhy() {
        assertThatThrownBy(() -> scrape("/error", Duration.ofSeconds(5), 0)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("server returned HTTP status 503");
        assertThatThrownBy(() -> scrape("/big", Duration.ofSeconds(5), 1000)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessageContaining("body size limit exceeded").hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> scrape("/slow", Duration.ofMillis(300), 0)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("scrape timed out after 300ms");
        assertThatThrownBy(() -> new HttpScraper(client, URI.create("http://127.0.0.1:1/metrics"), Duration.ofSeconds(2),
                "Ferry/test", 0, 0, ScrapeBody.Credentials.NONE, tooLarge).scrape(System.nanoTime() + 2_000_000_000L))
                .isInstanceOf(ScrapeSource.ScrapeException.class).hasMessageStartingWith("Get \"http://127.0.0.1:1/metrics\": ");
    }

    @Test
    void networkFailuresNameTheCauseNotAClass() throws Exception {
        assertThatThrownBy(() -> new HttpScraper(client, URI.create("http://127.0.0.1:1/metrics"), Duration.ofSeconds(5),
                "Ferry/test", 0, 0, ScrapeBody.Credentials.NONE, tooLarge).scrape(System.nanoTime() + 5_000_000_000L))
                .hasMessage("Get \"http://127.0.0.1:1/metrics\": connection refused");
        // A plain-HTTP server answering a TLS hello with an HTTP error, as most do.
        assertThat(tlsScrapeOfPlainHttp(c -> c.getOutputStream().write(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes())))
                .endsWith(": TLS handshake failed: the server did not answer in TLS (is it plain HTTP?)");
        // One that reads the hello and closes without a word, as Python's http.server does.
        assertThat(tlsScrapeOfPlainHttp(c -> c.getInputStream().read(new byte[4096])))
                .endsWith(": TLS handshake failed: the server closed the connection in the TLS handshake (is it plain HTTP?)");
    }

    private interface Answer {
        void to(java.net.Socket connection) throws IOException;
    }

    /** The error of an https scrape of a server that answers its one connection with {@code answer}. */
    private String tlsScrapeOfPlainHttp(Answer answer) throws Exception {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket c = plain.accept()) {
                    answer.to(c);
                } catch (IOException e) {
                    // the test fails on the message instead
                }
            });
            URI tlsToPlain = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/metrics");
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> new HttpScraper(client, tlsToPlain,
                    Duration.ofSeconds(5), "Ferry/test", 0, 0, ScrapeBody.Credentials.NONE, tooLarge)
                    .scrape(System.nanoTime() + 5_000_000_000L));
            assertThat(thrown).isInstanceOf(ScrapeSource.ScrapeException.class);
            assertThat(thrown.getMessage()).startsWith("Get \"" + tlsToPlain + "\": ");
            return thrown.getMessage();
        }
    }

    /** Runs {@code scrape} on a virtual thread, as a scrape loop does; what it throws, or null. */
    private static Throwable onScrapeThread(Callable<?> scrape) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread.ofVirtual().start(() -> {
            try {
                scrape.call();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }).join();
        return thrown[0];
    }

    @Test
    void theTimeoutCoversDecompressingAndParsing() {
        // 16 MB arrive at once; before the deadline covered the parser, its 16 GiB ran on long past it.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> scrape("/bomb", Duration.ofMillis(500), 0))
                        .isInstanceOf(ScrapeSource.ScrapeException.class)
                        .hasMessage("scrape timed out after 500ms"));
    }

    @Test
    void theBodySizeLimitCountsDecompressedBytesAndSaysSoAsForAnyBody() {
        assertThatThrownBy(() -> scrape("/eight-mib", Duration.ofSeconds(5), MIB))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("body size limit exceeded: the body is larger than 1048576 bytes");
        assertThat(tooLarge.value()).isEqualTo(1);
    }

    @Test
    void anEndlessBodyEndsAtTheLimit() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> scrape("/endless", Duration.ofSeconds(20), MIB))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("body size limit exceeded: the body is larger than 1048576 bytes");
        assertThat(tooLarge.value()).isEqualTo(1);
        // The server sends 256 MiB at most: stopping at the limit is what ended it this soon.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aBodyThatTricklesEndsAtTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> scrape("/trickle", Duration.ofMillis(500), 0))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("scrape timed out after 500ms");
        // The body trickles for 10 s: the timeout, not its end, stopped the scrape.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aBodyOfManyEmptyGzipMembersIsReadOnAScrapeThread() throws Exception {
        // The JDK's gzip reader takes each further member in a nested call: 100,000 overflowed the
        // stack of the scrape's virtual thread, which ended the loop.
        assertThat(onScrapeThread(() -> scrape("/empty-members", Duration.ofSeconds(5), 0))).isNull();
    }
}
