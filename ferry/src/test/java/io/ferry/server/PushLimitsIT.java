package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every push limit through the running server: the status and the message that names the key,
 * the counter by reason, and the store left as it was.
 */
class PushLimitsIT {
    @TempDir
    Path storage;

    private FerryConfig config(String limits) throws Exception {
        FerryConfig file = ConfigLoader.parse("push:\n  limits:\n" + limits.indent(4), "ferry.yml");
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), file.push());
    }

    @Test
    void perPushLimitsAnswer400NamingTheKeyAndCount() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("""
                max_series_per_push: 3
                max_labels_per_series: 4
                max_label_name_length: 8
                max_label_value_length: 10
                """))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/j", "a 1\nb 1\nc 1\n").statusCode()).isEqualTo(200);
            HttpResponse<String> tooMany = http.send("PUT", "/metrics/job/j", "a 1\nb 1\nc 1\nd 1\n");
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(tooMany.body()).isEqualTo(
                    "push refused: 4 series in one push, over the limit of 3 (push.limits.max_series_per_push)\n");
            // job and instance count: two more labels make five.
            HttpResponse<String> labels = http.send("PUT", "/metrics/job/j", "a{x=\"1\",y=\"2\",z=\"3\"} 1\n");
            assertThat(labels.statusCode()).isEqualTo(400);
            assertThat(labels.body()).contains("(push.limits.max_labels_per_series)");
            assertThat(http.send("PUT", "/metrics/job/j", "a{verylongname=\"1\"} 1\n").body())
                    .contains("label name \"verylongname\"").contains("(push.limits.max_label_name_length)");
            assertThat(http.send("PUT", "/metrics/job/j", "a{k=\"0123456789x\"} 1\n").body())
                    .contains("11 characters long, over the limit of 10 bytes (push.limits.max_label_value_length)");

            String metrics = http.get("/metrics").body();
            assertThat(metrics)
                    .contains("ferry_push_limit_refusals_total{reason=\"max_series_per_push\"} 1\n")
                    .contains("ferry_push_limit_refusals_total{reason=\"max_labels_per_series\"} 1\n")
                    .contains("ferry_push_limit_refusals_total{reason=\"max_label_name_length\"} 1\n")
                    .contains("ferry_push_limit_refusals_total{reason=\"max_label_value_length\"} 1\n")
                    .contains("ferry_push_limit_refusals_total{reason=\"max_groups\"} 0\n")
                    // The group kept what was pushed before, and the refusals show as its failure time.
                    .contains("c{instance=\"\",job=\"j\"} 1\n")
                    .containsPattern("push_failure_time_seconds\\{instance=\"\",job=\"j\"} 1\\.");
        }
    }

    @Test
    void bodiesOverTheLimitAnswer413WhetherSentWhole_streamedOrGzipped() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("max_body_bytes: 1KiB\n"))) {
            TestHttp http = TestHttp.local(ferry.port());
            String big = "m 1\n".repeat(300); // 1,200 bytes
            HttpResponse<String> whole = http.send("PUT", "/metrics/job/j", big);
            assertThat(whole.statusCode()).isEqualTo(413);
            assertThat(whole.body()).isEqualTo(
                    "push refused: the body is larger than the limit of 1024 bytes (push.limits.max_body_bytes)\n");

            // Without a Content-Length (chunked), refused as the body passes the limit.
            HttpResponse<String> streamed = http.send(http.request("/metrics/job/j")
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(streamed.statusCode()).isEqualTo(413);

            // 40 KB of text gzipped to well under 1 KiB: stopped once it inflates past the limit.
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write("m 1\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(gz.size()).isLessThan(1024);
            HttpResponse<String> bomb = http.send(http.request("/metrics/job/j").header("Content-Encoding", "gzip")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bomb.statusCode()).isEqualTo(413);
            assertThat(bomb.body()).isEqualTo("push refused: the decompressed body is larger than the limit of 1024 "
                    + "bytes (push.limits.max_body_bytes)\n");

            assertThat(http.get("/metrics").body())
                    .contains("ferry_push_limit_refusals_total{reason=\"max_body_bytes\"} 3\n")
                    .doesNotContain("job=\"j\""); // no group, not even a failure time
        }
    }

    @Test
    void storeWideLimitsHoldAcrossARestart() throws Exception {
        String limits = "max_groups: 2\nmax_series: 3\n";
        try (FerryServer ferry = FerryServer.start(config(limits))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/a", "x 1\ny 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/b", "x 1\n").statusCode()).isEqualTo(200);
            HttpResponse<String> third = http.send("PUT", "/metrics/job/c", "x 1\n");
            assertThat(third.statusCode()).isEqualTo(400);
            assertThat(third.body()).isEqualTo(
                    "push refused: Ferry holds 2 groups, the limit (push.limits.max_groups); delete groups or raise it\n");
        }
        try (FerryServer ferry = FerryServer.start(config(limits))) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> grow = http.send("PUT", "/metrics/job/b", "x 1\ny 1\n");
            assertThat(grow.statusCode()).isEqualTo(400);
            assertThat(grow.body()).isEqualTo("push refused: it would bring the series stored to 4, over the limit "
                    + "of 3 (push.limits.max_series)\n");
            assertThat(http.get("/metrics").body()).contains("ferry_push_limit_refusals_total{reason=\"max_series\"} 1\n")
                    .doesNotContain("job=\"c\"");
        }
    }

    @Test
    void pushesOverTheRateAnswer429WithRetryAfter() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("max_pushes_per_second: 0.01\nburst: 2\n"))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/a", "x 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/b", "x 1\n").statusCode()).isEqualTo(200);
            HttpResponse<String> third = http.send("PUT", "/metrics/job/a", "x 2\n");
            assertThat(third.statusCode()).isEqualTo(429);
            // One push per 100 s: the next token is 100 s away.
            assertThat(third.headers().firstValue("Retry-After")).hasValue("100");
            assertThat(third.body()).contains("(push.limits.max_pushes_per_second)");
            // Reads are not pushes.
            assertThat(http.get("/metrics").body())
                    .contains("ferry_push_limit_refusals_total{reason=\"max_pushes_per_second\"} 1\n")
                    .contains("x{instance=\"\",job=\"a\"} 1\n");
        }
    }
}
