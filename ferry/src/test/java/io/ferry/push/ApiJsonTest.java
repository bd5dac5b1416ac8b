package io.ferry.push;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON API's documents, pinned byte for byte against the Pushgateway's own API test. */
class ApiJsonTest {
    private static final ZoneId IST = ZoneOffset.of("+05:30");
    /** 2020-03-10T00:54:08.025744841+05:30, the Pushgateway test's push time. */
    private static final double PUSHED = 1583781848.025744841;

    private static String metrics(List<Group> groups, ZoneId zone) {
        return new String(ApiJson.metrics(groups, zone), StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyStoreIsAnEmptyArray() {
        assertThat(metrics(List.of(), ZoneOffset.UTC)).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    /**
     * The group of the Pushgateway's {@code TestMetricsAPI} (api/v1/api_test.go): a summary with no
     * observations and int and float classic and native histograms, in a group whose label values
     * hold quotes, a backslash and UTF-8. Ferry keeps push times to the microsecond, so the time
     * stamps have six fraction digits where the Pushgateway's have nine.
     */
    @Test
    void thePushgatewaysMetricsApiTestGroup() throws IOException {
        Labels key = Labels.of("job", "Björn", "instance", "inst'a\"n\\ce1");
        MetricFamily mf1 = new MetricFamily("mf1", MetricType.SUMMARY, "", null, List.of(
                new SummaryMetric(key, new double[0], new double[0], 0, 0, Metric.NO_TIMESTAMP, Double.NaN)));
        double[] bounds = {250000, 500000};
        double[] counts = {3, 17};
        int[] spans = {0, 2, 0, 2};
        MetricFamily mfh = new MetricFamily("mfh", MetricType.HISTOGRAM, "", null, List.of(
                HistogramMetric.of(key.with("testing", "int classic histogram"), bounds, counts, 99.23, 20),
                HistogramMetric.of(key.with("testing", "float classic histogram"), bounds, counts, 99.23, 20),
                HistogramMetric.ofNative(key.with("testing", "int native histogram"), new NativeHistogram(1, 0, 0,
                        spans, new double[]{0, 2, 0, 0}, spans, new double[]{0, 2, 0, 0}, true, List.of()), 99.23, 20),
                HistogramMetric.ofNative(key.with("testing", "float native histogram"), new NativeHistogram(1, 0, 0,
                        spans, new double[]{2, 2, -2, 0}, spans, new double[]{2, 2, -2, 0}, false, List.of()),
                        99.23, 20)));
        Group g = new Group(key, List.of(mf1, mfh), PUSHED, 0);

        assertThat(metrics(List.of(g), IST)).isEqualTo(compact(resource("api-v1-metrics.json")));
    }

    @Test
    void groupsComeInKeyOrderAndEachFamilyKeepsItsOwnPushTime() {
        Labels a = Labels.of("job", "a");
        Labels b = Labels.of("job", "b", "instance", "x");
        Group late = new Group(b, List.of(gauge("zz", b, 1)), 20, 0);
        Group early = new Group(a, List.of(gauge("aa", a.with("instance", ""), 1), gauge("labels", a, 2)),
                new double[]{10, 15}, 15, 30);
        String json = metrics(List.of(late, early), ZoneOffset.UTC);
        assertThat(json).isEqualTo("{\"status\":\"success\",\"data\":["
                + "{\"aa\":{\"time_stamp\":\"1970-01-01T00:00:10Z\",\"type\":\"GAUGE\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"\",\"job\":\"a\"},\"value\":\"1\"}]},"
                // A family named like a fixed key takes its place, as Go's map assignment does.
                + "\"labels\":{\"time_stamp\":\"1970-01-01T00:00:15Z\",\"type\":\"GAUGE\",\"metrics\":"
                + "[{\"labels\":{\"job\":\"a\"},\"value\":\"2\"}]},"
                + "\"last_push_successful\":false,"
                + "\"push_failure_time_seconds\":{\"time_stamp\":\"1970-01-01T00:00:30Z\",\"type\":\"GAUGE\","
                + "\"help\":\"Last Unix time when changing this group in the Pushgateway failed.\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"\",\"job\":\"a\"},\"value\":\"30\"}]},"
                + "\"push_time_seconds\":{\"time_stamp\":\"1970-01-01T00:00:15Z\",\"type\":\"GAUGE\","
                + "\"help\":\"Last Unix time when changing this group in the Pushgateway succeeded.\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"\",\"job\":\"a\"},\"value\":\"15\"}]}},"
                + "{\"labels\":{\"instance\":\"x\",\"job\":\"b\"},\"last_push_successful\":true,"
                + "\"push_failure_time_seconds\":{\"time_stamp\":\"1970-01-01T00:00:20Z\",\"type\":\"GAUGE\","
                + "\"help\":\"Last Unix time when changing this group in the Pushgateway failed.\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"x\",\"job\":\"b\"},\"value\":\"0\"}]},"
                + "\"push_time_seconds\":{\"time_stamp\":\"1970-01-01T00:00:20Z\",\"type\":\"GAUGE\","
                + "\"help\":\"Last Unix time when changing this group in the Pushgateway succeeded.\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"x\",\"job\":\"b\"},\"value\":\"20\"}]},"
                + "\"zz\":{\"time_stamp\":\"1970-01-01T00:00:20Z\",\"type\":\"GAUGE\",\"metrics\":"
                + "[{\"labels\":{\"instance\":\"x\",\"job\":\"b\"},\"value\":\"1\"}]}}]}");
    }

    @Test
    void valuesAndCountsInGoForms() {
        Labels key = Labels.of("job", "j");
        MetricFamily c = new MetricFamily("c", MetricType.COUNTER, "<b>&</b>", null, List.of(
                ValueMetric.of(key.with("v", "big"), 1e6), ValueMetric.of(key.with("v", "inf"), Double.POSITIVE_INFINITY),
                ValueMetric.of(key.with("v", "nan"), Double.NaN), ValueMetric.of(key.with("v", "neg0"), -0.0)));
        MetricFamily s = new MetricFamily("s", MetricType.SUMMARY, "", null, List.of(new SummaryMetric(key,
                new double[]{0.5, 0.99}, new double[]{1.5, 2e-7}, 3, 1_000_000, Metric.NO_TIMESTAMP, Double.NaN)));
        MetricFamily h = new MetricFamily("h", MetricType.HISTOGRAM, "", null, List.of(HistogramMetric.of(key,
                new double[]{0.1, Double.POSITIVE_INFINITY}, new double[]{1, 2_000_000}, 1, 2_000_000),
                HistogramMetric.of(key.with("f", "1"), new double[]{1}, new double[]{2.5}, 1, 2.5)));
        MetricFamily u = new MetricFamily("u", MetricType.UNKNOWN, "", null, List.of(ValueMetric.of(key, 1)));
        String json = metrics(List.of(new Group(key, List.of(c, h, s, u), 1, 0)), ZoneOffset.UTC);
        assertThat(json)
                .contains("\"help\":\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e\"")
                .contains("\"value\":\"1e+06\"", "\"value\":\"+Inf\"", "\"value\":\"NaN\"", "\"value\":\"-0\"")
                .contains("{\"count\":\"1000000\",\"labels\":{\"job\":\"j\"},\"quantiles\":{\"0.5\":\"1.5\","
                        + "\"0.99\":\"2e-07\"},\"sum\":\"3\"}")
                .contains("{\"buckets\":{\"+Inf\":\"2000000\",\"0.1\":\"1\"},\"count\":\"2000000\"")
                .contains("{\"buckets\":{\"1\":\"2.5\"},\"count\":\"2.5\"")
                .contains("\"u\":{\"time_stamp\":\"1970-01-01T00:00:01Z\",\"type\":\"UNTYPED\"");
    }

    @Test
    void statusHasFlagsStartTimeAndBuildInformation() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("web.listen-address", ":9091");
        flags.put("log.level", "info");
        String json = new String(ApiJson.status(flags, Instant.parse("2026-11-21T10:00:00.123456789Z"),
                Map.of("version", "1.0"), IST), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"status\":\"success\",\"data\":{\"build_information\":{\"version\":\"1.0\"},"
                + "\"flags\":{\"log.level\":\"info\",\"web.listen-address\":\":9091\"},"
                + "\"start_time\":\"2026-11-21T15:30:00.123456789+05:30\"}}");
    }

    private static MetricFamily gauge(String name, Labels labels, double v) {
        return new MetricFamily(name, MetricType.GAUGE, "", null, List.of(ValueMetric.of(labels, v)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApiJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Indented JSON without the whitespace outside strings: what json.Marshal writes. */
    private static String compact(String indented) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < indented.length(); i++) {
            char c = indented.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(indented.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
                inString = c == '"';
            }
        }
        return out.toString();
    }
}
