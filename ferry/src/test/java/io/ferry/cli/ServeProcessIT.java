package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ferry.jar serve} as a real process: start, answer, stop cleanly on a signal. */
class ServeProcessIT {
    @TempDir
    Path dir;

    private static int healthy(String address) throws Exception {
        return TestHttp.to("http://" + address).status("GET", "/-/healthy");
    }

    @Test
    void sigtermStopsCleanlyWithExitZero() throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, "serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path", dir.resolve("data").toString())) {
            String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            assertThat(healthy(address)).isEqualTo(200);
            assertThat(dir.resolve("data")).isDirectory();

            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
            assertThat(ferry.exitValue()).as("exit status; stderr:\n%s", ferry.stderr()).isZero();
            assertThat(ferry.stderr()).contains("msg=\"shutting down\" signal=SIGTERM", "msg=\"stopped\"");
        }
    }

    @Test
    void aBodyBudgetBelowARoutesLargestBodyIsWarnedOfAtStart() throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--web.max-body-bytes-in-flight=32MiB")) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            assertThat(ferry.stderr()).contains("msg=\"the body budget is smaller than a route's largest body: a body "
                    + "larger than the budget is answered 413\" max_body_bytes_in_flight=33554432 "
                    + "limit=otlp.max_request_bytes bytes=67108864")
                    .as("a push's 16 MiB fit").doesNotContain("limit=push.limits.max_body_bytes");
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
        }
    }

    /** Under nohup the JVM cannot take SIGHUP back, as Go's runtime does: Ferry says so at start. */
    @Test
    void sighupIgnoredAtStartIsWarnedOf() throws Exception {
        try (ChildProcess ferry = FerryJar.command(dir, java.util.List.of("nohup"), "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data")).start()) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            assertThat(ferry.stderr()).contains("SIGHUP is ignored in this process (started under nohup?)");
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
        }
        try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"))) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
            assertThat(ferry.stderr()).doesNotContain("SIGHUP is ignored");
        }
    }

    @Test
    void sigintStopsCleanlyAndJsonLogsAreAllJson() throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address", "127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--log.format=json", "--log.level=debug")) {
            String address = FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            assertThat(healthy(address)).isEqualTo(200);

            ferry.signal("INT");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
            assertThat(ferry.exitValue()).as("exit status; stderr:\n%s", ferry.stderr()).isZero();
            String stderr = ferry.stderr();
            assertThat(stderr).contains("\"msg\":\"shutting down\",\"signal\":\"SIGINT\"");
            // At debug level Netty and Vert.x log through JUL: they must come out as JSON too.
            assertThat(stderr).contains("\"logger\":\"io.netty.");
            assertThat(stderr.lines()).allSatisfy(line -> assertThat(line).startsWith("{\"ts\":\"").endsWith("}"));
        }
    }

    @Test
    void reloadThenQuitOverHttpWithExitZero() throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "log:\n  level: info\n");
        try (ChildProcess ferry = FerryJar.start(dir, "--config.file=" + file, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--web.enable-lifecycle", "--web.route-prefix=/pg")) {
            TestHttp http = TestHttp.to("http://" + FerryJar.awaitListening(ferry, Duration.ofSeconds(30)));

            // The flag still wins over the file's listen address; the admin API is the file's to change.
            Files.writeString(file, "log:\n  level: warn\nweb:\n  listen_address: :9999\n  enable_admin_api: true\n");
            HttpResponse<String> reload = http.send("POST", "/pg/-/reload", null);
            assertThat(reload.statusCode()).isEqualTo(200);

            HttpResponse<String> r = http.send("PUT", "/pg/-/quit", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Requesting termination... Goodbye!");

            assertThat(ferry.awaitExit(Duration.ofSeconds(10))).as("exited within 10 s").isTrue();
            assertThat(ferry.exitValue()).as("exit status; stderr:\n%s", ferry.stderr()).isZero();
            // At warn, the reload's own info line and the info lines of the shutdown are filtered out.
            assertThat(ferry.stderr())
                    .contains("level=warn msg=\"changed settings need a restart to apply\" settings=web.enable_admin_api")
                    .doesNotContain("msg=\"shutting down\"");
        }
    }

    /** A queue left by a remote_write removed from the config holds what it did not send: said at start. */
    @Test
    void aQueueNoRemoteWriteUsesIsWarnedOfAtStart() throws Exception {
        Path gone = Files.createDirectories(dir.resolve("data/remote_write/gone"));
        Files.write(gone.resolve("segment-00000001"), new byte[100]);
        try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"))) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            assertThat(ferry.stderr()).contains("level=warn msg=\"a remote-write queue no remote_write uses: what it "
                    + "holds is not sent; configure that remote_write again to send it, or delete the directory\" "
                    + "component=remote_write dir="
                    + gone + " bytes=100");
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
        }
    }

    /** A discovered target that cannot be scraped is warned of once, not at every sync of its job. */
    @Test
    void aTargetThatCannotBeScrapedIsWarnedOfOnce() throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, """
                scrape_configs:
                  - job_name: services
                    file_sd_configs: [{files: [targets.yml]}]
                """);
        Files.writeString(dir.resolve("targets.yml"), """
                - targets: ["127.0.0.1:2"]
                  labels: {__scheme__: ftp}
                """);
        try (ChildProcess ferry = FerryJar.start(dir, "--config.file=" + file, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"), "--web.enable-lifecycle")) {
            TestHttp http = TestHttp.to("http://" + FerryJar.awaitListening(ferry, Duration.ofSeconds(30)));
            String warning = "level=warn msg=\"a discovered target cannot be scraped; it is dropped\" job=services "
                    + "target=127.0.0.1:2 err=";
            ferry.awaitStderr(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(warning)),
                    Duration.ofSeconds(30));

            Files.writeString(dir.resolve("targets.yml"), """
                    - targets: ["127.0.0.1:2"]
                      labels: {__scheme__: ftp}
                    - targets: ["127.0.0.1:1"]
                    """);
            assertThat(http.send("POST", "/-/reload", null).statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!http.get("/api/v1/targets").body().contains("127.0.0.1:1")) {
                assertThat(System.nanoTime()).as("the new target discovered within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(ferry.stderr().split(java.util.regex.Pattern.quote(warning), -1)).as(ferry.stderr()).hasSize(2);
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(Duration.ofSeconds(5))).as("exited within 5 s").isTrue();
        }
    }

    /**
     * GNU {@code timeout} signals its child, then the child's process group: one stop, sent twice
     * milliseconds apart (20 here, so that the second comes while the first is being handled).
     */
    @Test
    void aSigtermRepeatedAtOnceStillDrainsAndExitsZero() throws Exception {
        try (ChildProcess ferry = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("data"))) {
            FerryJar.awaitListening(ferry, Duration.ofSeconds(30));
            long pid = ferry.pid();
            ChildProcess.Result kill = ChildProcess.builder("/bin/sh", "-c", "kill -TERM " + pid + " && sleep 0.02 && { kill -TERM " + pid + " 2>/dev/null || true; }")
                    .mergeStderr().start().finish(Duration.ofSeconds(10));
            assertThat(kill.exit()).as(kill.stdout()).isZero();
            assertThat(ferry.awaitExit(Duration.ofSeconds(30))).isTrue();
            assertThat(ferry.exitValue()).as("exit status; stderr:\n%s", ferry.stderr()).isZero();
            assertThat(ferry.stderr()).contains("msg=\"stopped\"").doesNotContain("exiting now");
        }
    }

    @Test
    void busyPortExitsOne() throws Exception {
        try (ChildProcess first = FerryJar.start(dir, "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + dir.resolve("a"))) {
            String address = FerryJar.awaitListening(first, Duration.ofSeconds(30));
            try (ChildProcess second = FerryJar.start(dir, "--web.listen-address=" + address,
                    "--storage.path=" + dir.resolve("b"))) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isTrue();
                assertThat(second.exitValue()).isEqualTo(1);
                assertThat(second.stderr()).contains("level=error msg=\"cannot start\"", address);
            }
        }
    }
}
