package io.ferry.tunnel;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.MetricsFileServer;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's 2.42) scrapes a target behind Ferry's own tunnel client (a
 * {@code ferry tunnel-client} process) through Ferry's proxy, configured as for PushProx
 * ({@code proxy_url}, the target named by the client's FQDN): {@code up} is 1 and the target's
 * metric is in Prometheus with the job and instance of the tunnel's address; once the client stops,
 * {@code up} goes to 0. ({@code compat.TunnelPrometheusIT} does the same with PushProx's client.)
 */
class TunnelClientPrometheusIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String FQDN = "prom-gw";
    private static final String JOB = "behind-tunnel";
    private static final String METRICS = "# TYPE site_jobs_queued gauge\nsite_jobs_queued{queue=\"nightly\"} 7\n";

    @TempDir
    static Path dir;
    static ServerProcess target;
    static ChildProcess proxy;
    static ChildProcess client;
    static ServerProcess prometheus;
    static String instance;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.requireAvailable();
        target = MetricsFileServer.start(dir.resolve("target"), METRICS);
        proxy = TunnelProcesses.startProxy(dir, "127.0.0.1:0");
        String proxyAddress = TunnelProcesses.awaitListening(proxy);
        client = TunnelProcesses.startClient(dir, List.of(), "http://" + proxyAddress + "/", FQDN,
                target.baseUrl() + "/metrics", "--metrics-addr=");
        instance = FQDN + ":" + target.port();
        prometheus = PrometheusServer.startWithScrapeConfigs(Files.createDirectories(dir.resolve("prometheus")),
                INTERVAL, """
                          - job_name: %s
                            proxy_url: http://%s/
                            static_configs:
                              - targets: ['%s']
                        """.formatted(JOB, proxyAddress, instance));
    }

    @AfterAll
    static void stop() throws Exception {
        TunnelProcesses.closeAll(prometheus, client, proxy, target);
    }

    @Test
    void prometheusScrapesThroughTheTunnelAndSeesTheClientGo() throws Exception {
        JsonObject up = single("up == 1");
        assertThat(up.getJsonObject("metric").getMap()).containsEntry("job", JOB)
                .containsEntry("instance", instance);
        JsonObject queued = single("site_jobs_queued");
        assertThat(queued.getJsonObject("metric").getMap()).containsEntry("instance", instance)
                .containsEntry("queue", "nightly");
        assertThat(queued.getJsonArray("value").getString(1)).isEqualTo("7");

        client.close();
        // A scrape that starts once the client is gone finds no poll to take it: the proxy answers
        // 500 at the scrape's timeout, and Prometheus records up 0.
        double gone = System.currentTimeMillis() / 1000.0 + INTERVAL.toSeconds();
        single("up == 0 and timestamp(up) > " + gone);
    }

    /** The one series {@code query} returns, once Prometheus has it. */
    private static JsonObject single(String query) throws Exception {
        JsonArray result = TunnelProcesses.await("Prometheus answering " + query,
                () -> PrometheusServer.query(prometheus, query), r -> !r.isEmpty());
        assertThat(result.size()).as("series of %s: %s", query, result).isEqualTo(1);
        return result.getJsonObject(0);
    }
}
