package io.ferry.cli;

import io.ferry.otlp.OtlpOptions;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.server.FerryServer;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferry push} against a real Ferry on port 0: formats, grouping keys, methods, exit codes, retries. */
class PushCommandIT extends CapturedCli {
    @TempDir
    Path storage;
    @TempDir
    Path work;

    private FerryConfig config(String listen, String prefix) {
        return new FerryConfig(new WebConfig(ListenAddress.parse(listen), prefix, "", "/metrics", false, false),
                new StorageConfig(storage), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }

    @Test
    void pushesEachFormatUnderARoutePrefix() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("127.0.0.1:0", "/pg"))) {
            String gw = "http://127.0.0.1:" + ferry.port() + "/pg/";
            TestHttp http = TestHttp.local(ferry.port());
            Path text = Files.writeString(work.resolve("a.prom"), "# TYPE t gauge\nt{x=\"1\"} 1\n");
            Path om = Files.writeString(work.resolve("b.om"), "# TYPE o counter\no_total 2\n# EOF\n");
            Path pb = Files.write(work.resolve("c.pb"), ExpositionFormat.PROTOBUF.writer().toBytes(List.of(
                    new MetricFamily("p", MetricType.GAUGE, "from protobuf", null, List.of(ValueMetric.of(Labels.EMPTY, 3))))));
            assertThat(run("push", "--gateway", gw, "--job", "fmt", "--instance", "text", text.toString())).isZero();
            assertThat(run("push", "--gateway", gw, "--job", "fmt", "--instance", "om", om.toString())).isZero();
            assertThat(run("push", "--gateway", gw, "--job", "fmt", "--instance", "pb", "--format", "protobuf", pb.toString()))
                    .isZero();
            assertThat(err.toString()).isEmpty();
            String m = http.get("/pg/metrics").body();
            assertThat(m).contains("t{instance=\"text\",job=\"fmt\",x=\"1\"} 1\n", "o_total{instance=\"om\",job=\"fmt\"} 2\n",
                    "# TYPE o_total counter", "p{instance=\"pb\",job=\"fmt\"} 3\n", "# HELP p from protobuf");
        }
    }

    @Test
    void aTokenFromAFileOpensAProtectedFerryForItsJobsOnly() throws Exception {
        FerryConfig protectedFerry = io.ferry.config.ConfigLoader.parse("""
                auth:
                  tokens:
                    - name: backup-writer
                      token: s3cret-backup
                      jobs: ["backup"]
                      actions: [push, delete]
                """, "ferry.yml").withWeb(new WebConfig(ListenAddress.parse("127.0.0.1:0")))
                .withStorage(new StorageConfig(storage)).withStatsd(io.ferry.statsd.StatsdOptions.OFF).withOtlp(OtlpOptions.OFF);
        try (FerryServer ferry = FerryServer.start(protectedFerry)) {
            String gw = "http://127.0.0.1:" + ferry.port();
            TestHttp http = TestHttp.local(ferry.port());
            Path metrics = Files.writeString(work.resolve("m.prom"), "backup_bytes 42\n");
            Path token = Files.writeString(work.resolve("token"), "s3cret-backup\n");

            assertThat(run("push", "--gateway", gw, "--job", "backup", "--token-file", token.toString(),
                    metrics.toString())).isZero();
            assertThat(http.get("/metrics").body()).contains("backup_bytes{instance=\"\",job=\"backup\"} 42\n");

            assertThat(run("push", "--gateway", gw, "--job", "backup", metrics.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("401");
            err.getBuffer().setLength(0);
            assertThat(run("push", "--gateway", gw, "--job", "etl", "--token-file", token.toString(),
                    metrics.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("403").contains("may not push job \"etl\"")
                    .doesNotContain("s3cret-backup");
            assertThat(run("push", "--gateway", gw, "--job", "backup", "--token-file", token.toString(),
                    "--method", "delete")).isZero();
            assertThat(http.get("/metrics").body()).doesNotContain("backup_bytes");
        }
    }

    @Test
    void base64GroupingKeysReadBackFromTheJsonApi() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("127.0.0.1:0", ""))) {
            String gw = "http://127.0.0.1:" + ferry.port();
            TestHttp http = TestHttp.local(ferry.port());
            Path f = Files.writeString(work.resolve("m.prom"), "m 1\n");
            assertThat(run("push", "--gateway", gw, "--job", "etl/nightly", "--label", "path=/var/tmp", "--label", "empty=",
                    "--label", "addr=10.0.0.1:9100", "--label", "sp=a b", f.toString())).isZero();
            String json = http.get("/api/v1/metrics").body();
            assertThat(json).contains("\"labels\":{\"addr\":\"10.0.0.1:9100\",\"empty\":\"\",\"job\":\"etl/nightly\","
                    + "\"path\":\"/var/tmp\",\"sp\":\"a b\"}");
            assertThat(http.get("/metrics").body())
                    .contains("m{addr=\"10.0.0.1:9100\",empty=\"\",instance=\"\",job=\"etl/nightly\",path=\"/var/tmp\",sp=\"a b\"} 1\n");
            // The same key deletes it.
            assertThat(run("push", "--gateway", gw, "--job", "etl/nightly", "--label", "path=/var/tmp", "--label", "empty=",
                    "--label", "addr=10.0.0.1:9100", "--label", "sp=a b", "--method", "delete")).isZero();
            assertThat(http.get("/metrics").body()).doesNotContain("etl/nightly");
        }
    }

    @Test
    void putReplacesTheGroupAndPostOnlyTheNamedFamilies() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("127.0.0.1:0", ""))) {
            String gw = "http://127.0.0.1:" + ferry.port();
            TestHttp http = TestHttp.local(ferry.port());
            Path ab = Files.writeString(work.resolve("ab.prom"), "a 1\nb 1\n");
            Path a2 = Files.writeString(work.resolve("a2.prom"), "a 2\n");
            assertThat(run("push", "--gateway", gw, "--job", "j", ab.toString())).isZero();
            assertThat(run("push", "--gateway", gw, "--job", "j", "--method", "POST", a2.toString())).isZero();
            assertThat(http.get("/metrics").body()).contains("a{instance=\"\",job=\"j\"} 2\n", "b{instance=\"\",job=\"j\"} 1\n");
            assertThat(run("push", "--gateway", gw, "--job", "j", a2.toString())).isZero();
            assertThat(http.get("/metrics").body()).contains("a{instance=\"\",job=\"j\"} 2\n").doesNotContain("b{instance=\"\",job=\"j\"}");
            assertThat(err.toString()).isEmpty();

            // An empty file (what a failed generator leaves) is pushed as the Pushgateway takes it, and said.
            Path empty = Files.writeString(work.resolve("empty.prom"), "");
            assertThat(run("push", "--gateway", gw, "--job", "j", empty.toString())).isZero();
            assertThat(err.toString()).isEqualTo("ferry push: " + empty + " holds no metrics; the PUT replaces the group's metrics with none\n");
            assertThat(http.get("/metrics").body()).doesNotContain("a{instance=\"\",job=\"j\"}");
        }
    }

    @Test
    void exitCodes() throws Exception {
        try (FerryServer ferry = FerryServer.start(config("127.0.0.1:0", ""))) {
            String gw = "http://127.0.0.1:" + ferry.port();
            Path broken = Files.writeString(work.resolve("broken.prom"), "ok 1\n0bad 2\n");
            assertThat(run("push", "--gateway", gw, "--job", "j", broken.toString())).isEqualTo(1);
            assertThat(err.toString()).isEqualTo(broken + ":2: invalid metric name \"0bad\"\n");

            Path stamped = Files.writeString(work.resolve("ts.prom"), "ts 1 1700000000000\n");
            assertThat(run("push", "--gateway", gw, "--job", "j", stamped.toString())).isEqualTo(1);
            assertThat(err.toString()).contains(stamped + ": samples of ts carry timestamps");

            Files.writeString(work.resolve("g.prom"), "# TYPE clash gauge\nclash 1\n");
            Files.writeString(work.resolve("c.prom"), "# TYPE clash counter\nclash 1\n");
            assertThat(run("push", "--gateway", gw, "--job", "g", work.resolve("g.prom").toString())).isZero();
            err.getBuffer().setLength(0);
            assertThat(run("push", "--gateway", gw, "--job", "c", work.resolve("c.prom").toString())).isEqualTo(1);
            assertThat(err.toString()).startsWith("ferry push: " + gw + "/metrics/job/c refused the PUT with HTTP 400: "
                    + "pushed metrics are invalid or inconsistent with existing metrics");

            assertThat(run("push", "--gateway", gw, "--job", "j", "--label", "__x=1", broken.toString())).isEqualTo(2);
            assertThat(run("push", "--gateway", gw, "--job", "j", "--method", "PATCH")).isEqualTo(2);
            assertThat(run("push", "--gateway", gw, "--job", "j", "--token", "t", "--user", "u:p", broken.toString())).isEqualTo(2);
            assertThat(run("push", "--gateway", gw, "--job", "j", "--ca-file", "x.pem", broken.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("need an https:// gateway");
        }
        err.getBuffer().setLength(0);
        assertThat(run("push", "--gateway", "http://127.0.0.1:1", "--job", "j", work.resolve("absent.prom").toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(work.resolve("absent.prom") + ": cannot read: no such file or directory\n");
        err.getBuffer().setLength(0);
        Path ok = Files.writeString(work.resolve("ok.prom"), "ok 1\n");
        assertThat(run("push", "--gateway", "http://127.0.0.1:1", "--job", "j", "--retries", "1", ok.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("ferry push: attempt 1 of 2 failed: cannot connect")
                .contains("ferry push: not delivered to http://127.0.0.1:1/metrics/job/j: cannot connect");
    }

    /** The gateway is down when the push starts and comes up a little later: the retries deliver it. */
    @Test
    void retriesUntilTheGatewayComesUp() throws Exception {
        int port = ExternalTool.freeLoopbackPort();
        Path ok = Files.writeString(work.resolve("late.prom"), "late 1\n");
        try (ChildProcess p = FerryJar.start(work, "push", "--gateway", "http://127.0.0.1:" + port, "--job", "late",
                "--retries", "30", "--retry-max-time", "90s", ok.toString())) {
            p.awaitStderr(Pattern.compile("retrying"), Duration.ofSeconds(30));
            assertThat(p.stderr()).contains("attempt 1 of 31 failed: cannot connect");
            try (FerryServer ferry = FerryServer.start(config("127.0.0.1:" + port, ""))) {
                ChildProcess.Result o = p.finish(Duration.ofSeconds(120));
                assertThat(o.exit()).as(o.stderr()).isZero();
                assertThat(TestHttp.local(port).get("/metrics").body()).contains("late{instance=\"\",job=\"late\"} 1\n");
            }
        }
    }
}
