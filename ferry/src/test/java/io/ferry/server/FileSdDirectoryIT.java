package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ListenAddress;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Ferry whose file_sd directory does not exist at start (as with examples/scrape-forward.yml
 * before its targets/ shipped): creating it later is noticed within seconds, with the 5-minute
 * refresh left as it is, and the target's last error names the cause.
 */
class FileSdDirectoryIT {
    @TempDir
    Path dir;

    /** Ferry on a config of one job, {@code services}, whose targets are in {@code targets/*.yml}. */
    private FerryServer start(String jobSettings) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                global: {scrape_interval: 1s, scrape_timeout: 1s}
                scrape_configs:
                  - job_name: services
                    file_sd_configs:
                      - files: [targets/*.yml]
                """ + jobSettings);
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null, null,
                null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        return FerryServer.start(source.load(), source);
    }

    @Test
    void aTargetDirectoryCreatedAfterStartIsScrapedWithoutARestart() throws Exception {
        try (FerryServer ferry = start("")) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(activeTargets(http)).isEmpty();

            Files.createDirectory(dir.resolve("targets"));
            Files.writeString(dir.resolve("targets/web.yml"), "- targets: [\"127.0.0.1:1\"]\n");

            long deadline = System.nanoTime() + 20_000_000_000L;
            JsonObject target = null;
            while (target == null || target.getString("lastError").isEmpty()) {
                assertThat(System.nanoTime()).as("target scraped within 20 s").isLessThan(deadline);
                Thread.sleep(100);
                JsonArray active = activeTargets(http);
                target = active.isEmpty() ? null : active.getJsonObject(0);
            }
            assertThat(target.getString("scrapeUrl")).isEqualTo("http://127.0.0.1:1/metrics");
            assertThat(target.getString("lastError")).isEqualTo("Get \"http://127.0.0.1:1/metrics\": connection refused");
        }
    }

    /**
     * A host with an underscore is scraped, and a target whose scheme cannot be is dropped, saying
     * why: neither stops the start nor the file's other targets (both once threw out of discovery).
     * The count of dropped targets is of them all, not of those kept to be shown.
     */
    @Test
    void anUnderscoreHostIsScrapedAndAnUnsupportedSchemeDropsItsTargetAlone() throws Exception {
        Files.createDirectory(dir.resolve("targets"));
        Files.writeString(dir.resolve("targets/web.yml"), """
                - targets: ["my_app.invalid:1", "127.0.0.1:1"]
                - targets: ["127.0.0.1:2", "127.0.0.1:3"]
                  labels: {__scheme__: ftp}
                """);
        try (FerryServer ferry = start("    keep_dropped_targets: 1\n")) {
            TestHttp http = TestHttp.local(ferry.port());
            long deadline = System.nanoTime() + 20_000_000_000L;
            JsonArray active = activeTargets(http);
            while (active.size() < 2 || active.stream().anyMatch(t -> ((JsonObject) t).getString("lastError").isEmpty())) {
                assertThat(System.nanoTime()).as("both targets scraped within 20 s: %s", active).isLessThan(deadline);
                Thread.sleep(100);
                active = activeTargets(http);
            }
            assertThat(active.stream().map(t -> ((JsonObject) t).getString("scrapeUrl")))
                    .containsExactlyInAnyOrder("http://my_app.invalid:1/metrics", "http://127.0.0.1:1/metrics");
            JsonObject data = new JsonObject(http.get("/api/v1/targets?scrapePool=services").body()).getJsonObject("data");
            // keep_dropped_targets: 1 keeps one of the two, and the count says two, as in Prometheus.
            assertThat(data.getJsonArray("droppedTargets")).hasSize(1);
            assertThat(data.getJsonArray("droppedTargets").getJsonObject(0).getJsonObject("discoveredLabels")
                    .getString("__address__")).isEqualTo("127.0.0.1:2");
            assertThat(data.getJsonObject("droppedTargetCounts").getInteger("services")).isEqualTo(2);
            assertThat(http.get("/targets").body()).contains("<summary>2 dropped targets, 1 shown (keep_dropped_targets)");
        }
    }

    private static JsonArray activeTargets(TestHttp http) throws Exception {
        return new JsonObject(http.get("/api/v1/targets?scrapePool=services").body()).getJsonObject("data")
                .getJsonArray("activeTargets");
    }
}
