package io.ferry.server;

import io.ferry.testing.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/producers} through the real server: push groups and an OTLP service, judged, filtered. */
class ProducersApiIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path storage;

    private FerryServer start(String yaml) throws Exception {
        return QuietServer.start(yaml, storage);
    }

    private static String otlpExport() {
        return """
                {"resourceMetrics":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"shop"}},
                  {"key":"service.instance.id","value":{"stringValue":"cart-1"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"orders","gauge":{"dataPoints":[
                   {"asDouble":3,"timeUnixNano":"%d"}]}}]}]}]}
                """.formatted(System.currentTimeMillis() * 1_000_000);
    }

    @Test
    void aFreshServerHasNoProducerAndServesNothingOfTheGroupsItsWarmUpMadeUp() throws Exception {
        try (FerryServer ferry = start("")) {
            TestHttp http = TestHttp.local(ferry.port());
            JsonObject data = get(http, "/api/v1/producers");
            assertThat(data.getJsonArray("producers")).as(data.encode()).isEmpty();
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("ferry_producers{").doesNotContain("warm").doesNotContain("push_time_seconds{");
        }
    }

    @Test
    void producersOfEveryRouteJudgedOrderedAndFiltered() throws Exception {
        try (FerryServer ferry = start("""
                push:
                  liveness:
                    - match: {job: backup}
                      every: 1h
                      grace: 5m
                    - match: {job: late}
                      every: 1s
                      grace: 1h
                  expect:
                    - {job: backup, instance: nas-02}
                """)) {
            TestHttp http = TestHttp.local(ferry.port());
            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-01", "bytes 10\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/late", "rows 5\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-03", "bytes 10\n").statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/metrics/job/backup/instance/nas-03", "bytes 10 1000\n").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> export = http.send("POST", "/v1/metrics", otlpExport(), "Content-Type", "application/json");
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);

            // The late group is overdue a second after its push (every 1s, grace 1h).
            JsonObject data = await(http, "/api/v1/producers",
                    d -> d.getJsonObject("counts").getJsonObject("push").getInteger("overdue") == 1);
            assertThat(data.getJsonObject("counts").getJsonObject("push").getMap())
                    .containsEntry("up", 1).containsEntry("overdue", 1).containsEntry("down", 2).containsEntry("unknown", 0);
            assertThat(data.getJsonObject("counts").getJsonObject("otlp").getMap()).as(data.encode()).containsEntry("up", 1);
            assertThat(data.getBoolean("truncated")).isFalse();
            assertThat(summary(data)).containsExactly(
                    "down push backup/nas-02", "down push backup/nas-03", "overdue push late/",
                    "up push backup/nas-01", "up otlp shop/cart-1");

            JsonArray producers = data.getJsonArray("producers");
            JsonObject expected = producers.getJsonObject(0);
            assertThat(expected.getBoolean("expected")).isTrue();
            assertThat(expected.getValue("lastSeen")).isNull();
            assertThat(expected.getString("reason")).isEqualTo("expected, no push yet");
            assertThat(expected.getJsonArray("history")).isEmpty();
            JsonObject failed = producers.getJsonObject(1);
            assertThat(failed.getString("reason")).startsWith("last push failed: ");
            assertThat(failed.getString("lastError")).contains("timestamps");
            assertThat(failed.getJsonArray("history").getList()).containsExactly("on_time", "failed");
            JsonObject live = producers.getJsonObject(3);
            assertThat(live.getJsonObject("labels").getMap()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("job", "backup", "instance", "nas-01"));
            assertThat(live.getString("lastSeen")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(live.getDouble("intervalSeconds")).isEqualTo(3600.0);
            assertThat(live.getDouble("graceSeconds")).isEqualTo(300.0);
            assertThat(live.getBoolean("judged")).isTrue();
            assertThat(live.getJsonArray("advice")).isEmpty();
            assertThat(producers.getJsonObject(4).getValue("intervalSeconds")).isNull();  // not learned yet

            // Filters.
            assertThat(summary(get(http, "/api/v1/producers?route=otlp"))).containsExactly("up otlp shop/cart-1");
            assertThat(summary(get(http, "/api/v1/producers?job=backup&health=down&health=up")))
                    .containsExactly("down push backup/nas-02", "down push backup/nas-03", "up push backup/nas-01");
            assertThat(summary(get(http, "/api/v1/producers?q=cart"))).containsExactly("up otlp shop/cart-1");
            JsonObject cut = get(http, "/api/v1/producers?limit=1");
            assertThat(summary(cut)).containsExactly("down push backup/nas-02");
            assertThat(cut.getBoolean("truncated")).isTrue();

            // A bad parameter: 400 bad_data naming it.
            for (String bad : List.of("health=sick", "route=pigeon", "limit=0", "limit=many")) {
                HttpResponse<String> r = http.get("/api/v1/producers?" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                JsonObject error = new JsonObject(r.body());
                assertThat(error.getString("status")).isEqualTo("error");
                assertThat(error.getString("errorType")).isEqualTo("bad_data");
                assertThat(error.getString("error")).contains("\"" + bad.substring(0, bad.indexOf('=')) + "\"");
            }

            // The same fleet on /metrics.
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains(
                    "ferry_producer_last_seen_timestamp_seconds{instance=\"nas-02\",job=\"backup\",route=\"push\"} 0\n",
                    "ferry_producer_last_seen_timestamp_seconds{instance=\"cart-1\",job=\"shop\",route=\"otlp\"} ",
                    "ferry_producers{health=\"down\",route=\"push\"} 2\n",
                    "ferry_producers{health=\"up\",route=\"otlp\"} 1\n",
                    "up{instance=\"nas-01\",job=\"backup\"} 1\n", "up{instance=\"nas-03\",job=\"backup\"} 0\n");

            // A deleted group leaves the fleet at the next collection.
            assertThat(http.send("DELETE", "/metrics/job/backup/instance/nas-03", "").statusCode()).isEqualTo(202);
            assertThat(summary(get(http, "/api/v1/producers?job=backup"))).containsExactly(
                    "down push backup/nas-02", "up push backup/nas-01");
        }
    }

    private static List<String> summary(JsonObject data) {
        List<String> out = new ArrayList<>();
        for (Object o : data.getJsonArray("producers")) {
            JsonObject p = (JsonObject) o;
            JsonObject labels = p.getJsonObject("labels");
            out.add(p.getString("health") + " " + p.getString("route") + " " + labels.getString("job") + "/"
                    + labels.getString("instance", ""));
        }
        return out;
    }

    private static JsonObject get(TestHttp http, String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).isEqualTo("success");
        return body.getJsonObject("data");
    }

    private static JsonObject await(TestHttp http, String path, java.util.function.Predicate<JsonObject> ready)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject data = get(http, path);
        while (!ready.test(data) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            data = get(http, path);
        }
        return data;
    }
}
