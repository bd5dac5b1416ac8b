package io.ferry.tunnel;

import io.ferry.cli.FerryJar;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.MetricsFileServer;
import io.ferry.testing.Nginx;
import io.ferry.testing.PushProxClient;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tunnel client's poll across a load balancer that cuts idle requests: nginx from Debian as a
 * reverse proxy in front of the tunnel's proxy, with {@code proxy_read_timeout}, as in PushProx's
 * issues #57 and #188. Each case has a load balancer of its own, so that each access log is one
 * client's:
 * <ul>
 *   <li>Ferry's client asks the proxy to answer each poll with 204 after {@code --poll-renew} without
 *   a scrape and polls again at once, so no poll outlives the load balancer's timeout: after idling
 *   for several of its timeouts the client is still connected and listed, a scrape goes through, and
 *   nginx never answered it 504;</li>
 *   <li>Ferry's client without a renew time ({@code --poll-renew 0}, PushProx's behaviour) has its
 *   poll cut with nginx's HTML 504, which it counts as a failed poll ({@code reason="status"}, not a
 *   request it cannot read) and retries after its backoff (PushProx's #57);</li>
 *   <li>a PushProx-style client, which holds one poll until a scrape comes, gets its poll cut with a 504.</li>
 * </ul>
 *
 * <p>Load balancers usually cut at 60 s with a 30 s renew (the client's default); to keep the suite
 * short nginx cuts here at {@link #LB_TIMEOUT} and the client renews at {@link #RENEW}: the same
 * mechanism at a smaller scale. {@code bench/probes/tunnel-idle-timeout.sh} runs the real 60 s case.
 */
class TunnelIdleTimeoutIT {
    private static final Duration LB_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RENEW = Duration.ofSeconds(2);
    /** Idle for longer than two of the load balancer's timeouts before the scrape. */
    private static final Duration IDLE = LB_TIMEOUT.multipliedBy(2).plusSeconds(2);
    private static final String FQDN = "idle-gw";
    private static final String HOLDING_FQDN = "holding-gw";
    private static final String METRICS = "# TYPE idle_target_up gauge\nidle_target_up 1\n";

    @TempDir
    static Path dir;
    static ServerProcess target;
    static ChildProcess proxy;
    static String proxyAddress;
    static Nginx lb;
    static ChildProcess client;
    static TestHttp clientMetrics;
    /** Ferry's client without a renew time, behind a load balancer of its own. */
    static Nginx holdingLb;
    static ChildProcess holdingClient;
    static TestHttp holdingClientMetrics;
    static Nginx pushProxLb;
    static PushProxClient pushProxClient;

    @BeforeAll
    static void start() throws Exception {
        Nginx.requireAvailable();
        target = MetricsFileServer.start(dir.resolve("target"), METRICS);
        proxy = TunnelProcesses.startProxy(dir, "127.0.0.1:0");
        proxyAddress = TunnelProcesses.awaitListening(proxy);
        lb = Nginx.reverseProxy(dir.resolve("lb"), proxyAddress, LB_TIMEOUT, "/-/healthy");
        client = TunnelProcesses.startClient(dir, List.of(), lb.baseUrl() + "/", FQDN,
                target.baseUrl() + "/metrics", "--poll-renew", RENEW.toSeconds() + "s",
                "--metrics-addr", "127.0.0.1:0");
        clientMetrics = TestHttp.to(FerryJar.awaitServingMetrics(client, TunnelProcesses.WAIT));
        holdingLb = Nginx.reverseProxy(dir.resolve("holding-lb"), proxyAddress, LB_TIMEOUT, "/-/healthy");
        holdingClient = TunnelProcesses.startClient(dir, List.of(), holdingLb.baseUrl() + "/", HOLDING_FQDN,
                target.baseUrl() + "/metrics", "--poll-renew", "0s",
                "--proxy.retry.initial-wait", "200ms", "--proxy.retry.max-wait", "500ms",
                "--metrics-addr", "127.0.0.1:0");
        holdingClientMetrics = TestHttp.to(FerryJar.awaitServingMetrics(holdingClient, TunnelProcesses.WAIT));
        pushProxLb = Nginx.reverseProxy(dir.resolve("pushprox-lb"), proxyAddress, LB_TIMEOUT, "/-/healthy");
        pushProxClient = PushProxClient.start(pushProxLb.baseUrl() + "/", "pushprox-gw");
    }

    @AfterAll
    static void stop() throws Exception {
        TunnelProcesses.closeAll(pushProxClient, pushProxLb, holdingClient, holdingLb, client, lb, proxy, target);
    }

    @Test
    void ferrysClientRenewsItsPollAndIsScrapedAfterIdlingPastTheTimeout() throws Exception {
        String url = "http://" + FQDN + ":" + target.port() + "/metrics";
        assertThat(TunnelProcesses.awaitScrape(proxyAddress, url).body()).isEqualTo(METRICS);

        Thread.sleep(IDLE.toMillis());

        HttpResponse<String> after = TunnelProcesses.scrape(proxyAddress, url);
        assertThat(after.statusCode()).as("scrape after %s idle: %s\nclient:\n%s", IDLE, after.body(), client.stderr())
                .isEqualTo(200);
        assertThat(after.body()).isEqualTo(METRICS);

        List<String> polls = lb.accessLog().stream().filter(l -> l.startsWith("POST /poll ")).toList();
        assertThat(polls).as("polls through nginx").noneMatch(l -> l.contains(" 504 "))
                .filteredOn(l -> l.startsWith("POST /poll 204 ")).hasSizeGreaterThanOrEqualTo(2);
        String metrics = clientMetrics.metrics();
        assertThat(TunnelProcesses.sample(metrics, "pushprox_client_poll_errors_total")).isZero();
        assertThat(TunnelProcesses.sample(metrics, "ferry_tunnel_client_poll_renewals_total{fqdn=\"" + FQDN + "\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(TunnelProcesses.sample(metrics, "ferry_tunnel_client_connected{fqdn=\"" + FQDN + "\"}")).isEqualTo(1);
        assertThat(TestHttp.to("http://" + proxyAddress).get("/clients").body()).contains("\"" + FQDN + ":");
    }

    @Test
    void ferrysClientWithoutARenewTimeCountsNginxsHtml504AsAFailedPollAndRetries() throws Exception {
        String failures = "ferry_tunnel_client_poll_failures_total{fqdn=\"" + HOLDING_FQDN + "\",reason=";
        TunnelProcesses.await("the client counting two of nginx's 504s", holdingClientMetrics::metrics,
                m -> TunnelProcesses.sample(m, failures + "\"status\"}") >= 2);
        assertThat(TunnelProcesses.sample(holdingClientMetrics.metrics(), failures + "\"bad_answer\"}"))
                .as("a 504 page is not read as a request").isZero();
        assertThat(holdingLb.accessLog()).as("cut, then polled again")
                .filteredOn(l -> l.startsWith("POST /poll 504 ")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientThatHoldsItsPollUntilAScrapeHasItCutWithA504() throws Exception {
        // PushProx's client sends no renew header, so the proxy holds its poll as PushProx does, and
        // nginx answers it with its HTML 504 page once the poll has been idle for LB_TIMEOUT.
        TunnelProcesses.await("nginx cutting the PushProx-style client's poll", pushProxLb::accessLog,
                log -> log.stream().anyMatch(l -> l.startsWith("POST /poll 504 ")));
        pushProxClient.awaitLog("poll error:", TunnelProcesses.WAIT);
    }
}
