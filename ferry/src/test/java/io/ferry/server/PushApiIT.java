package io.ferry.server;

import io.ferry.config.PushLimitsConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The push API through the real server wiring, on port 0, with the JDK's HTTP client. */
class PushApiIT {
    @TempDir
    Path storage;

    @Test
    void pushScrapeDeleteAndRestart() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> put = http.send("PUT", "/metrics/job/backup/instance/nas-01",
                    "# TYPE backup_bytes gauge\nbackup_bytes{volume=\"home\"} 4.2e+09\n");
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(http.send("POST", "/metrics/job@base64/ZXRs/path@base64/L3Zhci90bXA",
                    "rows_total 7\n").statusCode()).isEqualTo(200);

            String metrics = http.send("GET", "/metrics", null).body();
            assertThat(metrics)
                    .contains("backup_bytes{instance=\"nas-01\",job=\"backup\",volume=\"home\"} 4.2e+09\n")
                    .contains("rows_total{instance=\"\",job=\"etl\",path=\"/var/tmp\"} 7\n")
                    .contains("push_time_seconds{instance=\"nas-01\",job=\"backup\"} 1.")
                    .contains("push_failure_time_seconds{instance=\"nas-01\",job=\"backup\"} 0\n")
                    .contains("# TYPE process_cpu_seconds_total counter")
                    .contains("ferry_push_groups 2\n")
                    .contains("ferry_push_log_mutations_total 2\n")
                    .containsPattern("ferry_push_log_commits_total [12]\n")
                    .containsPattern("ferry_push_log_force_duration_seconds_count [12]\n");

            HttpResponse<String> bad = http.send("PUT", "/metrics/job/backup", "backup_bytes 1\n0bad 2\n");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("line 2: invalid metric name \"0bad\"\n");
            HttpResponse<String> clash = http.send("PUT", "/metrics/job/other", "# TYPE backup_bytes counter\nbackup_bytes 1\n");
            assertThat(clash.statusCode()).isEqualTo(400);
            assertThat(clash.body()).contains("is pushed as counter but another group has it as gauge");
            assertThat(http.send("PUT", "/metrics/job/", "").body()).isEqualTo("job name is required\n");

            assertThat(http.send("DELETE", "/metrics/job/etl/path@base64/L3Zhci90bXA", null).statusCode()).isEqualTo(202);
            assertThat(http.send("GET", "/metrics", null).body()).doesNotContain("rows_total");
        }
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            String metrics = http.send("GET", "/metrics", null).body();
            assertThat(metrics).contains("backup_bytes{instance=\"nas-01\",job=\"backup\",volume=\"home\"} 4.2e+09\n")
                    .contains("push_failure_time_seconds{instance=\"\",job=\"other\"} 1.")
                    .doesNotContain("rows_total");
        }
    }

    /** Bytes sent raw in the request line, as a hand-written client may: read as UTF-8, or refused. */
    @Test
    void aPathWithRawUtf8BytesNamesTheGroupAsGoReadsIt() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            String utf8AsLatin1 = new String("Πρ".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String[] c : new String[][] {{utf8AsLatin1, "HTTP/1.1 200"}, {"\u00FF\u00FE", "HTTP/1.1 400"}}) {
                try (java.net.Socket s = FrontDoor.connect(ferry.port())) {
                    FrontDoor.write(s, "PUT /metrics/job/" + c[0] + " HTTP/1.1\r\nHost: ferry\r\nContent-Length: 4\r\n"
                            + "Connection: close\r\n\r\nm 1\n");
                    assertThat(FrontDoor.readAvailable(s, java.time.Duration.ofSeconds(5))).startsWith(c[1]);
                }
            }
            assertThat(TestHttp.local(ferry.port()).metrics()).contains("m{instance=\"\",job=\"Πρ\"} 1");
        }
    }

    /** {@code snzip | curl -H 'Content-Encoding: snappy' --data-binary @-}, as the Pushgateway's README shows. */
    @Test
    void aSnappyFramedBodyIsAPush() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
            try (var s = new org.xerial.snappy.SnappyFramedOutputStream(framed)) {
                s.write("# TYPE backup_bytes gauge\nbackup_bytes 42\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.sendBytes("PUT", "/metrics/job/snappy", framed.toByteArray(), "Content-Encoding", "snappy")
                    .statusCode()).isEqualTo(200);
            assertThat(http.metrics()).contains("backup_bytes{instance=\"\",job=\"snappy\"} 42");
            var broken = http.sendBytes("PUT", "/metrics/job/snappy", "backup_bytes 1\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "Content-Encoding", "snappy");
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(new String(broken.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("the body is not valid snappy (framed)");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            String big = "m 1\n".repeat((int) (PushLimitsConfig.DEFAULTS.maxBodyBytes() / 4) + 10);
            assertThat(http.send("PUT", "/metrics/job/big", big).statusCode()).isEqualTo(413);
        }
    }

    @Test
    void aLargeStoreIsServedWholeInPiecesPlainAndGzipped() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            StringBuilder body = new StringBuilder("# TYPE big gauge\n");
            for (int i = 0; i < 20_000; i++) {
                body.append("big{series=\"").append(i).append("\"} ").append(i).append('\n');
            }
            assertThat(http.send("PUT", "/metrics/job/big", body.toString()).statusCode()).isEqualTo(200);
            String plain = http.send("GET", "/metrics", null).body();
            assertThat(plain.length()).as("several pieces").isGreaterThan(3 * MetricsBody.PIECE_BYTES);
            assertThat(plain.lines().filter(l -> l.startsWith("big{")).count()).isEqualTo(20_000);
            assertThat(plain).contains("big{instance=\"\",job=\"big\",series=\"19999\"} 19999\n")
                    .endsWith("\n");

            HttpResponse<byte[]> gzipped = http.getBytes("/metrics", "Accept-Encoding", "gzip");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
                String unzipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                // The own metrics move between the two scrapes; the pushed part is the same.
                assertThat(unzipped.lines().filter(l -> l.startsWith("big{")).toList())
                        .isEqualTo(plain.lines().filter(l -> l.startsWith("big{")).toList());
            }
        }
    }

    private FerryConfig config() {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }
}
