package io.ferry.compat;

import io.ferry.server.FerryServer;
import io.ferry.testing.Promtool;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promtool check metrics} on what Ferry serves after a mixed push workload: several groups,
 * every type, POST merges, a delete and refused pushes. promtool must parse it all; lint findings
 * about the pushed names (exit 3) are the pushers' business.
 */
class PromtoolWorkloadIT {
    @TempDir
    Path dir;

    @Test
    void servedExpositionParsesAfterAMixedWorkload() throws Exception {
        Promtool.requireAvailable();
        try (FerryServer ferry = Servers.ferry(dir.resolve("data"))) {
            TestHttp http = TestHttp.local(ferry.port());
            push(http, "PUT", "/metrics/job/backup/instance/nas-01", 200,
                    "# HELP backup_bytes_total Bytes written.\n# TYPE backup_bytes_total counter\n"
                            + "backup_bytes_total{volume=\"home\"} 4.2e+09\nbackup_bytes_total{volume=\"srv\"} 1e+06\n"
                            + "# TYPE backup_last_success_timestamp_seconds gauge\n"
                            + "backup_last_success_timestamp_seconds 1.7e+09\n");
            push(http, "PUT", "/metrics/job/backup/instance/nas-02", 200,
                    "# HELP backup_bytes_total Bytes written by the second NAS.\n# TYPE backup_bytes_total counter\n"
                            + "backup_bytes_total{volume=\"home\"} 12\n");
            push(http, "PUT", "/metrics/job@base64/ZXRsL25pZ2h0bHk/path@base64/L3Zhci90bXA",
                    200, "# TYPE etl_duration_seconds histogram\n"
                            + "etl_duration_seconds_bucket{le=\"1\"} 1\netl_duration_seconds_bucket{le=\"60\"} 3\n"
                            + "etl_duration_seconds_bucket{le=\"+Inf\"} 4\netl_duration_seconds_sum 150.5\n"
                            + "etl_duration_seconds_count 4\n"
                            + "# TYPE etl_rows summary\netl_rows{quantile=\"0.5\"} 10\netl_rows{quantile=\"0.99\"} NaN\n"
                            + "etl_rows_sum 30\netl_rows_count 3\n"
                            + "# TYPE etl_idle summary\netl_idle_sum 0\netl_idle_count 0\n"
                            + "etl_untyped{note=\"quote \\\" backslash \\\\ newline \\n\"} -Inf\n");
            // POST merges: replaces etl_untyped, adds a gauge, keeps the rest.
            push(http, "POST", "/metrics/job@base64/ZXRsL25pZ2h0bHk/path@base64/L3Zhci90bXA", 200,
                    "etl_untyped 1\n# TYPE etl_queue gauge\netl_queue NaN\n");
            push(http, "PUT", "/metrics/job/tmp", 200, "tmp_value 1\n");
            push(http, "DELETE", "/metrics/job/tmp", 202, null);
            // Refused: a type clash, a timestamp, a body that does not parse.
            push(http, "PUT", "/metrics/job/clash", 400, "# TYPE backup_bytes_total gauge\nbackup_bytes_total 1\n");
            push(http, "PUT", "/metrics/job/stamped/instance/x", 400, "stamped 1 1700000000000\n");
            push(http, "PUT", "/metrics/job/broken", 400, "broken{ 1\n");

            String served = http.metrics();
            assertThat(served)
                    .contains("etl_untyped{instance=\"\",job=\"etl/nightly\",path=\"/var/tmp\"} 1\n")
                    .contains("etl_rows_count{instance=\"\",job=\"etl/nightly\",path=\"/var/tmp\"} 3\n")
                    .contains("push_failure_time_seconds{instance=\"\",job=\"clash\"} 1.")
                    .contains("push_failure_time_seconds{instance=\"x\",job=\"stamped\"} 1.")
                    .doesNotContain("tmp_value")
                    .doesNotContain("job=\"broken\"");
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, served, StandardCharsets.UTF_8);
            Promtool.Result result = Promtool.checkMetrics(file);
            assertThat(result.exitCode()).as("promtool check metrics:\n%s", result.output()).isIn(0, 3);
            // promtool 2.42 reports an exposition it cannot read as "error while linting: text
            // format parsing error in line N: ...", with exit 1.
            assertThat(result.output()).doesNotContain("error while linting").doesNotContain("parsing error");
        }
    }

    private static void push(TestHttp http, String method, String path, int status, String body) throws Exception {
        HttpResponse<byte[]> r = http.sendBytes(method, path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("%s %s: %s", method, path, TestHttp.text(r.body())).isEqualTo(status);
    }
}
