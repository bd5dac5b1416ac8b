package io.ferry.remotewrite;

import io.ferry.config.RelabelConfigReader;
import io.ferry.wire.ByteSink;
import io.ferry.model.Labels;
import io.ferry.relabel.Relabeler;
import io.ferry.remotewrite.internal.RecordEncoder;
import io.ferry.remotewrite.internal.SendStats;
import io.ferry.remotewrite.queue.QueueRecord;
import io.ferry.model.MetricType;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoder, snappy body and sender against a real receiver: Debian's Prometheus started with
 * {@code --web.enable-remote-write-receiver}. What is sent comes back from its query API with the
 * same labels and values; a stale marker ends its series; a malformed body gets the receiver's 400,
 * which the sender classifies as not retryable.
 */
class RemoteWritePrometheusIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static ServerProcess prometheus;
    static RemoteWriteSender sender;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.requireAvailable();
        prometheus = PrometheusServer.startReceiver(dir);
        sender = new RemoteWriteSender(RemoteWriteEndpoint.of(URI.create(prometheus.baseUrl() + "/api/v1/write"))
                .withUserAgent("Ferry/test").withTimeout(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        try {
            if (sender != null) {
                sender.close();
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
        }
    }

    @Test
    void sentSeriesComeBackFromTheQueryApi() throws Exception {
        // Whole seconds, a little in the past: inside the fresh head block, easy to query at.
        long t0 = (System.currentTimeMillis() / 1000 - 60) * 1000;
        ByteSink sink = new ByteSink(256);
        WriteRequestEncoder request = new WriteRequestEncoder(sink);
        request.series("ferry_rw_gauge", Labels.of("job", "rw", "instance", "a", "Area", "Zürich ✓", "empty", ""),
                new double[] {1.5, 2.5}, new long[] {t0, t0 + 5_000}, 2);
        request.series("ferry_rw_ended", Labels.of("job", "rw"),
                new double[] {7, WriteRequestEncoder.STALE_NAN}, new long[] {t0, t0 + 5_000}, 2);
        request.series("ferry_rw_inf", Labels.of("job", "rw"), Double.NEGATIVE_INFINITY, t0);
        request.series("ferry_rw_nan", Labels.of("job", "rw"), Double.NaN, t0);
        request.metadata(MetricType.GAUGE, "ferry_rw_gauge", "A gauge sent by remote write.", null);
        SnappyBody body = new SnappyBody();
        body.compress(sink);

        SendResult result = sender.send(body.array(), body.length());
        assertThat(result.sent()).as("%s\n--- Prometheus log:\n%s", result, prometheus.log()).isTrue();
        assertThat(result.status()).isEqualTo(204);

        JsonArray first = await("ferry_rw_gauge", t0 + 2_000, r -> r.size() == 1);
        assertThat(labels(first.getJsonObject(0))).isEqualTo(Map.of(
                "__name__", "ferry_rw_gauge", "job", "rw", "instance", "a", "Area", "Zürich ✓"));
        assertThat(value(first.getJsonObject(0))).isEqualTo("1.5");
        assertThat(value(await("ferry_rw_gauge", t0 + 6_000, r -> r.size() == 1).getJsonObject(0))).isEqualTo("2.5");

        assertThat(value(await("ferry_rw_ended", t0 + 2_000, r -> r.size() == 1).getJsonObject(0))).isEqualTo("7");
        // Without the stale marker the 5-minute lookback would still answer 7 here.
        assertThat(PrometheusServer.query(prometheus, "ferry_rw_ended", (t0 + 6_000) / 1000.0)).isEmpty();

        assertThat(value(await("ferry_rw_inf", t0 + 1_000, r -> r.size() == 1).getJsonObject(0))).isEqualTo("-Inf");
        // An ordinary NaN is a value, not an end: it must not have been turned into a stale marker.
        assertThat(value(await("ferry_rw_nan", t0 + 1_000, r -> r.size() == 1).getJsonObject(0))).isEqualTo("NaN");
    }

    @Test
    void writeRelabelingThatMakesTwoSeriesOneSendsTheFirst() throws Exception {
        long t0 = (System.currentTimeMillis() / 1000 - 50) * 1000;
        Relabeler labeldrop = Relabeler.of(RelabelConfigReader.parse("""
                relabel_configs:
                  - action: labeldrop
                    regex: pod
                """, "t.yml"));
        SendStats stats = new SendStats(seconds -> { });
        List<QueueRecord> records = new RecordEncoder(labeldrop, Labels.EMPTY, 100).encode(1,
                new Labels[] {Labels.of("__name__", "ferry_rw_merged", "pod", "a"),
                        Labels.of("__name__", "ferry_rw_merged", "pod", "b")},
                null, new long[] {t0, t0}, new double[] {1, 2}, 2, stats);
        QueueRecord r = records.getFirst();
        SendResult result = sender.send(r.body(), r.body().length);
        assertThat(result.sent()).as("%s\n--- Prometheus log:\n%s", result, prometheus.log()).isTrue();
        assertThat(value(await("ferry_rw_merged", t0 + 1_000, x -> x.size() == 1).getJsonObject(0))).isEqualTo("1");
        assertThat(stats.droppedAsDuplicate.sum()).isEqualTo(1);
    }

    @Test
    void malformedBodiesGetA400ThatIsNotRetried() throws Exception {
        byte[] notSnappy = "this is not snappy".getBytes(StandardCharsets.UTF_8);
        SendResult r = sender.send(notSnappy, notSnappy.length);
        assertThat(r.outcome()).as("%s", r).isEqualTo(SendResult.Outcome.REJECTED);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.detail()).isNotEmpty();

        // Valid snappy around bytes that are no WriteRequest: field 1 claims more bytes than follow.
        byte[] notProtobuf = Snappy.compress(new byte[] {0x0a, 0x7f, 0x01});
        SendResult p = sender.send(notProtobuf, notProtobuf.length);
        assertThat(p.outcome()).as("%s", p).isEqualTo(SendResult.Outcome.REJECTED);
        assertThat(p.status()).isEqualTo(400);
    }

    /** Polls an instant query at {@code timeMs} until {@code done} holds; fails after {@link #WAIT}. */
    private static JsonArray await(String query, long timeMs, Predicate<JsonArray> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray last;
        do {
            last = PrometheusServer.query(prometheus, query, timeMs / 1000.0);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Prometheus' answer to " + query + " is still " + last + " after " + WAIT
                + "\n--- Prometheus log:\n" + prometheus.log());
    }

    private static Map<String, Object> labels(JsonObject series) {
        return series.getJsonObject("metric").getMap();
    }

    private static String value(JsonObject series) {
        return series.getJsonArray("value").getString(1);
    }
}
