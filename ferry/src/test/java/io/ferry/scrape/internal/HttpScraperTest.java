package io.ferry.scrape.internal;

import com.sun.net.httpserver.HttpServer;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One target over real HTTP: headers sent, gzip, media types, limits and failures. */
class HttpScraperTest {
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, String> seen = new ConcurrentHashMap<>();

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
        server.start();
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
        client.close();
    }

    private List<MetricFamily> scrape(String path, Duration timeout, long bodyLimit) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        HttpScraper s = new HttpScraper(client, url, timeout, "Ferry/test", bodyLimit, 0, () -> "Bearer t0ken");
        return s.scrape(System.nanoTime() + timeout.toNanos());
    }

    @Test
    void sendsPrometheusHeadersAndParsesText() throws Exception {
        assertThat(scrape("/text", Duration.ofSeconds(5), 0)).extracting(MetricFamily::name).containsExactly("a", "b");
        assertThat(seen).containsEntry("accept", HttpScraper.ACCEPT).containsEntry("accept-encoding", "gzip")
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
    void failuresSayWhy() {
        assertThatThrownBy(() -> scrape("/error", Duration.ofSeconds(5), 0)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("server returned HTTP status 503");
        assertThatThrownBy(() -> scrape("/big", Duration.ofSeconds(5), 1000)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessageContaining("body size limit exceeded").hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> scrape("/slow", Duration.ofMillis(300), 0)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("scrape timed out after 300ms");
        assertThatThrownBy(() -> new HttpScraper(client, URI.create("http://127.0.0.1:1/metrics"), Duration.ofSeconds(2),
                "Ferry/test", 0, 0, HttpScraper.Authorization.NONE).scrape(System.nanoTime() + 2_000_000_000L))
                .isInstanceOf(ScrapeSource.ScrapeException.class).hasMessageStartingWith("Get \"http://127.0.0.1:1/metrics\": ");
    }
}
