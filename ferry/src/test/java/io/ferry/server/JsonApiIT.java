package io.ferry.server;

import io.ferry.config.ByteSize;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.config.PushLimitsConfig;
import io.ferry.config.WebLimits;
import io.ferry.telemetry.BuildInfo;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/status and /api/v1/metrics, CORS and OPTIONS, through the real server. */
class JsonApiIT {
    private static final Map<String, String> CORS = Map.of(
            "Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin",
            "Access-Control-Allow-Methods", "GET, OPTIONS",
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Expose-Headers", "Date",
            "Cache-Control", "no-cache, no-store, must-revalidate");

    @TempDir
    Path storage;

    private FerryConfig config() {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0"), "/pg", "", "/metrics", false, false),
                new StorageConfig(storage), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }

    private static void assertCors(HttpResponse<String> r) {
        CORS.forEach((name, value) -> assertThat(r.headers().firstValue(name)).as(name).contains(value));
    }

    @Test
    void metricsListEveryGroupInThePushgatewaysShape() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> empty = http.get("/pg/api/v1/metrics");
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
            assertThat(empty.headers().firstValue("Content-Type")).contains("application/json");
            assertCors(empty);

            assertThat(http.send("PUT", "/pg/metrics/job/j%3Cx%3E/instance/i", """
                    # HELP s A <summary>.
                    # TYPE s summary
                    s{quantile="0.5"} 2
                    s_sum 3
                    s_count 4
                    # TYPE h histogram
                    h_bucket{le="0.1"} 1
                    h_bucket{le="+Inf"} 2
                    h_sum 0.3
                    h_count 2
                    """).statusCode()).isEqualTo(200);
            assertThat(http.send("PUT", "/pg/metrics/job/a", "g{v=\"é\\\\\\\"\"} 1e6\n").statusCode()).isEqualTo(200);

            String body = http.get("/pg/api/v1/metrics").body();
            // Groups in key order: {job="a"} (one label) before {instance="i",job="j<x>"}.
            assertThat(body).startsWith("{\"status\":\"success\",\"data\":[{\"g\":{\"time_stamp\":\"")
                    .contains("\"type\":\"UNTYPED\",\"metrics\":[{\"labels\":{\"instance\":\"\",\"job\":\"a\","
                            + "\"v\":\"é\\\\\\\"\"},\"value\":\"1e+06\"}]},\"labels\":{\"job\":\"a\"},"
                            + "\"last_push_successful\":true,\"push_failure_time_seconds\":{")
                    .contains("},{\"h\":{\"time_stamp\":\"")
                    .contains("\"type\":\"HISTOGRAM\",\"metrics\":[{\"buckets\":{\"+Inf\":\"2\",\"0.1\":\"1\"},"
                            + "\"count\":\"2\",\"labels\":{\"instance\":\"i\",\"job\":\"j\\u003cx\\u003e\"},\"sum\":\"0.3\"}]}")
                    .contains("\"labels\":{\"instance\":\"i\",\"job\":\"j\\u003cx\\u003e\"},\"last_push_successful\":true")
                    .contains("\"type\":\"SUMMARY\",\"help\":\"A \\u003csummary\\u003e.\",\"metrics\":[{\"count\":\"4\","
                            + "\"labels\":{\"instance\":\"i\",\"job\":\"j\\u003cx\\u003e\"},\"quantiles\":{\"0.5\":\"2\"},"
                            + "\"sum\":\"3\"}]}}]}");
        }
    }

    @Test
    void statusReportsFlagsStartTimeAndBuild() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            HttpResponse<String> r = TestHttp.local(ferry.port()).get("/pg/api/v1/status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertCors(r);
            assertThat(r.body()).startsWith("{\"status\":\"success\",\"data\":{\"build_information\":{\"javaVersion\":\""
                            + Runtime.version() + "\",\"version\":\"" + BuildInfo.version() + "\"},\"flags\":{"
                            + "\"config.file\":\"\",\"log.format\":\"logfmt\",\"log.level\":\"info\","
                            + "\"no-statsd.parse-dogstatsd-tags\":\"false\",\"no-statsd.parse-influxdb-tags\":\"false\","
                            + "\"no-statsd.parse-librato-tags\":\"false\",\"no-statsd.parse-signalfx-tags\":\"false\","
                            + "\"otlp.grpc-listen-address\":\"\",\"otlp.http-listen-address\":\"\","
                            + "\"otlp.max-request-bytes\":\"64MiB\","
                            + "\"persistence.file\":\"\",\"persistence.interval\":\"5m0s\","
                            + "\"push.disable-consistency-check\":\"false\",\"push.max-body-bytes\":\"16MiB\","
                            + "\"statsd.cache-size\":\"1000\",\"statsd.cache-type\":\"\",\"statsd.event-flush-interval\":\"\","
                            + "\"statsd.event-flush-threshold\":\"\",\"statsd.event-queue-size\":\"\","
                            + "\"statsd.listen-tcp\":\"\",\"statsd.listen-udp\":\"\",\"statsd.listen-unixgram\":\"\","
                            + "\"statsd.mapping-config\":\"\",\"statsd.parse-dogstatsd-tags\":\"true\","
                            + "\"statsd.parse-influxdb-tags\":\"true\",\"statsd.parse-librato-tags\":\"true\","
                            + "\"statsd.parse-signalfx-tags\":\"true\",\"statsd.read-buffer\":\"0\","
                            + "\"statsd.udp-packet-queue-size\":\"\",\"statsd.unixsocket-mode\":\"755\","
                            + "\"storage.path\":\"" + storage.toAbsolutePath().toString().replace("\\", "\\\\") + "\","
                            + "\"storage.remote-write.max-bytes\":\"1GiB\",\"storage.repair\":\"false\","
                            + "\"tunnel.enabled\":\"true\",\"tunnel.listen-address\":\"\",\"tunnel.max-clients\":\"20000\",\"tunnel.max-connections\":\"20000\","
                            + "\"tunnel.max-response-bytes\":\"100MiB\",\"tunnel.registration.timeout\":\"5m0s\","
                            + "\"tunnel.scrape.default-timeout\":\"15s\",\"tunnel.scrape.max-timeout\":\"5m0s\","
                            + "\"web.config.file\":\"\",\"web.enable-admin-api\":\"false\","
                            + "\"web.enable-lifecycle\":\"false\",\"web.enable-openmetrics\":\"false\","
                            + "\"web.external-url\":\"\","
                            + "\"web.idle-timeout\":\"2m0s\",\"web.listen-address\":\"127.0.0.1:0\","
                            + "\"web.max-body-bytes-in-flight\":\""
                            + ByteSize.format(WebLimits.DEFAULTS.effectiveMaxBodyBytesInFlight(PushLimitsConfig.DEFAULTS.maxBodyBytes())) + "\","
                            + "\"web.max-connections\":\"512\",\"web.read-header-timeout\":\"10s\","
                            + "\"web.read-timeout\":\"1m0s\",\"web.route-prefix\":\"/pg\","
                            + "\"web.telemetry-path\":\"/metrics\"},\"start_time\":\"")
                    .matches(".*\"start_time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?(Z|[+-]\\d\\d:\\d\\d)\"}}");
        }
    }

    @Test
    void optionsAndUnknownPathsUnderTheApi() throws Exception {
        try (FerryServer ferry = FerryServer.start(config())) {
            TestHttp http = TestHttp.local(ferry.port());
            HttpResponse<String> options = http.send("OPTIONS", "/pg/api/v1/anything", null);
            assertThat(options.statusCode()).isEqualTo(200);
            assertThat(options.body()).isEmpty();
            assertCors(options);
            HttpResponse<String> post = http.send("POST", "/pg/api/v1/status", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertCors(post);
            assertThat(http.status("PUT", "/pg/api/v1/nothing")).isEqualTo(404);
            // A browser's preflight for a cross-origin DELETE of groups: DELETE is not allowed, so
            // a web page cannot delete an open Ferry's groups.
            HttpResponse<String> preflight = http.send("OPTIONS", "/pg/api/v1/groups", null,
                    "Origin", "http://elsewhere.example", "Access-Control-Request-Method", "DELETE");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, OPTIONS");
            assertThat(http.status("GET", "/api/v1/status")).isEqualTo(404);
        }
    }
}
