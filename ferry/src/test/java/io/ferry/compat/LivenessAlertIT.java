package io.ferry.compat;

import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.server.FerryServer;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.Promtool;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code examples/alerts.yml} in a real Prometheus (Debian's, scraping Ferry every
 * second with {@code honor_labels: true} and evaluating the rules every second): the overdue alert
 * fires for a pushed job that stopped pushing, and the failed-push alert for a refused push.
 */
class LivenessAlertIT {
    private static final Path ALERTS = Path.of("..", "examples", "alerts.yml");
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void theAlertRulesAreValid() throws Exception {
        Promtool.requireAvailable();
        Promtool.Result r = Promtool.checkRules(ALERTS);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void overdueAndFailedPushesFireTheirAlerts() throws Exception {
        PrometheusServer.requireAvailable();
        FerryConfig config = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0"))
                .applyTo(ConfigLoader.parse("""
                        push:
                          liveness:
                            - match: {job: heartbeat}
                              every: 3s
                              grace: 1s
                            - match: {job: flaky}
                              every: 1h
                        """, "ferry.yml"))
                .withStorage(new StorageConfig(dir.resolve("ferry"))).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        try (FerryServer ferry = FerryServer.start(config);
             ServerProcess prometheus = PrometheusServer.start(dir, "127.0.0.1:" + ferry.port(), Duration.ofSeconds(1),
                     List.of(ALERTS))) {
            TestHttp http = TestHttp.local(ferry.port());
            push(http, "PUT", "/metrics/job/flaky", "ok 1\n", 200);
            // While the heartbeat keeps pushing, Prometheus sees it up and the overdue alert stays quiet.
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                push(http, "PUT", "/metrics/job/heartbeat/instance/worker-1", "beats 1\n", 200);
                Thread.sleep(500);
            } while (PrometheusServer.query(prometheus, "up{job=\"heartbeat\",instance=\"worker-1\"} == 1").isEmpty()
                    && System.nanoTime() < deadline);
            assertThat(PrometheusServer.query(prometheus, "up{job=\"heartbeat\",instance=\"worker-1\"} == 1")).as("up of the heartbeat")
                    .isNotEmpty();
            assertThat(alerts(prometheus, "PushedJobOverdue")).isEmpty();

            // The flaky job's next push is refused (a timestamp): its failure alert fires.
            push(http, "PUT", "/metrics/job/flaky", "ok 1 1000\n", 400);
            JsonObject failed = awaitFiring(prometheus, "PushedJobLastPushFailed", "flaky");
            assertThat(failed.getJsonObject("labels").getString("severity")).isEqualTo("warning");

            // The heartbeat stops: after every + grace (4 s) its up reads 0 and the overdue alert fires.
            JsonObject overdue = awaitFiring(prometheus, "PushedJobOverdue", "heartbeat");
            assertThat(overdue.getJsonObject("labels").getString("instance")).isEqualTo("worker-1");
            assertThat(overdue.getJsonObject("annotations").getString("summary"))
                    .isEqualTo("Pushed job heartbeat worker-1 is overdue");
        }
    }

    private static void push(TestHttp http, String method, String path, String body, int status) throws Exception {
        HttpResponse<byte[]> r = http.sendBytes(method, path, body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("%s %s: %s", method, path, TestHttp.text(r.body())).isEqualTo(status);
    }

    /** The alert {@code name} for {@code job} once it is firing; fails after {@link #WAIT}. */
    private static JsonObject awaitFiring(ServerProcess prometheus, String name, String job) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonObject> last;
        do {
            last = alerts(prometheus, name);
            for (JsonObject a : last) {
                if (job.equals(a.getJsonObject("labels").getString("job")) && "firing".equals(a.getString("state"))) {
                    return a;
                }
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("alert " + name + " for job " + job + " did not fire within " + WAIT + "; alerts: "
                + last + "\n--- Prometheus log:\n" + prometheus.log());
    }

    private static List<JsonObject> alerts(ServerProcess prometheus, String name) throws Exception {
        HttpResponse<String> r = prometheus.http().get("/api/v1/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray all = new JsonObject(r.body()).getJsonObject("data").getJsonArray("alerts");
        return all.stream().map(o -> (JsonObject) o)
                .filter(a -> name.equals(a.getJsonObject("labels").getString("alertname"))).toList();
    }
}
