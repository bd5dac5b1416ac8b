package io.ferry.compat;

import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.server.FerryServer;
import io.ferry.server.TestTarget;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import io.ferry.testing.TunnelExchange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's one alert, {@code FleetProducerDown} ({@code up == 0}) of {@code examples/alerts.yml},
 * in a real Prometheus (Debian's) that receives Ferry's remote write and evaluates the rules every
 * second: one producer of each route reports (a scrape target, a pushed group with a liveness
 * rule, a tunnel client, a StatsD producer, an OTLP service instance), is seen up, stops, and its
 * {@code up} reaches 0 in Prometheus with the alert firing for it.
 *
 * <p>Prometheus receives everything by remote write, not by scraping Ferry as well: the scrape
 * target's {@code up} is the scrape's own, and Ferry's self-scrape forwards its {@code /metrics}
 * (the {@code up} of the other routes) with {@code honor_labels}; a scrape of Ferry by Prometheus
 * too would write the same series twice.
 */
class FleetAlertIT {
    private static final Path ALERTS = Path.of("..", "examples", "alerts.yml");
    private static final Duration UP_WAIT = Duration.ofSeconds(40);
    private static final Duration DOWN_WAIT = Duration.ofSeconds(60);
    private static final String FQDN = "site-a.example";

    @TempDir
    Path dir;

    @Test
    void aProducerOfEachRouteStopsAndItsUpReachesZeroWithTheFleetAlert() throws Exception {
        PrometheusServer.requireAvailable();
        TestTarget target = new TestTarget("127.0.0.1", n -> "app_requests_total 1\n");
        String targetAddress = target.address();
        AtomicBoolean polling = new AtomicBoolean(true);
        try (ServerProcess prometheus = PrometheusServer.startReceiver(Files.createDirectories(dir.resolve("prom")),
                List.of(ALERTS), Duration.ofSeconds(1));
             FerryServer ferry = FerryServer.start(config(prometheus.baseUrl(), targetAddress))) {
            TestHttp http = TestHttp.local(ferry.port());
            Map<String, String> producers = new LinkedHashMap<>();
            producers.put("scrape", "{job=\"app\",instance=\"" + targetAddress + "\"}");
            producers.put("push", "{job=\"heartbeat\",instance=\"worker-1\"}");
            producers.put("tunnel", "{job=\"tunnel\",instance=\"" + FQDN + "\"}");
            producers.put("statsd", "{job=\"statsd\",instance=\"worker-7\"}");
            producers.put("otlp", "{job=\"checkout\",instance=\"checkout-1\"}");

            // A tunnel client polls again whenever a poll ends, until it stops.
            Thread.ofVirtual().start(() -> {
                while (polling.get()) {
                    try {
                        TunnelExchange.poll(ferry.port(), FQDN).join();
                    } catch (RuntimeException e) {
                        // the held poll timed out on the client's side: poll again
                    }
                }
            });
            // The others send every half second until Prometheus sees every producer up.
            long deadline = System.nanoTime() + UP_WAIT.toNanos();
            Set<String> notUp;
            do {
                push(http);
                statsd(ferry);
                otlp(http);
                Thread.sleep(500);
                notUp = matching(prometheus, producers, " == 1", false);
            } while (!notUp.isEmpty() && System.nanoTime() < deadline);
            assertThat(notUp).as("producers not up in Prometheus after %s", UP_WAIT).isEmpty();

            // Every producer stops: the target goes away, nobody pushes or sends, and the tunnel
            // client's held poll is answered by a scrape and not followed by another.
            target.close();
            polling.set(false);
            TunnelExchange.scrape(ferry.port(), "http://" + FQDN + ":9100/metrics");

            deadline = System.nanoTime() + DOWN_WAIT.toNanos();
            Set<String> notDown;
            Set<String> notAlerted;
            do {
                Thread.sleep(500);
                notDown = matching(prometheus, producers, " == 0", false);
                notAlerted = notAlerted(prometheus, producers);
            } while ((!notDown.isEmpty() || !notAlerted.isEmpty()) && System.nanoTime() < deadline);
            assertThat(notDown).as("producers whose up is not 0 in Prometheus after %s; Prometheus log:%n%s", DOWN_WAIT,
                    prometheus.log()).isEmpty();
            assertThat(notAlerted).as("producers without a firing FleetProducerDown").isEmpty();
        } finally {
            polling.set(false);
            target.close();
        }
    }

    private FerryConfig config(String prometheus, String target) throws Exception {
        return ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0")).applyTo(ConfigLoader.parse("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s']}]
                remote_write:
                  - url: %s/api/v1/write
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                push:
                  liveness:
                    - match: {job: heartbeat}
                      every: 2s
                      grace: 1s
                statsd:
                  listen_udp: 127.0.0.1:0
                  listen_tcp: 127.0.0.1:0
                  producers: {label: instance, every: 2s, grace: 1s}
                otlp:
                  http_listen_address: ""
                  grpc_listen_address: ""
                  liveness: {every: 2s, grace: 1s}
                """.formatted(target, prometheus), "ferry.yml")).withStorage(new StorageConfig(dir.resolve("ferry")));
    }

    private static void push(TestHttp http) throws Exception {
        HttpResponse<String> r = http.send("PUT", "/metrics/job/heartbeat/instance/worker-1", "beats 1\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void statsd(FerryServer ferry) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.send(ByteBuffer.wrap("jobs_done:1|c|#instance:worker-7".getBytes(StandardCharsets.UTF_8)),
                    ferry.statsd().orElseThrow().udpAddress().orElseThrow());
        }
    }

    private static void otlp(TestHttp http) throws Exception {
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"checkout"}},
                  {"key":"service.instance.id","value":{"stringValue":"checkout-1"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"orders_open","gauge":{"dataPoints":[
                  {"asDouble":1,"timeUnixNano":"%d"}]}}]}]}]}
                """.formatted(System.currentTimeMillis() * 1_000_000L);
        HttpResponse<String> r = http.send("POST", "/v1/metrics", body, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The routes whose producer's {@code up<selector><condition>} is (with {@code present}) or is not in Prometheus. */
    private static Set<String> matching(ServerProcess prometheus, Map<String, String> producers, String condition,
                                        boolean present) throws Exception {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, String> p : producers.entrySet()) {
            if (PrometheusServer.query(prometheus, "up" + p.getValue() + condition).isEmpty() != present) {
                out.add(p.getKey());
            }
        }
        return out;
    }

    /** The routes whose producer has no firing {@code FleetProducerDown} alert. */
    private static Set<String> notAlerted(ServerProcess prometheus, Map<String, String> producers) throws Exception {
        Set<String> out = new TreeSet<>();
        HttpResponse<String> r = prometheus.http().get("/api/v1/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray alerts = new JsonObject(r.body()).getJsonObject("data").getJsonArray("alerts");
        for (Map.Entry<String, String> p : producers.entrySet()) {
            boolean firing = alerts.stream().map(o -> (JsonObject) o).anyMatch(a -> "firing".equals(a.getString("state"))
                    && "FleetProducerDown".equals(a.getJsonObject("labels").getString("alertname"))
                    && p.getValue().equals("{job=\"" + a.getJsonObject("labels").getString("job") + "\",instance=\""
                    + a.getJsonObject("labels").getString("instance") + "\"}"));
            if (!firing) {
                out.add(p.getKey());
            }
        }
        return out;
    }
}
