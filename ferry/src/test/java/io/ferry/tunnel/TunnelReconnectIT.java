package io.ferry.tunnel;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.MetricsFileServer;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ferry's tunnel client, a separate process, outlives its proxy: the proxy (a {@code ferry serve})
 * stops and a new one starts on the same address; the client, which has been failing its polls
 * with backoff meanwhile, registers with the new one by itself and is scraped through it again.
 */
class TunnelReconnectIT {
    private static final String FQDN = "reconnect-gw";
    private static final String METRICS = "reconnect_target_up 1\n";

    @TempDir
    Path dir;
    private ServerProcess target;
    private ChildProcess proxy;
    private ChildProcess client;

    @AfterEach
    void stop() throws Exception {
        TunnelProcesses.closeAll(client, proxy, target);
    }

    @Test
    void theClientReconnectsAfterTheProxyRestarts() throws Exception {
        target = MetricsFileServer.start(dir.resolve("target"), METRICS);
        proxy = TunnelProcesses.startProxy(dir, "127.0.0.1:0");
        String proxyAddress = TunnelProcesses.awaitListening(proxy);
        TestHttp clientMetrics = TestHttp.local(ExternalTool.freeLoopbackPort());
        client = TunnelProcesses.startClient(dir, List.of(), "http://" + proxyAddress + "/", FQDN,
                target.baseUrl() + "/metrics", "--metrics-addr", clientMetrics.base().substring("http://".length()),
                "--proxy.retry.max-wait", "2s");
        String url = "http://" + FQDN + ":" + target.port() + "/metrics";
        assertThat(TunnelProcesses.awaitScrape(proxyAddress, url).body()).isEqualTo(METRICS);

        proxy.signal("TERM");
        assertThat(proxy.awaitExit(TunnelProcesses.WAIT)).as("the proxy stopped").isTrue();
        // The client notices: its polls fail while no proxy listens.
        TunnelProcesses.await("the client's poll errors counted", clientMetrics::metrics,
                m -> TunnelProcesses.sample(m, "pushprox_client_poll_errors_total") > 0);
        proxy.close();

        proxy = TunnelProcesses.startProxy(dir, proxyAddress);
        assertThat(TunnelProcesses.awaitListening(proxy)).isEqualTo(proxyAddress);
        assertThat(TunnelProcesses.awaitScrape(proxyAddress, url).body()).isEqualTo(METRICS);
        assertThat(client.isAlive()).isTrue();
        assertThat(TunnelProcesses.sample(clientMetrics.metrics(), "ferry_tunnel_client_connected{fqdn=\"" + FQDN + "\"}"))
                .isEqualTo(1);
    }
}
