package io.ferry.server;

import io.ferry.config.ConfigOverrides;
import io.ferry.config.ConfigSource;
import io.ferry.statsd.StatsdOptions;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.log.Level;
import io.ferry.log.Log;
import io.ferry.log.LogFormat;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** /-/quit and /-/reload through the real server, with and without --web.enable-lifecycle. */
class LifecycleIT {
    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        Log.configure(Level.INFO, LogFormat.LOGFMT);
    }

    private FerryConfig config(boolean lifecycle) {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "/pg", "", "/metrics", false,
                lifecycle), new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(),
                FerryConfig.DEFAULTS.push());
    }

    @Test
    void withoutTheFlagBothAreForbidden() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(false))) {
            TestHttp http = TestHttp.local(ferry.port());
            for (String path : new String[]{"/pg/-/quit", "/pg/-/reload"}) {
                for (String method : new String[]{"PUT", "POST"}) {
                    HttpResponse<String> r = http.send(method, path, null);
                    assertThat(r.statusCode()).isEqualTo(403);
                    assertThat(r.body()).isEqualTo("Lifecycle API is not enabled.");
                }
            }
            HttpResponse<String> get = http.get("/-/quit");
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.body()).isEqualTo("Only POST or PUT requests allowed.");
            assertThat(http.get("/-/reload").statusCode()).isEqualTo(405);
            assertThat(http.get("/pg/-/quit").statusCode()).isEqualTo(405);
            assertThat(ferry.quitRequested().toCompletableFuture().isDone()).isFalse();
            assertThat(http.get("/pg/-/healthy").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void quitAnswersThenAsksWhoeverRunsFerryToStop() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(true))) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> r = http.send("PUT", "/pg/-/quit", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Requesting termination... Goodbye!");
            CompletableFuture<String> asked = ferry.quitRequested().toCompletableFuture();
            assertThat(asked.get(5, TimeUnit.SECONDS)).isEqualTo("PUT /pg/-/quit");
            // Stopping is the runner's job; until then Ferry still answers.
            assertThat(http.get("/pg/-/healthy").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void reloadAppliesTheFileOrRefusesItWhole() throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, "push:\n  consistency_check: true\n");
        // As ferry serve does it: the file, then the same flags over it.
        ConfigOverrides flags = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), dir.resolve("data"), null,
                null, null, "/pg", null, null, null, true, null, null, null);
        ConfigSource source = ConfigSource.of(file, c -> flags.applyTo(c).withStatsd(StatsdOptions.OFF));
        try (FerryServer ferry = FerryServer.start(source.load(), source)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/pg/metrics/job/a", "# TYPE m counter\nm 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/pg/metrics/job/b", "# TYPE m gauge\nm 1\n").statusCode()).isEqualTo(400);

            Files.writeString(file, "push:\n  consistency_check: false\nlog:\n  level: debug\n");
            HttpResponse<String> ok = http.send("POST", "/pg/-/reload", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEmpty();
            assertThat(http.send("PUT", "/pg/metrics/job/b", "# TYPE m gauge\nm 1\n").statusCode()).isEqualTo(202);
            assertThat(Log.logger().isDebugEnabled()).isTrue();
            assertThat(http.get("/pg/api/v1/status").body())
                    .contains("\"config.file\":\"" + file + "\"", "\"log.level\":\"debug\"",
                            "\"push.disable-consistency-check\":\"true\"");

            Files.writeString(file, "push:\n  consistency_check: true\n  bogus: 1\n");
            HttpResponse<String> bad = http.send("PUT", "/pg/-/reload", null);
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(bad.body()).isEqualTo("failed to reload config: " + file
                    + ":3: unknown key \"bogus\" in push (allowed: consistency_check, limits, expire, liveness, "
                    + "expect, liveness_metric)\n");
            // Nothing changed: still unchecked, still at debug.
            assertThat(http.send("PUT", "/pg/metrics/job/c", "# TYPE m untyped\nm 1\n").statusCode()).isEqualTo(202);
            assertThat(Log.logger().isDebugEnabled()).isTrue();
        }
    }
}
