package io.ferry.compat;

import io.ferry.statsd.StatsdOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.PushProxClient;
import io.ferry.testing.TestHttp;
import io.ferry.testing.TunnelExchange;
import io.ferry.tunnel.RelayedResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.ferry.testing.TunnelExchange.scrape;
import static io.ferry.testing.TunnelExchange.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire protocol of PushProx 0.2, exchange by exchange, between Ferry's proxy, PushProx's client
 * (re-implemented from the reference, {@code tunnel/pushprox_client.py}) and a local target, each
 * checked against what the reference (§5) documents: statuses, texts, the headers that pass, the
 * {@code Id} that does not, and {@code /clients}.
 */
class TunnelWireDifferentialIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The client's fqdn: the target's host, which the client scrapes. */
    private static final String FQDN = "127.0.0.1";

    @TempDir
    static Path dir;
    static FerryServer ferry;
    static PushProxClient client;
    static HttpServer target;
    static final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        ferry = FerryServer.start(FerryConfig.DEFAULTS.withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0")))
                .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF));
        target = HttpServer.create(new InetSocketAddress(FQDN, 0), 0);
        target.createContext("/", TunnelWireDifferentialIT::serve);
        target.start();
        client = PushProxClient.start("http://127.0.0.1:" + ferry.port(), FQDN);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!TestHttp.local(ferry.port()).get("/clients").body().contains(FQDN) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (client != null) {
                client.close();
            }
            if (target != null) {
                target.stop(0);
            }
        } finally {
            if (ferry != null) {
                ferry.close();
            }
        }
    }

    /** {@code /metrics} with a length, {@code /chunked} without one, anything else 404; records what came. */
    private static void serve(HttpExchange x) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        headers.put(":path", x.getRequestURI().toString());
        seen.put(x.getRequestURI().getPath(), headers);
        String path = x.getRequestURI().getPath();
        byte[] body = ("target_up{path=\"" + path + "\"} 1\n").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        x.getResponseHeaders().add("X-Target", "yes");
        int status = path.equals("/metrics") || path.equals("/chunked") ? 200 : 404;
        x.sendResponseHeaders(status, path.equals("/chunked") ? 0 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static String url(String path) {
        return "http://" + FQDN + ":" + target.getAddress().getPort() + path;
    }

    private static RelayedResponse get(String url, String... headers) throws Exception {
        return scrape(ferry.port(), url, headers).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void clientsListsTheClientExactlyAsPushProx() throws Exception {
        var r = TestHttp.local(ferry.port()).get("/clients");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).isEqualTo("[{\"targets\":[\"" + FQDN + "\"],\"labels\":null}]\n");
    }

    @Test
    void aScrapeCarriesEveryHeaderToTheTargetAndTheResponseBack() throws Exception {
        RelayedResponse r = get(url("/metrics?module=a"), "User-Agent", "Prometheus/2.42.0",
                "Accept-Encoding", "identity", "Proxy-Authorization", "Basic dTpw");
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("target_up{path=\"/metrics\"} 1\n");
        assertThat(r.header("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.header("X-Target")).contains("yes");
        assertThat(r.header("Id")).as("removed by the proxy").isEmpty();
        assertThat(r.header("X-Prometheus-Scrape-Timeout")).as("set by the client, left by the proxy").isPresent()
                .get().asString().matches("\\d+\\.\\d{6}");

        Map<String, String> got = seen.get("/metrics");
        assertThat(got.get(":path")).isEqualTo("/metrics?module=a");
        assertThat(got.get("host")).isEqualTo(FQDN + ":" + target.getAddress().getPort());
        assertThat(got.get("user-agent")).isEqualTo("Prometheus/2.42.0");
        assertThat(got.get("accept")).isEqualTo("text/plain;version=0.0.4");
        assertThat(got.get("accept-encoding")).isEqualTo("identity");
        assertThat(got.get("x-prometheus-scrape-timeout-seconds")).isEqualTo("10");
        assertThat(got.get("id")).as("PushProx's client passes Id on to the target").matches("[0-9a-f-]{36}");
        assertThat(got).doesNotContainKey("proxy-authorization");
    }

    @Test
    void aChunkedResponseAndATargetsErrorStatusComeBackAsTheTargetSentThem() throws Exception {
        RelayedResponse chunked = get(url("/chunked"));
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(text(chunked)).isEqualTo("target_up{path=\"/chunked\"} 1\n");
        RelayedResponse missing = get(url("/nothing"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("target_up{path=\"/nothing\"} 1\n");
    }

    @Test
    void schemeHttpsIsTheClientsBusiness() throws Exception {
        // The proxy hands the parameter on; the client switches to https and drops it, and its failed
        // scrape (nothing listens on that port) comes back as PushProx's 500 text.
        int closed = ExternalTool.freeLoopbackPort();
        RelayedResponse r = get("http://" + FQDN + ":" + closed + "/metrics?_scheme=https");
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r)).startsWith("failed to scrape https://" + FQDN + ":" + closed + "/metrics: ")
                .doesNotContain("_scheme");
    }

    @Test
    void anFqdnNobodyPollsForTimesOutWithPushProxsText() throws Exception {
        RelayedResponse r = get("http://nobody:9100/metrics", "X-Prometheus-Scrape-Timeout-Seconds", "0.5");
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r)).isEqualTo("Error scraping \"http://nobody:9100/metrics\": timeout reached for "
                + "\"http://nobody:9100/metrics\": context deadline exceeded\n");
    }

    @Test
    void aNewerPollExpiresTheHeldOneWhichPushProxsClientReadsAsAnError() throws Exception {
        // Another poll for the client's fqdn: the client's held poll is answered 408, which PushProx's
        // client, not looking at the status (#57), tries to read as a request; it polls again after
        // its backoff, and that poll expires this one in turn.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!TestHttp.local(ferry.port()).metrics().contains("\nferry_tunnel_polls_waiting 1\n")
                && System.nanoTime() < deadline) {
            Thread.sleep(20); // the client's poll is held, not between two polls
        }
        RelayedResponse mine = TunnelExchange.poll(ferry.port(), FQDN).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(mine.status()).isEqualTo(408);
        assertThat(text(mine)).isEqualTo("Error WaitForScrapeInstruction: request is expired\n");
        client.awaitLog("poll error: malformed HTTP version \"request is expired\"", WAIT);
    }
}
