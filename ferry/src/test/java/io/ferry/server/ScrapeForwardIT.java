package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.ListenAddress;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrape and forward end to end: a real Ferry scrapes test targets found by file_sd and
 * remote-writes to a real Prometheus (Debian's, as a receiver), which is then queried.
 */
class ScrapeForwardIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private ServerProcess prometheus;

    @BeforeEach
    void receiver() throws Exception {
        PrometheusServer.requireAvailable();
        Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusServer.startReceiver(dir.resolve("prometheus"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        running.add(c);
        return c;
    }

    private Path config(String targetsFile) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  external_labels: {collector: it}
                scrape_configs:
                  - job_name: app
                    file_sd_configs:
                      - files: [%s]
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                """.formatted(targetsFile, prometheus.port()));
        return file;
    }

    private FerryServer startFerry(Path file) throws Exception {
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null, null,
                null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF).withOtlp(OtlpOptions.OFF));
        return FerryServer.start(source.load(), source);
    }

    private void writeTargets(String... addresses) throws Exception {
        StringBuilder json = new StringBuilder("[{\"targets\": [");
        for (int i = 0; i < addresses.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(addresses[i]).append('"');
        }
        Path tmp = dir.resolve("targets.json.tmp");
        Files.writeString(tmp, json.append("], \"labels\": {\"team\": \"a\"}}]").toString());
        Files.move(tmp, dir.resolve("targets.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void scrapedSeriesUpStalenessDiscoveryAndPushedStateReachPrometheus() throws Exception {
        TestTarget a = keep(new TestTarget("127.0.0.1", n -> "app_scrapes_total " + n + "\n"
                + (n <= 3 ? "app_short_lived 1\n" : "")));
        writeTargets(a.address());
        FerryServer ferry = keep(startFerry(config("targets.json")));

        awaitQuery("app_scrapes_total{job=\"app\",instance=\"" + a.address() + "\",team=\"a\",collector=\"it\"}",
                r -> r.size() == 1);
        awaitQuery("up{job=\"app\"} == 1", r -> r.size() == 1);
        awaitQuery("scrape_samples_scraped{job=\"app\"}", r -> r.size() == 1);
        // Seen, then ended by a stale marker: the series exists in the range but not at the last instant.
        awaitQuery("count_over_time(app_short_lived[1h])", r -> r.size() == 1);
        awaitQuery("app_short_lived", List::isEmpty);

        // file_sd: a second target is picked up from the file without a reload.
        TestTarget b = keep(new TestTarget("127.0.0.2", n -> "app_scrapes_total " + n + "\n"));
        writeTargets(a.address(), b.address());
        awaitQuery("up{job=\"app\",instance=\"" + b.address() + "\"} == 1", r -> r.size() == 1);

        // A target that dies reads up 0.
        b.close();
        awaitQuery("up{job=\"app\",instance=\"" + b.address() + "\"} == 0", r -> r.size() == 1);

        // Pushed state flows through the self-scrape with its own job label.
        TestHttp push = TestHttp.local(ferry.port());
        assertThat(push.send("PUT", "/metrics/job/nightly/instance/db1", "backup_bytes 42\n").statusCode()).isEqualTo(200);
        awaitQuery("backup_bytes{job=\"nightly\",instance=\"db1\",collector=\"it\"} == 42", r -> r.size() == 1);

        // The targets API shows both targets, the dead one down with its error.
        JsonObject targets = new JsonObject(push.get("/api/v1/targets").body());
        JsonArray active = targets.getJsonObject("data").getJsonArray("activeTargets");
        assertThat(active.stream().map(o -> ((JsonObject) o).getString("scrapePool")).toList())
                .contains("app", "ferry");
        assertThat(active.stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("scrapeUrl").contains(b.address())).findFirst().orElseThrow()
                .getString("health")).isEqualTo("down");

        // The targets page shows the same, escaped HTML.
        HttpResponse<String> page = push.get("/targets");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<h2 id=\"job-app\">app (1/2 up)</h2>", "http://" + a.address() + "/metrics",
                "<td class=\"health-down\">DOWN</td>", "team=&#34;a&#34;");
    }

    @Test
    void aReceiverOutageAndARestartDuringItLoseNoSample() throws Exception {
        TestTarget target = keep(new TestTarget("127.0.0.1", n -> "app_scrapes_total " + n + "\n"));
        writeTargets(target.address());
        Path file = config("targets.json");
        String series = "app_scrapes_total{instance=\"" + target.address() + "\"}";
        int port = prometheus.port();
        try (FerryServer ferry = startFerry(file)) {
            awaitQuery(series, r -> r.size() == 1);
            prometheus.close(); // the receiver goes away
            prometheus = null;
            awaitServed(target, target.served() + 3);
        } // Ferry restarts while the receiver is down
        int beforeRestart = target.served();
        try (FerryServer ferry = startFerry(file)) {
            awaitServed(target, beforeRestart + 3);
            prometheus = PrometheusServer.startReceiver(dir.resolve("prometheus"), port);
            awaitServed(target, beforeRestart + 5);
        }
        // Every scrape the target served is in Prometheus, in order: values 1..n, no reset.
        int served = target.served();
        awaitQuery("count_over_time(" + series + "[1h]) == " + served, r -> r.size() == 1);
        assertThat(query("max_over_time(" + series + "[1h])")).containsExactly(Integer.toString(served));
        assertThat(query("resets(" + series + "[1h])")).containsExactly("0");
    }

    @Test
    void leAndQuantileAreForwardedAsPrometheus3StoresThemOrAsPrometheus2Does() throws Exception {
        TestTarget target = keep(new TestTarget("127.0.0.1", n -> """
                # TYPE lat_seconds histogram
                lat_seconds_bucket{le="1"} 1
                lat_seconds_bucket{le="+Inf"} 2
                lat_seconds_sum 3
                lat_seconds_count 2
                # TYPE rt_seconds summary
                rt_seconds{quantile="0.5"} 1
                rt_seconds{quantile="1"} 2
                rt_seconds_sum 3
                rt_seconds_count 2
                """));
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                global: {scrape_interval: 1s, scrape_timeout: 1s}
                scrape_configs:
                  - job_name: v3
                    static_configs: [{targets: ["%1$s"]}]
                  - job_name: v2
                    normalize_le_and_quantile: false
                    static_configs: [{targets: ["%1$s"]}]
                remote_write:
                  - url: http://127.0.0.1:%2$d/api/v1/write
                """.formatted(target.address(), prometheus.port()));
        keep(startFerry(file));
        // Prometheus 3 normalises le and quantile of classic histograms and summaries, whatever the format.
        awaitQuery("lat_seconds_bucket{job=\"v3\",le=\"1.0\"}", r -> r.size() == 1);
        awaitQuery("rt_seconds{job=\"v3\",quantile=\"1.0\"}", r -> r.size() == 1);
        awaitQuery("lat_seconds_bucket{job=\"v2\",le=\"1\"}", r -> r.size() == 1);
        awaitQuery("rt_seconds{job=\"v2\",quantile=\"1\"}", r -> r.size() == 1);

        // And Prometheus 2.42, scraping the same target itself, stores what the v2 job forwards.
        Path own = Files.createDirectories(dir.resolve("prometheus2"));
        try (ServerProcess scraper = PrometheusServer.start(own, target.address(), Duration.ofSeconds(1))) {
            JsonArray stored = awaitResult(scraper, "lat_seconds_bucket{le!=\"+Inf\"} or rt_seconds");
            List<String> bounds = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) {
                JsonObject m = stored.getJsonObject(i).getJsonObject("metric");
                bounds.add(m.getString("__name__") + " " + m.getString("le", m.getString("quantile")));
            }
            assertThat(bounds).containsExactlyInAnyOrder("lat_seconds_bucket 1", "rt_seconds 0.5", "rt_seconds 1");
        }
    }

    /** The first non-empty answer of {@code scraper} to {@code expr}, within 60 s. */
    private static JsonArray awaitResult(ServerProcess scraper, String expr) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonArray last;
        do {
            last = PrometheusServer.query(scraper, expr);
            if (last.size() >= 3) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(expr + " gave " + last + "\n--- Prometheus log:\n" + scraper.log());
    }

    private static void awaitServed(TestTarget t, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (t.served() < n) {
            assertThat(System.nanoTime()).as("the target served %d scrapes, not %d", t.served(), n).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitQuery(String expr, Predicate<List<String>> ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> last;
        do {
            last = query(expr);
            if (ok.test(last)) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(expr + " gave " + last + "\n--- Prometheus log:\n" + prometheus.log());
    }

    /** The values of an instant query now. */
    private List<String> query(String expr) throws Exception {
        JsonArray result = PrometheusServer.query(prometheus, expr);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            out.add(result.getJsonObject(i).getJsonArray("value").getString(1));
        }
        return out;
    }
}
