package io.ferry.compat;

import io.ferry.server.FerryServer;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes Ferry every second with
 * {@code honor_labels: true}, as the Pushgateway's README prescribes; what was pushed comes back
 * from Prometheus' query API with the pushed {@code job} and {@code instance}.
 */
class PrometheusScrapeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static FerryServer ferry;
    static ServerProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.requireAvailable();
        ferry = Servers.ferry(dir.resolve("ferry"));
        prometheus = PrometheusServer.start(dir, "127.0.0.1:" + ferry.port(), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (ferry != null) {
                ferry.close();
            }
        }
    }

    @Test
    void pushedSeriesKeepTheirJobAndInstance() throws Exception {
        push("PUT", "/metrics/job/backup/instance/nas-01",
                "# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1.7e+09\n"
                        + "# TYPE backup_bytes_total counter\nbackup_bytes_total{volume=\"home\"} 4096\n");
        push("PUT", "/metrics/job@base64/ZXRsL25pZ2h0bHk",
                "# TYPE etl_duration_seconds histogram\netl_duration_seconds_bucket{le=\"60\"} 1\n"
                        + "etl_duration_seconds_bucket{le=\"+Inf\"} 2\netl_duration_seconds_sum{} 150\n"
                        + "etl_duration_seconds_count 2\n"
                        + "# TYPE etl_rows summary\netl_rows{quantile=\"0.5\"} 10\netl_rows_sum 30\netl_rows_count 3\n"
                        + "etl_untyped 5\n");

        JsonObject gauge = single("backup_last_success_timestamp_seconds");
        assertThat(labels(gauge)).containsEntry("job", "backup").containsEntry("instance", "nas-01");
        assertThat(value(gauge)).isEqualTo(1.7e9);
        JsonObject counter = single("backup_bytes_total");
        assertThat(labels(counter)).containsEntry("job", "backup").containsEntry("instance", "nas-01")
                .containsEntry("volume", "home");
        assertThat(value(counter)).isEqualTo(4096);

        // No instance in the key: Ferry exposes instance="", so Prometheus stores no instance
        // rather than its own target address.
        JsonObject bucket = single("etl_duration_seconds_bucket{le=\"+Inf\"}");
        assertThat(labels(bucket)).containsEntry("job", "etl/nightly").doesNotContainKey("instance");
        assertThat(value(bucket)).isEqualTo(2);
        assertThat(value(single("etl_duration_seconds_sum"))).isEqualTo(150);
        assertThat(value(single("etl_rows{quantile=\"0.5\"}"))).isEqualTo(10);
        assertThat(value(single("etl_rows_count"))).isEqualTo(3);
        JsonObject untyped = single("etl_untyped");
        assertThat(labels(untyped)).containsEntry("job", "etl/nightly").doesNotContainKey("instance");
        assertThat(value(untyped)).isEqualTo(5);

        JsonObject pushTime = single("push_time_seconds{job=\"backup\"}");
        assertThat(labels(pushTime)).containsEntry("instance", "nas-01");
        assertThat(value(pushTime)).isGreaterThan(1.7e9);
        assertThat(value(single("push_failure_time_seconds{job=\"backup\"}"))).isZero();

        // Ferry's own metrics carry the scrape's target labels.
        JsonObject up = single("up");
        assertThat(labels(up)).containsEntry("job", PrometheusServer.JOB)
                .containsEntry("instance", "127.0.0.1:" + ferry.port());
        assertThat(value(up)).isEqualTo(1);
    }

    @Test
    void aDeletedGroupGoesStale() throws Exception {
        push("PUT", "/metrics/job/cleanup/instance/tmp", "cleanup_files 12\n");
        assertThat(value(single("cleanup_files"))).isEqualTo(12);
        push("DELETE", "/metrics/job/cleanup/instance/tmp", null);
        await("cleanup_files", JsonArray::isEmpty);
    }

    @Test
    void aCounterPushedWithoutTotalKeepsItsName() throws Exception {
        // Prometheus asks for OpenMetrics first, where a counter's sample must end in _total; Ferry
        // writes such a counter as unknown there, so the series keeps the name the Pushgateway gives it.
        push("PUT", "/metrics/job/legacy", "# TYPE jobs_done counter\njobs_done 3\n");
        assertThat(value(single("jobs_done{job=\"legacy\"}"))).isEqualTo(3);
        assertThat(PrometheusServer.query(prometheus, "jobs_done_total{job=\"legacy\"}")).isEmpty();
    }

    @Test
    void leAndQuantileAreStoredAsFromThePushgateway() throws Exception {
        // Prometheus 2 stores le and quantile as the body writes them. Ferry answers its Accept header
        // with text 0.0.4, as the Pushgateway does, so the series are le="1" and quantile="1", which
        // queries written against the Pushgateway name.
        push("PUT", "/metrics/job/lat",
                "# TYPE lat_seconds histogram\nlat_seconds_bucket{le=\"1\"} 1\nlat_seconds_bucket{le=\"+Inf\"} 2\n"
                        + "lat_seconds_sum 3\nlat_seconds_count 2\n"
                        + "# TYPE rt_seconds summary\nrt_seconds{quantile=\"1\"} 2\nrt_seconds_sum 3\nrt_seconds_count 2\n");
        assertThat(value(single("lat_seconds_bucket{job=\"lat\",le=\"1\"}"))).isEqualTo(1);
        assertThat(value(single("rt_seconds{job=\"lat\",quantile=\"1\"}"))).isEqualTo(2);
        assertThat(PrometheusServer.query(prometheus, "lat_seconds_bucket{le=\"1.0\"}")).isEmpty();
    }

    private static void push(String method, String path, String body) throws Exception {
        HttpResponse<byte[]> r = TestHttp.local(ferry.port()).sendBytes(method, path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("%s %s: %s", method, path, TestHttp.text(r.body())).isIn(200, 202);
    }

    /** The one series {@code query} returns, once Prometheus has it (within {@link #WAIT}). */
    private static JsonObject single(String query) throws Exception {
        JsonArray result = await(query, r -> !r.isEmpty());
        assertThat(result.size()).as("series of %s: %s", query, result).isEqualTo(1);
        return result.getJsonObject(0);
    }

    /** Polls an instant query until {@code done} holds for its result; fails after {@link #WAIT}. */
    private static JsonArray await(String query, Predicate<JsonArray> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray last;
        do {
            last = PrometheusServer.query(prometheus, query);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Prometheus' answer to " + query + " is still " + last + " after " + WAIT
                + "\n--- Prometheus log:\n" + prometheus.log());
    }

    private static Map<String, Object> labels(JsonObject series) {
        return series.getJsonObject("metric").getMap();
    }

    private static double value(JsonObject series) {
        return Double.parseDouble(series.getJsonArray("value").getString(1));
    }
}
