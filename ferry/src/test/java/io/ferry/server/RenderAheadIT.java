package io.ferry.server;

import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} rendered ahead by a real server: after pushes stop, and after a restart. */
class RenderAheadIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String COUNTER = "ferry_metrics_rendered_ahead_total ";

    @TempDir
    Path storage;

    @Test
    void rendersAheadOnceThePushesStopAndOnceMoreAfterARestartThatRestoredGroups() throws Exception {
        try (FerryServer ferry = QuietServer.start("", storage)) {
            TestHttp http = TestHttp.local(ferry.port());
            Thread.sleep(RenderAhead.QUIET.multipliedBy(2).toMillis());
            assertThat(rendered(http)).as("a store that never changed").isZero();

            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-01", "backup_bytes 42\n").statusCode())
                    .isEqualTo(200);
            assertThat(awaitRendered(http, 1)).isEqualTo(1);
            Thread.sleep(RenderAhead.QUIET.multipliedBy(2).toMillis());
            assertThat(rendered(http)).as("nothing changed since").isEqualTo(1);
            assertThat(http.metrics()).contains("backup_bytes{instance=\"nas-01\",job=\"backup\"} 42");
        }
        try (FerryServer ferry = QuietServer.start("", storage)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(awaitRendered(http, 1)).as("the restored group").isEqualTo(1);
            assertThat(http.metrics()).contains("backup_bytes{instance=\"nas-01\",job=\"backup\"} 42");
        }
    }

    /** The counter once it reaches {@code atLeast}, or as it is after {@link #WAIT}. */
    private static long awaitRendered(TestHttp http, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long n = rendered(http);
        while (n < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
            n = rendered(http);
        }
        return n;
    }

    private static long rendered(TestHttp http) throws Exception {
        return http.metrics().lines().filter(l -> l.startsWith(COUNTER))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(COUNTER.length()))).findFirst().orElseThrow();
    }
}
