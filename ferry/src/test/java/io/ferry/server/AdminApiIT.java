package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT /api/v1/admin/wipe, only with --web.enable-admin-api, through the real server. */
class AdminApiIT {
    @TempDir
    Path storage;

    private FerryConfig config(boolean adminApi) {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "/pg", "", "/metrics", adminApi,
                false), new StorageConfig(storage), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }

    @Test
    void wipeDeletesEveryGroupDurably() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(true))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/pg/metrics/job/a", "a 1\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/pg/metrics/job/b/instance/x", "b 1\n").statusCode()).isEqualTo(200);

            assertThat(http.status("POST", "/pg/api/v1/admin/wipe")).isEqualTo(405);
            assertThat(http.status("PUT", "/api/v1/admin/wipe")).isEqualTo(404);
            assertThat(http.status("PUT", "/pg/api/v1/admin/wipe")).isEqualTo(202);
            assertThat(http.get("/pg/metrics").body()).doesNotContain("job=\"a\"", "job=\"b\"", "push_time_seconds{");
            assertThat(http.send("PUT", "/pg/metrics/job/c", "c 1\n").statusCode()).isEqualTo(200);
        }
        try (FerryServer ferry = FerryServer.start(config(true))) {
            String metrics = TestHttp.local(ferry.port()).get("/pg/metrics").body();
            assertThat(metrics).contains("c{instance=\"\",job=\"c\"} 1\n").doesNotContain("job=\"a\"", "job=\"b\"");
        }
    }

    @Test
    void withoutTheFlagTheWipeIsNotFoundAndNothingIsDeleted() throws Exception {
        try (FerryServer ferry = FerryServer.start(config(false))) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/pg/metrics/job/a", "a 1\n").statusCode()).isEqualTo(200);
            assertThat(http.status("PUT", "/pg/api/v1/admin/wipe")).isEqualTo(404);
            assertThat(http.get("/pg/metrics").body()).contains("a{instance=\"\",job=\"a\"} 1\n");
        }
    }
}
