package io.ferry.server;

import io.ferry.testing.ChildProcess;
import io.ferry.testing.Promtool;
import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry, liveness and the partial-key delete through the real server. */
class PushLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path storage;

    private FerryServer start(String yaml) throws Exception {
        return QuietServer.start(yaml, storage);
    }

    @Test
    void aStaleGroupExpiresAndIsCounted() throws Exception {
        try (FerryServer ferry = start("""
                push:
                  expire:
                    - name: ci
                      match: {job: "ci-*"}
                      after: 2s
                """)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/ci-1", "built 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/etl", "rows 5\n").statusCode()).isEqualTo(200);
            // The group leaves the store when its delete applies, and is counted once the delete is
            // durable, a moment later: wait for both.
            String metrics = awaitMetrics(http, m -> !m.contains("job=\"ci-1\"")
                    && m.contains("ferry_push_groups_expired_total{rule=\"ci\"} 1\n"));
            assertThat(metrics).contains("ferry_push_groups_expired_total{rule=\"ci\"} 1\n")
                    .contains("rows{instance=\"\",job=\"etl\"} 5\n");
        }
        // The expiry went through the log: a restart does not bring the group back.
        try (FerryServer ferry = start("")) {
            String metrics = TestHttp.local(ferry.port()).get("/metrics").body();
            assertThat(metrics).doesNotContain("job=\"ci-1\"").contains("rows{instance=\"\",job=\"etl\"} 5\n");
        }
    }

    @Test
    void livenessSeriesAreServedWithThePushedGroups() throws Exception {
        try (FerryServer ferry = start("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                  expect:
                    - {job: backup, instance: nas-01}
                """)) {
            TestHttp http = TestHttp.local(ferry.port());
            String before = http.get("/metrics").body();
            assertThat(before).contains("# TYPE up gauge\n", "up{instance=\"nas-01\",job=\"backup\"} 0\n",
                    "ferry_push_last_success_timestamp_seconds{instance=\"nas-01\",job=\"backup\"} 0\n",
                    "ferry_push_interval_seconds{instance=\"nas-01\",job=\"backup\"} 3600\n");

            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-01", "bytes 10\n").statusCode())
                    .isEqualTo(200);
            assertThat(http.get("/metrics").body()).contains("up{instance=\"nas-01\",job=\"backup\"} 1\n");

            // The failed push turns it down.
            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-01", "bytes 10 1000\n").statusCode())
                    .isEqualTo(400);
            assertThat(http.get("/metrics").body()).contains("up{instance=\"nas-01\",job=\"backup\"} 0\n");
        }
    }

    @Test
    void pushesNamedLikeTheLivenessFamiliesDoNotBreakTheScrape() throws Exception {
        try (FerryServer ferry = start("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                """)) {
            TestHttp http = TestHttp.local(ferry.port());
            // Another type than Ferry's own: refused, as for any own metric.
            HttpResponse<String> counter = http.send("PUT", "/metrics/job/other", "# TYPE up counter\nup 1\n");
            assertThat(counter.statusCode()).isEqualTo(400);
            assertThat(counter.body()).contains("metric family \"up\" is pushed as counter but Ferry's own metric "
                    + "has it as gauge");
            assertThat(http.send("PUT", "/metrics/job/x", "# TYPE ferry_push_interval_seconds counter\n"
                    + "ferry_push_interval_seconds 1\n").statusCode()).isEqualTo(400);
            // The same type: accepted; where it repeats a liveness series, Ferry's series is served once.
            assertThat(http.send("PUT", "/metrics/job/backup", "# TYPE up gauge\nup 7\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/other", "# TYPE up gauge\nup 1\n").statusCode()).isEqualTo(200);
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("up{instance=\"\",job=\"backup\"} 1\n", "up{instance=\"\",job=\"other\"} 1\n")
                    .doesNotContain("up{instance=\"\",job=\"backup\"} 7");
            Promtool.requireAvailable();
            Path file = Files.writeString(storage.resolve("metrics.txt"), metrics);
            Promtool.Result check = Promtool.checkMetrics(file);
            assertThat(check.exitCode()).as(check.output()).isIn(0, 3);
        }
    }

    @Test
    void partialKeyDelete() throws Exception {
        try (FerryServer ferry = start("")) {
            TestHttp http = TestHttp.local(ferry.port());
            for (String path : new String[]{"/metrics/job/etl/instance/db-1", "/metrics/job/etl/instance/db-2",
                    "/metrics/job/etl/instance/web-1", "/metrics/job/backup/instance/db-1"}) {
                assertThat(http.send("PUT", path, "m 1\n").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> r = http.send("DELETE", "/api/v1/groups?" + match("{job=\"etl\",instance=~\"db-.*\"}"), null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject("{\"status\":\"success\",\"data\":{\"deleted\":2}}"));
            String metrics = http.get("/metrics").body();
            assertThat(metrics).doesNotContain("instance=\"db-2\"", "m{instance=\"db-1\",job=\"etl\"}")
                    .contains("m{instance=\"web-1\",job=\"etl\"} 1\n", "m{instance=\"db-1\",job=\"backup\"} 1\n");

            // Several selectors: a group goes if any matches.
            r = http.send("DELETE", "/api/v1/groups?" + match("{job=\"backup\"}") + "&" + match("{instance=\"web-1\"}"), null);
            assertThat(new JsonObject(r.body()).getJsonObject("data").getInteger("deleted")).isEqualTo(2);
            r = http.send("DELETE", "/api/v1/groups?" + match("{job=\"none\"}"), null);
            assertThat(new JsonObject(r.body()).getJsonObject("data").getInteger("deleted")).isZero();

            r = http.send("DELETE", "/api/v1/groups", null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("error")).startsWith("no match[] parameter");
            r = http.send("DELETE", "/api/v1/groups?" + match("{job=etl}"), null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("error"))
                    .isEqualTo("invalid match[] selector {job=etl}: at position 6: expected a quoted string after job=, got 'e'");
            r = http.send("DELETE", "/api/v1/groups?" + match("{job=~\".*\"}"), null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(http.status("GET", "/api/v1/groups")).isEqualTo(405);

            // As the docs show it: curl with the selector URL-encoded and match[] as it is.
            assertThat(http.send("PUT", "/metrics/job/etl/instance/db-9", "m 1\n").statusCode()).isEqualTo(200);
            try (ChildProcess curl = ChildProcess.builder("curl", "-sS", "-X", "DELETE", "-G", "--data-urlencode",
                    "match[]={job=\"etl\",instance=~\"db-.*\"}", "http://127.0.0.1:" + ferry.port() + "/api/v1/groups")
                    .mergeStderr().start()) {
                assertThat(curl.awaitExit(Duration.ofSeconds(20))).isTrue();
                assertThat(curl.stdout()).isEqualTo("{\"status\":\"success\",\"data\":{\"deleted\":1}}");
            }
        }
    }

    private static String match(String selector) {
        return "match%5B%5D=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
    }

    private static String awaitMetrics(TestHttp http, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last;
        do {
            last = http.get("/metrics").body();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still not as expected after " + WAIT + ":\n" + last);
    }
}
