package io.ferry.remotewrite;

import io.ferry.http.HttpClientSettings;
import io.ferry.model.Labels;
import io.ferry.model.SampleAppender;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline against a real receiver that goes away: samples appended while Debian's Prometheus
 * is down, across a close and reopen of the pipeline (a restart of Ferry), all reach it once it is
 * back, in order — Prometheus refuses a sample older than its series' newest, so a count of every
 * sample at the end means none was lost or reordered.
 */
class RemoteWriteRestartIT {
    private static final int TARGETS = 2;
    private static final int SERIES = 3;

    @TempDir
    Path dir;

    private long t0;

    /** One scrape of every target at step {@code i}: value i at t0 + i s. */
    private void scrape(SampleAppender.Storage storage, int i) throws IOException {
        for (int t = 0; t < TARGETS; t++) {
            SampleAppender a = storage.appender(t);
            for (int s = 0; s < SERIES; s++) {
                a.append(Labels.of("__name__", "ferry_rw_restart", "target", "t" + t, "series", "s" + s),
                        t0 + i * 1000L, i);
            }
            a.commit();
        }
    }

    @Test
    void everySampleArrivesInOrderAcrossAReceiverOutageAndARestart() throws Exception {
        PrometheusServer.requireAvailable();
        Path receiverDir = dir.resolve("prometheus");
        java.nio.file.Files.createDirectories(receiverDir);
        ServerProcess prometheus = PrometheusServer.startReceiver(receiverDir);
        int port = prometheus.port();
        t0 = (System.currentTimeMillis() / 1000 - 600) * 1000;
        QueueSettings q = new QueueSettings(10_000, 4, 2, 4, Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(200), false, Duration.ZERO);
        Receiver config = new Receiver(URI.create(prometheus.baseUrl() + "/api/v1/write"), "prom",
                Duration.ofSeconds(5), Map.of(), List.of(), HttpClientSettings.DEFAULTS, q);
        Path queues = dir.resolve("queues");
        try {
            try (RemoteWrite rw = RemoteWrite.open(queues, dir, List.of(config), Map.of("site", "test"), 64L << 20,
                    new DefaultRegistry())) {
                for (int i = 0; i < 20; i++) {
                    scrape(rw, i);
                }
                awaitCounts(20, prometheus);
                prometheus.close(); // the receiver goes away
                prometheus = null;
                for (int i = 20; i < 40; i++) {
                    scrape(rw, i);
                }
            } // Ferry stops while the receiver is down: what was not delivered stays queued
            try (RemoteWrite rw = RemoteWrite.open(queues, dir, List.of(config), Map.of("site", "test"), 64L << 20,
                    new DefaultRegistry())) {
                for (int i = 40; i < 60; i++) {
                    scrape(rw, i);
                }
                prometheus = PrometheusServer.startReceiver(receiverDir, port); // back, same TSDB
                awaitCounts(60, prometheus);
                // And the values are 0..59 in order: no reset, the last is 59.
                assertThat(query(prometheus, "max(resets(ferry_rw_restart[1h]))")).containsOnly("0");
                assertThat(query(prometheus, "min(ferry_rw_restart)")).containsOnly("59");
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
        }
    }

    /** Waits until every series has {@code n} samples, with the external label. */
    private void awaitCounts(int n, ServerProcess prometheus) throws Exception {
        String expr = "count_over_time(ferry_rw_restart{site=\"test\"}[1h])";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> last;
        do {
            last = query(prometheus, expr);
            if (last.size() == TARGETS * SERIES && last.stream().allMatch(v -> v.equals(Integer.toString(n)))) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(expr + " is " + last + ", not " + n + " for each of " + TARGETS * SERIES
                + " series\n--- Prometheus log:\n" + prometheus.log());
    }

    /** The values of an instant query at the last sample's time plus a second, by series. */
    private List<String> query(ServerProcess prometheus, String expr) throws Exception {
        JsonArray result = PrometheusServer.query(prometheus, expr, t0 / 1000 + 60);
        Map<String, String> bySeries = new TreeMap<>();
        for (int i = 0; i < result.size(); i++) {
            JsonObject s = result.getJsonObject(i);
            bySeries.put(s.getJsonObject("metric").encode(), s.getJsonArray("value").getString(1));
        }
        return List.copyOf(bySeries.values());
    }
}
