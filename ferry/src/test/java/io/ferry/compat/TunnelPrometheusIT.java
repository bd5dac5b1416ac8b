package io.ferry.compat;

import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;
import io.ferry.server.TestTarget;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.PushProxClient;
import io.ferry.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's 2.42) scrapes a target behind the tunnel through Ferry's proxy with
 * {@code proxy_url}, as PushProx's README configures it, while PushProx's client (the Python
 * re-implementation) polls Ferry: {@code up} is 1 and the target's metric arrives.
 */
class TunnelPrometheusIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesATargetBehindTheTunnel() throws Exception {
        PrometheusServer.requireAvailable();
        try (TestTarget target = new TestTarget("127.0.0.1", n -> "# TYPE behind_nat_answer gauge\nbehind_nat_answer 42\n");
             FerryServer ferry = FerryServer.start(FerryConfig.DEFAULTS
                .withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0")))
                .withStorage(new StorageConfig(Files.createDirectories(dir.resolve("ferry"))))
                .withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
             PushProxClient client = PushProxClient.start("http://127.0.0.1:" + ferry.port() + "/", "127.0.0.1");
             ServerProcess prometheus = PrometheusServer.startWithScrapeConfigs(
                     Files.createDirectories(dir.resolve("prometheus")), Duration.ofSeconds(1), """
                               - job_name: behind-nat
                                 proxy_url: http://127.0.0.1:%d/
                                 static_configs:
                                   - targets: ['127.0.0.1:%d']
                             """.formatted(ferry.port(), target.port()))) {
            JsonObject answer = await(prometheus, "behind_nat_answer");
            assertThat(answer.getJsonObject("metric").getString("job")).isEqualTo("behind-nat");
            assertThat(answer.getJsonArray("value").getString(1)).isEqualTo("42");
            JsonObject up = await(prometheus, "up{job=\"behind-nat\"}");
            assertThat(up.getJsonArray("value").getString(1)).as(client.log()).isEqualTo("1");
        }
    }

    /** The first series {@code query} returns, once Prometheus has one. */
    private static JsonObject await(ServerProcess prometheus, String query) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray result;
        do {
            result = PrometheusServer.query(prometheus, query);
            if (!result.isEmpty() && !(query.startsWith("up") && "0".equals(
                    result.getJsonObject(0).getJsonArray("value").getString(1)))) {
                return result.getJsonObject(0);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + query + " within " + WAIT + ": " + result);
    }
}
