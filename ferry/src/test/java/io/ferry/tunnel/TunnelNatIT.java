package io.ferry.tunnel;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.MetricsFileServer;
import io.ferry.testing.NatSite;
import io.ferry.testing.PythonClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tunnel through a real NAT ({@link NatSite}: network namespaces, veth links, nftables
 * masquerade). The target, a file served over HTTP, listens only inside the site; Ferry's tunnel
 * client runs inside the site too and connects out to the proxy, a Ferry outside. Nothing outside
 * can connect to the target, yet a scrape sent to the proxy as Prometheus sends it returns the
 * target's metrics, also after the proxy restarts (the client, a separate process, reconnects out by
 * itself). Skipped, with a line in the build's output, where the kernel refuses namespaces.
 */
class TunnelNatIT {
    private static final String FQDN = "site-gw";
    /** The target's port inside the site's own namespace, where nothing else listens. */
    private static final int TARGET_PORT = 9100;
    private static final String METRICS = "# TYPE site_temperature_celsius gauge\nsite_temperature_celsius 21.5\n";

    @TempDir
    static Path dir;
    static NatSite site;
    static ChildProcess target;
    static ChildProcess proxy;
    static ChildProcess client;
    static String proxyAddress;

    @BeforeAll
    static void start() throws Exception {
        site = NatSite.create(TunnelNatIT.class.getSimpleName());
        target = ChildProcess.builder(site.inside(MetricsFileServer.command(MetricsFileServer.write(dir, METRICS),
                site.siteAddress(), TARGET_PORT))).mergeStderr().start();
        proxy = TunnelProcesses.startProxy(dir, site.outsideAddress() + ":0");
        proxyAddress = TunnelProcesses.awaitListening(proxy);
        client = TunnelProcesses.startClient(dir, site.launcher(), "http://" + proxyAddress + "/", FQDN,
                "http://" + site.siteAddress() + ":" + TARGET_PORT + "/metrics", "--proxy.retry.max-wait", "2s");
    }

    @AfterAll
    static void stop() throws Exception {
        TunnelProcesses.closeAll(client, proxy, target, site);
    }

    @Test
    void theSiteConnectsOutThroughTheNatAndNothingConnectsIn() throws Exception {
        // Out: a connection from the site arrives from the router's address, not the site's.
        try (ServerSocket outside = new ServerSocket(0, 1, InetAddress.getByName(site.outsideAddress()))) {
            String connect = "import socket; socket.create_connection(('%s', %d), 10).close()"
                    .formatted(site.outsideAddress(), outside.getLocalPort());
            try (ChildProcess p = ChildProcess.builder(site.inside(List.of(PythonClient.PYTHON, "-c", connect)))
                    .mergeStderr().start()) {
                outside.setSoTimeout((int) TunnelProcesses.WAIT.toMillis());
                try (Socket accepted = outside.accept()) {
                    assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo(site.natAddress());
                }
                assertThat(p.finish(TunnelProcesses.WAIT).exit()).isZero();
            }
        }
        assertThat(site.masqueradedPackets()).isPositive();

        // In: the target answers inside the site, but a connection from outside to its address goes nowhere.
        String get = "import urllib.request; print(urllib.request.urlopen('http://%s:%d/metrics', timeout=10).read().decode())"
                .formatted(site.siteAddress(), TARGET_PORT);
        ChildProcess.Result inside = TunnelProcesses.await("the target answering inside the site", () -> {
            try (ChildProcess p = ChildProcess.builder(site.inside(List.of(PythonClient.PYTHON, "-c", get))).start()) {
                return p.finish(TunnelProcesses.WAIT);
            }
        }, r -> r.exit() == 0);
        assertThat(inside.stdout()).contains("site_temperature_celsius 21.5");
        // A dropped SYN is never answered: on these links an open port answers in microseconds.
        assertThat(site.connectsFromOutside(TARGET_PORT, Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void aScrapeThroughTheProxyReachesTheTargetBehindTheNat() throws Exception {
        HttpResponse<String> r = TunnelProcesses.awaitScrape(proxyAddress,
                "http://" + FQDN + ":" + TARGET_PORT + "/metrics");
        assertThat(r.body()).isEqualTo(METRICS);
    }

    @Test
    void theClientReconnectsThroughTheNatAfterTheProxyRestarts() throws Exception {
        String url = "http://" + FQDN + ":" + TARGET_PORT + "/metrics";
        TunnelProcesses.awaitScrape(proxyAddress, url);

        proxy.signal("TERM");
        assertThat(proxy.awaitExit(TunnelProcesses.WAIT)).as("the proxy stopped").isTrue();
        // Let the client's polls fail for a while, so that it is in its backoff when the proxy comes back.
        TunnelProcesses.await("the client failing to poll", client::stderr, e -> e.contains("msg=\"poll failed, retrying\""));
        proxy.close();

        proxy = TunnelProcesses.startProxy(dir, proxyAddress);
        assertThat(TunnelProcesses.awaitListening(proxy)).isEqualTo(proxyAddress);
        assertThat(TunnelProcesses.awaitScrape(proxyAddress, url).body()).isEqualTo(METRICS);
        assertThat(client.isAlive()).isTrue();
        assertThat(client.stderr()).contains("msg=\"polling again\"");
    }
}
