package io.ferry.cli;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.server.FerryServer;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferry run} as a cron job runs it, a separate process, against a real Ferry on port 0. */
class RunCommandIT {
    @TempDir
    Path storage;
    @TempDir
    Path work;
    private FerryServer ferry;
    private String gateway;
    private TestHttp http;

    @BeforeEach
    void start() throws Exception {
        ferry = FerryServer.start(new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")), new StorageConfig(storage),
                FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push()));
        gateway = "http://127.0.0.1:" + ferry.port();
        http = TestHttp.local(ferry.port());
    }

    @AfterEach
    void stop() {
        ferry.close();
    }

    private String metrics() throws Exception {
        return http.get("/metrics").body();
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private ChildProcess.Result run(String stdin, String... args) throws Exception {
        try (ChildProcess p = FerryJar.command(work, args).stdin(stdin).start()) {
            return p.finish(Duration.ofSeconds(60));
        }
    }

    @Test
    void successThenFailureKeepsTheLastSuccessAndTheExitCode() throws Exception {
        Path textfile = work.resolve("job.prom");
        ChildProcess.Result ok = run("from stdin\n", "run", "--gateway", gateway, "--job", "backup", "--instance", "nas-01",
                "--textfile", textfile.toString(), "--",
                "sh", "-c", "cat; echo to-stderr >&2; printf '# TYPE rows_total counter\\nrows_total 42\\n' > \"$FERRY_TEXTFILE\"");
        assertThat(ok.exit()).isZero();
        assertThat(ok.stdout()).isEqualTo("from stdin\n");
        assertThat(ok.stderr()).isEqualTo("to-stderr\n");
        String after = metrics();
        String key = "{instance=\"nas-01\",job=\"backup\"}";
        double success = value(after, "batch_job_last_success_timestamp_seconds" + key);
        assertThat(value(after, "batch_job_exit_code" + key)).isZero();
        assertThat(value(after, "rows_total" + key)).isEqualTo(42);
        assertThat(value(after, "batch_job_last_completion_timestamp_seconds" + key)).isEqualTo(success);
        assertThat(value(after, "batch_job_duration_seconds" + key)).isGreaterThan(0).isLessThan(60);

        ChildProcess.Result failed = run("", "run", "--gateway", gateway, "--job", "backup", "--instance", "nas-01",
                "--textfile", textfile.toString(), "--", "sh", "-c", "exit 3");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.stderr()).contains("job.prom: not written during this run, so not pushed");
        String later = metrics();
        assertThat(value(later, "batch_job_exit_code" + key)).isEqualTo(3);
        assertThat(value(later, "batch_job_last_success_timestamp_seconds" + key)).isEqualTo(success);
        assertThat(value(later, "batch_job_last_completion_timestamp_seconds" + key)).isGreaterThan(success);
        // The successful run's textfile family stays: a failed run replaces only what it names.
        assertThat(value(later, "rows_total" + key)).isEqualTo(42);
    }

    @Test
    void aKilledCommandReportsTheSignalAsAShellDoes() throws Exception {
        ChildProcess.Result o = run("", "run", "--gateway", gateway, "--job", "killed", "--", "sh", "-c", "kill -KILL $$");
        assertThat(o.exit()).isEqualTo(137);
        assertThat(value(metrics(), "batch_job_exit_code{instance=\"\",job=\"killed\"}")).isEqualTo(137);
    }

    @Test
    void commandsThatCannotStart() throws Exception {
        ChildProcess.Result missing = run("", "run", "--gateway", gateway, "--job", "missing", "--", "no-such-command-here", "x");
        assertThat(missing.exit()).isEqualTo(127);
        assertThat(missing.stderr()).isEqualTo("ferry run: no-such-command-here: command not found\n");
        Path notExecutable = Files.writeString(work.resolve("script.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        ChildProcess.Result denied = run("", "run", "--gateway", gateway, "--job", "denied", "--", notExecutable.toString());
        assertThat(denied.exit()).isEqualTo(126);
        assertThat(denied.stderr()).contains("cannot execute: permission denied");
        String m = metrics();
        assertThat(value(m, "batch_job_exit_code{instance=\"\",job=\"missing\"}")).isEqualTo(127);
        assertThat(value(m, "batch_job_exit_code{instance=\"\",job=\"denied\"}")).isEqualTo(126);
        assertThat(m).doesNotContain("batch_job_last_success_timestamp_seconds{instance=\"\",job=\"missing\"}");
    }

    @Test
    void aSigtermToFerryRunReachesTheCommandAndTheEndIsStillPushed() throws Exception {
        Path started = work.resolve("started");
        try (ChildProcess p = FerryJar.start(work, "run", "--gateway", gateway, "--job", "termed", "--",
                "sh", "-c", "trap 'echo got-term; exit 7' TERM; touch " + started + "; while :; do sleep 0.1; done")) {
            for (int i = 0; i < 300 && !Files.exists(started); i++) {
                Thread.sleep(100);
            }
            assertThat(started).exists();
            p.signal("TERM");
            ChildProcess.Result o = p.finish(Duration.ofSeconds(60));
            assertThat(o.exit()).isEqualTo(7);
            assertThat(o.stdout()).isEqualTo("got-term\n");
        }
        assertThat(value(metrics(), "batch_job_exit_code{instance=\"\",job=\"termed\"}")).isEqualTo(7);
    }

    @Test
    void textfileProblemsNeverCostTheRunItsOwnMetrics() throws Exception {
        Path textfile = work.resolve("t.prom");
        // Broken: the run's metrics go alone, the problem is named by line.
        ChildProcess.Result broken = run("", "run", "--gateway", gateway, "--job", "tf", "--textfile", textfile.toString(),
                "--", "sh", "-c", "printf 'ok 1\\nbad line\\n' > \"$FERRY_TEXTFILE\"");
        assertThat(broken.exit()).isZero();
        assertThat(broken.stderr()).contains("t.prom:2: ").contains("t.prom: not pushed because of the problems above");
        assertThat(value(metrics(), "batch_job_exit_code{instance=\"\",job=\"tf\"}")).isZero();
        assertThat(metrics()).doesNotContain("ok{");

        // OpenMetrics; a family named like the run's own is left out, the others pushed.
        ChildProcess.Result om = run("", "run", "--gateway", gateway, "--job", "tf", "--textfile", textfile.toString(),
                "--", "sh", "-c", "printf '# TYPE items counter\\nitems_total 5\\n# TYPE batch_job_exit_code gauge\\n"
                        + "batch_job_exit_code 99\\n# EOF\\n' > \"$FERRY_TEXTFILE\"; exit 1");
        assertThat(om.exit()).isEqualTo(1);
        assertThat(om.stderr()).contains("family batch_job_exit_code left out");
        String m = metrics();
        assertThat(value(m, "items_total{instance=\"\",job=\"tf\"}")).isEqualTo(5);
        assertThat(value(m, "batch_job_exit_code{instance=\"\",job=\"tf\"}")).isEqualTo(1);

        // A family the gateway refuses (its type clashes with another group's): the run's own go alone.
        Files.writeString(work.resolve("clash.prom"), "# TYPE clash gauge\nclash 1\n");
        assertThat(Cli.run("push", "--gateway", gateway, "--job", "other", work.resolve("clash.prom").toString())).isZero();
        ChildProcess.Result refused = run("", "run", "--gateway", gateway, "--job", "tf2", "--textfile", textfile.toString(),
                "--", "sh", "-c", "printf '# TYPE clash counter\\nclash 2\\n' > \"$FERRY_TEXTFILE\"");
        assertThat(refused.exit()).isZero();
        assertThat(refused.stderr()).contains("refused the run's metrics with the textfile's, HTTP 400")
                .contains("pushing the run's metrics alone").doesNotContain("push failed");
        assertThat(value(metrics(), "batch_job_exit_code{instance=\"\",job=\"tf2\"}")).isZero();
    }

    @Test
    void deleteAfterPushesAtStartAndDeletesAtTheEnd() throws Exception {
        Path seen = work.resolve("seen.txt");
        // The command itself watches for its group (bounded), as a dashboard would.
        String watch = "for i in $(seq 100); do curl -s " + gateway + "/metrics | grep '^batch_job_start_timestamp_seconds{instance=\"\",job=\"live\"}' > "
                + seen + " && break; sleep 0.1; done; exit 4";
        ChildProcess.Result o = run("", "run", "--gateway", gateway, "--job", "live", "--delete-after", "--", "sh", "-c", watch);
        assertThat(o.exit()).isEqualTo(4);
        assertThat(Files.readString(seen)).startsWith("batch_job_start_timestamp_seconds{instance=\"\",job=\"live\"} 1.");
        assertThat(metrics()).doesNotContain("job=\"live\"");
    }

    @Test
    void aPushThatFailsNeverChangesTheExitCode() throws Exception {
        ChildProcess.Result o = run("", "run", "--gateway", "http://127.0.0.1:1", "--job", "j", "--retries", "1",
                "--", "sh", "-c", "exit 5");
        assertThat(o.exit()).isEqualTo(5);
        assertThat(o.stderr()).contains("ferry run: push failed: POST http://127.0.0.1:1/metrics/job/j not delivered: cannot connect");
        ChildProcess.Result refused = run("", "run", "--gateway", gateway + "/nope", "--job", "j", "--", "true");
        assertThat(refused.exit()).isZero();
        assertThat(refused.stderr()).contains("ferry run: push failed: " + gateway + "/nope/metrics/job/j refused the PUT with HTTP 404");
    }

    @Test
    void aBadCommandLineExits125WithoutRunning() throws Exception {
        Path marker = work.resolve("ran");
        ChildProcess.Result o = run("", "run", "--gateway", "localhost:9091", "--job", "j", "--", "touch", marker.toString());
        assertThat(o.exit()).isEqualTo(125);
        assertThat(o.stderr()).contains("--gateway: the gateway URL must start with http:// or https://");
        assertThat(marker).doesNotExist();
        assertThat(run("", "run", "--gateway", gateway, "--job", "j").exit()).isEqualTo(125);
    }
}
