package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.config.WebLimits;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ferry.server.FrontDoor.eventually;
import static io.ferry.server.FrontDoor.value;
import static io.ferry.testing.TunnelExchange.async;
import static io.ferry.testing.TunnelExchange.poll;
import static io.ferry.testing.TunnelExchange.push;
import static io.ferry.testing.TunnelExchange.scrape;
import static io.ferry.testing.TunnelExchange.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The tunnel proxy through the real server: polls, pushes and proxy requests on raw connections. */
class TunnelProxyIT {
    @TempDir
    Path dir;

    private FerryConfig config(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file).withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0")))
                .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
    }

    private static RelayedResponse get(CompletableFuture<RelayedResponse> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The scrape request a poll's answer carries. */
    private static ScrapeRequest request(RelayedResponse pollAnswer) throws Exception {
        assertThat(pollAnswer.status()).as(text(pollAnswer)).isEqualTo(200);
        return ScrapeRequest.parse(pollAnswer.body(), 0, pollAnswer.body().length);
    }

    private static String id(ScrapeRequest r) {
        return r.header("Id").orElseThrow();
    }

    private static String ok(String id, String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nId: " + id
                + "\r\nX-Prometheus-Scrape-Timeout: 9.5\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void aScrapeTravelsThroughAPollAndAPush() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(""))) {
            int port = ferry.port();
            CompletableFuture<RelayedResponse> scraped = scrape(port, "http://site-a:9100/metrics?x=1",
                    "Proxy-Authorization", "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes()));
            ScrapeRequest r = request(get(poll(port, "site-a\n")));
            assertThat(r.url()).hasToString("http://site-a:9100/metrics?x=1");
            assertThat(r.header("Accept")).contains("text/plain;version=0.0.4");
            assertThat(r.header("X-Prometheus-Scrape-Timeout-Seconds")).contains("10");
            assertThat(r.header("Proxy-Authorization")).as("the proxy's own credentials stay with it").isEmpty();
            assertThat(id(r)).matches("[0-9a-f-]{36}");

            RelayedResponse pushed = push(port, ok(id(r), "up 1\n"));
            assertThat(pushed.status()).isEqualTo(200);
            assertThat(pushed.body()).isEmpty();

            RelayedResponse answer = get(scraped);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(text(answer)).isEqualTo("up 1\n");
            assertThat(answer.header("Content-Type")).contains("text/plain; version=0.0.4");
            assertThat(answer.header("Id")).isEmpty();
            assertThat(answer.header("X-Prometheus-Scrape-Timeout")).as("PushProx leaves it").contains("9.5");
            assertThat(value(ferry, "ferry_tunnel_scrapes_total", "result", "ok")).isEqualTo(1);
        }
    }

    @Test
    void noClientMeansPushProxsTimeoutTextAndTheListIsPushProxs() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(""))) {
            int port = ferry.port();
            RelayedResponse timedOut = get(scrape(port, "http://gone:9100/metrics",
                    "X-Prometheus-Scrape-Timeout-Seconds", "0.5"));
            assertThat(timedOut.status()).isEqualTo(500);
            assertThat(text(timedOut)).isEqualTo("Error scraping \"http://gone:9100/metrics\": timeout reached for "
                    + "\"http://gone:9100/metrics\": context deadline exceeded\n");

            CompletableFuture<RelayedResponse> first = poll(port, "site-b");
            assertThat(eventually(Duration.ofSeconds(10), () -> value(ferry, "ferry_tunnel_polls_waiting", null, null) == 1))
                    .isTrue();
            CompletableFuture<RelayedResponse> second = poll(port, "site-b");
            RelayedResponse expired = get(first);
            assertThat(expired.status()).isEqualTo(408);
            assertThat(text(expired)).isEqualTo("Error WaitForScrapeInstruction: request is expired\n");

            HttpTextCheck.clients(ferry.port(), "[{\"targets\":[\"site-b\"],\"labels\":null}]\n");
            second.cancel(true);
        }
    }

    @Test
    void onStopAHeldPollIsAnswered503NotTheExpiredPollsText() throws Exception {
        FerryServer ferry = FerryServer.start(config(""));
        try (ferry) {
            CompletableFuture<RelayedResponse> held = poll(ferry.port(), "site-c");
            assertThat(eventually(Duration.ofSeconds(10), () -> value(ferry, "ferry_tunnel_polls_waiting", null, null) == 1))
                    .isTrue();
            ferry.close();
            RelayedResponse answer = get(held);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(text(answer)).isEqualTo("Error polling: the proxy is shutting down\n");
        }
    }

    @Test
    void badInputGetsAClear4xxAndIsCounted() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("tunnel:\n  max_response_bytes: 10\n"))) {
            int port = ferry.port();
            RelayedResponse notFqdn = get(poll(port, "not an fqdn!"));
            assertThat(notFqdn.status()).isEqualTo(400);
            assertThat(text(notFqdn)).startsWith("Error polling: fqdn \"not an fqdn!\" has the character ' '");
            RelayedResponse garbage = push(port, "<!DOCTYPE html>");
            assertThat(garbage.status()).isEqualTo(400);
            assertThat(text(garbage)).startsWith("Error pushing: not an HTTP response: line 1:");
            RelayedResponse unknown = push(port, ok("4b1c0c3e-0000-4000-8000-000000000000", "up 1\n"));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(text(unknown)).contains("no scrape waits for Id");
            RelayedResponse large = push(port, ok("x", "0123456789abcdef"));
            assertThat(large.status()).isEqualTo(413);
            assertThat(text(large)).contains("larger than 10 bytes");
            RelayedResponse noId = push(port, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertThat(noId.status()).isEqualTo(400);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "bad_poll")).isEqualTo(1);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "bad_push")).isEqualTo(2);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "unknown_id")).isEqualTo(1);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "too_large")).isEqualTo(1);
            assertThat(TestHttp.local(port).metrics()).contains("# HELP ferry_tunnel_refused_total ")
                    .contains("pushprox_proxy_clients 0");
        }
    }

    @Test
    void aPushedInterimStatusOrHopByHopHeaderNeverReachesTheScraper() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(""))) {
            int port = ferry.port();
            // On a raw connection: the JDK's client will not send a Connection header of its own.
            CompletableFuture<RelayedResponse> scraped = async(port, "GET http://site-h:9100/metrics HTTP/1.1\r\n"
                    + "Host: site-h:9100\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n"
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: to the proxy only", "");
            ScrapeRequest r = request(get(poll(port, "site-h")));
            assertThat(r.header("X-Hop")).as("named by Connection: of one hop").isEmpty();

            RelayedResponse interim = push(port, "HTTP/1.1 100 Continue\r\nId: " + id(r) + "\r\n\r\n");
            assertThat(interim.status()).as(text(interim)).isEqualTo(400);
            assertThat(text(interim)).contains("status 100 is not a final response");
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "bad_push")).isEqualTo(1);

            String body = "up 1\n";
            RelayedResponse pushed = push(port, "HTTP/1.1 407 Proxy Authentication Required\r\nId: " + id(r)
                    + "\r\nProxy-Authenticate: Basic realm=\"steal\"\r\nConnection: close, X-Secret\r\n"
                    + "X-Secret: s\r\nX-Kept: k\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(pushed.status()).as(text(pushed)).isEqualTo(200);
            RelayedResponse answer = get(scraped);
            assertThat(answer.status()).isEqualTo(407);
            assertThat(answer.header("Proxy-Authenticate")).as("the proxy's own challenge, never the client's").isEmpty();
            assertThat(answer.header("X-Secret")).as("named by Connection: of the client's hop").isEmpty();
            assertThat(answer.header("X-Kept")).contains("k");
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "unauthenticated"))
                    .as("a 407 the client relayed is not the proxy's refusal").isZero();
        }
    }

    @Test
    void tokensScopeFqdnsAndOneClientCannotTakeAnothersFqdnOrScrape() throws Exception {
        String yaml = """
                auth:
                  tokens:
                    - {name: site-a, token: ta, fqdns: ["site-a", "*.site-a"], actions: [tunnel]}
                    - {name: other, token: tb, fqdns: ["*"], actions: [tunnel]}
                    - {name: reader, token: tr, actions: [read]}
                  read: token
                """;
        try (FerryServer ferry = FerryServer.start(config(yaml))) {
            int port = ferry.port();
            assertThat(get(poll(port, "site-a")).status()).isEqualTo(401);
            assertThat(get(poll(port, "site-a", "Authorization", "Bearer wrong")).status()).isEqualTo(401);
            RelayedResponse outOfScope = get(poll(port, "site-b", "Authorization", "Bearer ta"));
            assertThat(outOfScope.status()).isEqualTo(403);
            assertThat(text(outOfScope)).isEqualTo("Forbidden: token \"site-a\" may not poll for fqdn \"site-b\"\n");

            CompletableFuture<RelayedResponse> scraped = scrape(port, "http://db.site-a:9187/metrics",
                    "Proxy-Authorization", "Basic " + Base64.getEncoder().encodeToString("prometheus:tr".getBytes()));
            CompletableFuture<RelayedResponse> polled = poll(port, "db.site-a", "Authorization", "Bearer ta");
            ScrapeRequest r = request(get(polled));
            RelayedResponse takeover = get(poll(port, "db.site-a", "Authorization", "Bearer tb"));
            assertThat(takeover.status()).isEqualTo(409);
            assertThat(text(takeover)).isEqualTo("fqdn \"db.site-a\" is registered by another client\n");
            RelayedResponse stolen = push(port, ok(id(r), "stolen 1\n"), "Authorization", "Bearer tb");
            assertThat(stolen.status()).isEqualTo(403);
            assertThat(push(port, ok(id(r), "up 1\n"), "Authorization", "Bearer ta").status()).isEqualTo(200);
            assertThat(text(get(scraped))).isEqualTo("up 1\n");

            RelayedResponse anonymousScrape = get(scrape(port, "http://db.site-a:9187/metrics"));
            assertThat(anonymousScrape.status()).isEqualTo(407);
            assertThat(anonymousScrape.header("Proxy-Authenticate")).isPresent();
            assertThat(TestHttp.local(port).get("/clients").statusCode()).isEqualTo(401);
            assertThat(TestHttp.local(port).get("/clients", "Authorization", "Bearer tr").body())
                    .isEqualTo("[{\"targets\":[\"db.site-a\"],\"labels\":null}]\n");

            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "unauthenticated"))
                    .as("two polls, the scrape without Proxy-Authorization and /clients without a token").isEqualTo(4);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "out_of_scope")).isEqualTo(1);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "takeover")).isEqualTo(1);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "wrong_client")).isEqualTo(1);
        }
    }

    @Test
    void ferryClientsDeclareLabelsAndTargetsAndRenew() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(""))) {
            int port = ferry.port();
            CompletableFuture<RelayedResponse> renewed = poll(port, "gw", "X-Ferry-Poll-Renew-Seconds", "0.2",
                    "X-Ferry-Client-Labels", "{\"site\":\"a\"}", "X-Ferry-Client-Targets", "9091/metrics, 9256/probe");
            assertThat(get(renewed).status()).isEqualTo(204);
            assertThat(TestHttp.local(port).get("/clients").body()).isEqualTo(
                    "[{\"targets\":[\"gw:9091\"],\"labels\":{\"site\":\"a\"}},"
                            + "{\"targets\":[\"gw:9256\"],\"labels\":{\"__metrics_path__\":\"/probe\",\"site\":\"a\"}}]\n");
            RelayedResponse badLabels = get(poll(port, "gw", "X-Ferry-Client-Labels", "{\"__x\":\"a\"}"));
            assertThat(badLabels.status()).isEqualTo(400);
        }
    }

    @Test
    void aHeldPollOutlivesTheConnectionTimeouts() throws Exception {
        WebLimits quick = WebLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(500))
                .withReadHeaderTimeout(Duration.ofMillis(500)).withReadTimeout(Duration.ofMillis(500));
        FerryConfig c = config("");
        try (FerryServer ferry = FerryServer.start(c.withWeb(c.web().withLimits(quick)))) {
            int port = ferry.port();
            CompletableFuture<RelayedResponse> polled = poll(port, "slow");
            // Well past the idle backstop (idle + read header + read timeouts, 1.5 s here).
            Thread.sleep(3000);
            assertThat(polled).isNotDone();
            CompletableFuture<RelayedResponse> scraped = scrape(port, "http://slow:1/metrics");
            ScrapeRequest r = request(get(polled));
            assertThat(push(port, ok(id(r), "up 1\n")).status()).isEqualTo(200);
            assertThat(get(scraped).status()).isEqualTo(200);
            assertThat(value(ferry, "ferry_http_connections_timed_out_total", null, null)).isZero();
        }
    }

    @Test
    void heldTunnelRequestsTakeAtMostHalfTheHttpPortsConnections() throws Exception {
        FerryConfig c = config("");
        try (FerryServer ferry = FerryServer.start(c.withWeb(c.web().withLimits(WebLimits.DEFAULTS.withMaxConnections(20))))) {
            int port = ferry.port();
            List<CompletableFuture<RelayedResponse>> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                held.add(poll(port, "held-" + i));
            }
            assertThat(eventually(Duration.ofSeconds(10), () -> value(ferry, "ferry_tunnel_polls_waiting", null, null) == 10))
                    .isTrue();
            RelayedResponse refused = get(poll(port, "one-more"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(text(refused)).startsWith("Error polling: 10 tunnel requests already wait on this listener");
            RelayedResponse scrapeRefused = get(scrape(port, "http://held-0:1/metrics"));
            assertThat(scrapeRefused.status()).as(text(scrapeRefused)).isEqualTo(503);
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "too_many_held")).isEqualTo(2);
            // The other half of the connections still serves pushes and Ferry's own routes.
            assertThat(TestHttp.local(port).send("PUT", "/metrics/job/batch", "up 1\n").statusCode()).isEqualTo(200);
            held.forEach(h -> h.cancel(true));
        }
    }

    /** Anyone allowed to read can scrape made-up hosts; those scrapes must not starve the clients' polls. */
    @Test
    void scrapesOfHostsNoClientRegisteredWaitInAQuarterOfTheHeldRequestsOnly() throws Exception {
        FerryConfig c = config("");
        try (FerryServer ferry = FerryServer.start(c.withWeb(c.web().withLimits(WebLimits.DEFAULTS.withMaxConnections(20))))) {
            int port = ferry.port();
            List<CompletableFuture<RelayedResponse>> held = new ArrayList<>();
            held.add(scrape(port, "http://made-up-1:1/metrics"));
            held.add(scrape(port, "http://made-up-2:1/metrics"));
            assertThat(eventually(Duration.ofSeconds(10),
                    () -> value(ferry, "ferry_tunnel_scrapes_waiting", null, null) == 2)).isTrue();
            RelayedResponse refused = get(scrape(port, "http://made-up-3:1/metrics"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(text(refused)).isEqualTo("Error scraping \"http://made-up-3:1/metrics\": 2 scrapes already wait "
                    + "for hosts no tunnel client has registered, the most this listener holds (a quarter of its waiting "
                    + "tunnel requests)\n");
            for (int i = 0; i < 8; i++) {
                held.add(poll(port, "client-" + i));
            }
            assertThat(eventually(Duration.ofSeconds(10), () -> value(ferry, "ferry_tunnel_polls_waiting", null, null) == 8))
                    .as("every client's poll is held").isTrue();
            held.forEach(h -> h.cancel(true));
        }
    }

    @Test
    void theTunnelsOwnListenerHasItsOwnConnectionCount() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("tunnel:\n  listen_address: 127.0.0.1:0\n"))) {
            int tunnelPort = ferry.tunnelPort().orElseThrow();
            assertThat(tunnelPort).isNotEqualTo(ferry.port());
            CompletableFuture<RelayedResponse> polled = poll(tunnelPort, "own");
            assertThat(eventually(Duration.ofSeconds(10),
                    () -> value(ferry, "ferry_tunnel_connections_open", null, null) == 1)).isTrue();
            CompletableFuture<RelayedResponse> scraped = scrape(tunnelPort, "http://own:1/metrics");
            ScrapeRequest r = request(get(polled));
            assertThat(push(tunnelPort, ok(id(r), "up 1\n")).status()).isEqualTo(200);
            assertThat(text(get(scraped))).isEqualTo("up 1\n");
            assertThat(TestHttp.local(tunnelPort).status("GET", "/metrics")).as("only the tunnel's routes").isEqualTo(404);
        }
    }

    /** {@code /clients} read back. */
    private static final class HttpTextCheck {
        static void clients(int port, String expected) throws Exception {
            var response = TestHttp.local(port).get("/clients");
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.body()).isEqualTo(expected);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
