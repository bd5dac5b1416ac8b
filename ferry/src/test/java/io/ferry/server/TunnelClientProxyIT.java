package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ListenAddress;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ferry.server.FrontDoor.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ferry's tunnel client, run by a remote-site {@code ferry serve} from its {@code tunnel_client:}
 * section, against Ferry's proxy in a central {@code ferry serve}: a scrape through the proxy
 * reaches the remote Ferry's {@code /metrics} with what was pushed to it; the client registers
 * again after the proxy restarts on its port; a refused token is counted and retried until the
 * token file is fixed.
 */
class TunnelClientProxyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FQDN = "site-a-gw";

    @TempDir
    Path dir;

    private final List<FerryServer> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(FerryServer::close);
    }

    private FerryServer start(String name, int port, String yaml) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path file = Files.writeString(home.resolve("ferry.yml"), yaml);
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:" + port), home.resolve("data"),
                null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        FerryServer ferry = FerryServer.start(source.load(), source);
        running.add(ferry);
        return ferry;
    }

    private FerryServer central(int port, String auth) throws Exception {
        return start("central", port, "tunnel: {enabled: true}\n" + auth);
    }

    /** The remote site's Ferry: it takes pushes and polls the central proxy, its own /metrics its one target. */
    private FerryServer remote(int port, int proxyPort, String extra) throws Exception {
        return start("remote", port, """
                tunnel_client:
                  proxy_url: http://127.0.0.1:%d/
                  fqdns: [%s]
                  targets: ["http://127.0.0.1:%d/metrics"]
                  labels: {site: a}
                  poll_renew: 5s
                  retry_initial_wait: 100ms
                  retry_max_wait: 400ms
                %s""".formatted(proxyPort, FQDN, port, extra));
    }

    /** A scrape as Prometheus makes it with {@code proxy_url}: absolute form, to the proxy. */
    private static HttpResponse<String> scrapeThrough(int proxyPort, int port) throws IOException, InterruptedException {
        return scrapeThrough(proxyPort, port, "/metrics");
    }

    private static HttpResponse<String> scrapeThrough(int proxyPort, int port, String path)
            throws IOException, InterruptedException {
        try (TestHttp http = TestHttp.viaProxy("127.0.0.1:" + proxyPort, "http://" + FQDN + ":" + port)) {
            return http.get(path, "X-Prometheus-Scrape-Timeout-Seconds", "5");
        }
    }

    private static boolean scrapedThrough(int proxyPort, int port, String expected) {
        try {
            HttpResponse<String> r = scrapeThrough(proxyPort, port);
            return r.statusCode() == 200 && r.body().contains(expected);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean registered(int proxyPort, String... fqdns) {
        try {
            String clients = TestHttp.local(proxyPort).get("/clients").body();
            return java.util.Arrays.stream(fqdns).allMatch(clients::contains);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double metric(FerryServer ferry, String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(TestHttp.local(ferry.port()).metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void aPushedGroupIsScrapedThroughTheTunnelAndTheClientComesBackAfterTheProxyRestarts() throws Exception {
        FerryServer central = central(0, "");
        int centralPort = central.port();
        FerryServer remote = ExternalTool.onFreeLoopbackPort(port -> remote(port, centralPort, ""));
        int remotePort = remote.port();
        assertThat(TestHttp.local(remotePort).send("PUT", "/metrics/job/backup", "backup_ok 1\n").statusCode()).isEqualTo(200);

        assertThat(eventually(WAIT, () -> scrapedThrough(centralPort, remotePort, "backup_ok{instance=\"\",job=\"backup\"} 1")))
                .as("the remote Ferry's pushed group, scraped through the tunnel").isTrue();
        assertThat(TestHttp.local(centralPort).get("/clients").body()).contains(FQDN, "\"site\":\"a\"");
        assertThat(metric(remote, "ferry_tunnel_client_connected{fqdn=\"" + FQDN + "\"}")).isEqualTo(1);
        assertThat(metric(remote, "ferry_tunnel_client_scrapes_total{fqdn=\"" + FQDN + "\",result=\"success\"}")).isPositive();

        // A port the client does not serve is refused by the client, and Prometheus sees why.
        HttpResponse<String> refused = scrapeThrough(centralPort, 22, "/");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("target not allowed");

        // The proxy stops, and comes back on the same port: the client polls again and scrapes work.
        central.close();
        running.remove(central);
        assertThat(eventually(WAIT, () -> metricOrNaN(remote, "pushprox_client_poll_errors_total") >= 1))
                .as("polls fail while the proxy is down").isTrue();
        central(centralPort, "");
        assertThat(eventually(WAIT, () -> scrapedThrough(centralPort, remotePort, "backup_ok")))
                .as("scrapes through the restarted proxy").isTrue();
    }

    @Test
    void moreFqdnsThanScrapeSlotsStillAllPoll() throws Exception {
        int centralPort = central(0, "").port();
        ExternalTool.onFreeLoopbackPort(port -> start("many", port, """
                tunnel_client:
                  proxy_url: http://127.0.0.1:%d/
                  fqdns: [a.site, b.site, c.site]
                  targets: ["http://127.0.0.1:%d/metrics"]
                  max_concurrent_scrapes: 1
                """.formatted(centralPort, port)));
        // Each fqdn's waiting poll holds a slot of its own, so the one scrape slot does not keep two
        // of the three from polling.
        assertThat(eventually(WAIT, () -> registered(centralPort, "a.site:", "b.site:", "c.site:")))
                .as("every fqdn registered").isTrue();
    }

    @Test
    void aRefusedTokenIsCountedAndRetriedUntilTheFileIsFixed() throws Exception {
        int centralPort = central(0, """
                auth:
                  tokens:
                    - name: site-a
                      token: right
                      fqdns: ["site-a-*"]
                      actions: [tunnel]
                """).port();
        Path token = Files.writeString(Files.createDirectories(dir.resolve("remote")).resolve("tunnel.token"), "wrong\n");
        FerryServer remote = ExternalTool.onFreeLoopbackPort(port -> remote(port, centralPort, "  token_file: tunnel.token\n"));
        int remotePort = remote.port();
        String refused = "ferry_tunnel_client_poll_failures_total{fqdn=\"" + FQDN + "\",reason=\"refused\"}";
        assertThat(eventually(WAIT, () -> metricOrNaN(remote, refused) >= 2)).as("refusals counted, and retried").isTrue();
        assertThat(metric(remote, "ferry_tunnel_client_connected{fqdn=\"" + FQDN + "\"}")).isZero();

        // The token file is read at each poll: fixing it is enough.
        Files.writeString(token, "right\n");
        assertThat(eventually(WAIT, () -> scrapedThrough(centralPort, remotePort, "ferry_tunnel_client_connected")))
                .as("scrapes once the token is right").isTrue();
    }

    @Test
    void aTlsFileThatCannotBeReadStopsTheStartNamingTheSection() throws Exception {
        assertThatThrownBy(() -> ExternalTool.onFreeLoopbackPort(port -> remote(port, 9, "  tls_config: {ca_file: missing-ca.pem}\n")))
                .isInstanceOf(IOException.class).hasMessageStartingWith("tunnel_client: tls_config")
                .hasMessageContaining("missing-ca.pem");
    }

    private static double metricOrNaN(FerryServer ferry, String series) {
        try {
            return metric(ferry, series);
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
