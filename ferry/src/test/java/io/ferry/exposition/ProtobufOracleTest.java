package io.ferry.exposition;

import static io.ferry.exposition.ProtoOracle.exemplar;
import static io.ferry.exposition.ProtoOracle.family;
import static io.ferry.exposition.ProtoOracle.label;
import static io.ferry.exposition.ProtoOracle.span;
import static io.ferry.exposition.ProtoOracle.timestamp;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.COUNTER;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.GAUGE;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.GAUGE_HISTOGRAM;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.HISTOGRAM;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.SUMMARY;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.UNTYPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exposition.internal.proto.ClientModel;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden tests against the generated client_model classes, in both directions: what they encode
 * we parse into the expected model, and what we write they decode into the expected message,
 * byte for byte the same as their own encoding.
 */
class ProtobufOracleTest {
    private static final long NO_TS = Metric.NO_TIMESTAMP;
    private static final double[] NONE = new double[0];
    private static final int[] NO_SPANS = new int[0];
    /** client_golang's default zero threshold, 2^-128. */
    private static final double ZERO_THRESHOLD = 2.938735877055719e-39;

    record Fixture(String name, ClientModel.MetricFamily proto, MetricFamily model) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fixture> fixtures() {
        List<Fixture> f = new ArrayList<>();

        f.add(new Fixture("counter with exemplar, created time and timestamp",
                family("http_requests_total", COUNTER).setHelp("Requests served.")
                        .addMetric(ClientModel.Metric.newBuilder()
                                .addLabel(label("code", "200")).addLabel(label("method", "get"))
                                .setCounter(ClientModel.Counter.newBuilder().setValue(1027)
                                        .setExemplar(exemplar(0.5, timestamp(1700000000, 123_000_000),
                                                label("trace_id", "abc123")))
                                        .setCreatedTimestamp(timestamp(1699999000, 500_000_000)))
                                .setTimestampMs(1700000001000L))
                        .addMetric(ClientModel.Metric.newBuilder()
                                .addLabel(label("code", "500")).addLabel(label("method", "get"))
                                .setCounter(ClientModel.Counter.newBuilder().setValue(3)))
                        .build(),
                new MetricFamily("http_requests_total", MetricType.COUNTER, "Requests served.", null, List.of(
                        new ValueMetric(Labels.of("code", "200", "method", "get"), 1027, 1700000001000L,
                                1699999000.5, new Exemplar(Labels.of("trace_id", "abc123"), 0.5, 1700000000123L)),
                        ValueMetric.of(Labels.of("code", "500", "method", "get"), 3)))));

        f.add(new Fixture("gauge with unit and non-ASCII text",
                family("room_temperature_celsius", GAUGE).setHelp("Température \"℃\" 😀\nsecond line")
                        .addMetric(ClientModel.Metric.newBuilder().addLabel(label("room", "küche \\ 厨房"))
                                .setGauge(ClientModel.Gauge.newBuilder().setValue(-3.5)))
                        .setUnit("celsius")
                        .build(),
                new MetricFamily("room_temperature_celsius", MetricType.GAUGE, "Température \"℃\" 😀\nsecond line",
                        "celsius", List.of(ValueMetric.of(Labels.of("room", "küche \\ 厨房"), -3.5)))));

        f.add(new Fixture("untyped with a negative timestamp and no help",
                family("legacy_value", UNTYPED)
                        .addMetric(ClientModel.Metric.newBuilder()
                                .setUntyped(ClientModel.Untyped.newBuilder().setValue(Double.POSITIVE_INFINITY))
                                .setTimestampMs(-5))
                        .build(),
                new MetricFamily("legacy_value", MetricType.UNTYPED, null, null, List.of(
                        new ValueMetric(Labels.EMPTY, Double.POSITIVE_INFINITY, -5, Double.NaN, null)))));

        f.add(new Fixture("summary with and without count and sum",
                family("rpc_duration_seconds", SUMMARY).setHelp("RPC latency.")
                        .addMetric(ClientModel.Metric.newBuilder().addLabel(label("service", "a"))
                                .setSummary(ClientModel.Summary.newBuilder().setSampleCount(12).setSampleSum(3.4)
                                        .addQuantile(ClientModel.Quantile.newBuilder().setQuantile(0.5).setValue(0.1))
                                        .addQuantile(ClientModel.Quantile.newBuilder().setQuantile(0.99)
                                                .setValue(0.9))
                                        .setCreatedTimestamp(timestamp(1700000000, 250_000_000))))
                        .addMetric(ClientModel.Metric.newBuilder().addLabel(label("service", "b"))
                                .setSummary(ClientModel.Summary.newBuilder()
                                        .addQuantile(ClientModel.Quantile.newBuilder().setQuantile(0.5)
                                                .setValue(Double.NaN))))
                        .build(),
                new MetricFamily("rpc_duration_seconds", MetricType.SUMMARY, "RPC latency.", null, List.of(
                        new SummaryMetric(Labels.of("service", "a"), new double[] {0.5, 0.99},
                                new double[] {0.1, 0.9}, 3.4, 12, NO_TS, 1700000000.25),
                        new SummaryMetric(Labels.of("service", "b"), new double[] {0.5}, new double[] {Double.NaN},
                                0, Double.NaN, NO_TS, Double.NaN)))));

        f.add(new Fixture("classic histogram with a bucket exemplar",
                family("request_size_bytes", HISTOGRAM)
                        .addMetric(ClientModel.Metric.newBuilder()
                                .setHistogram(ClientModel.Histogram.newBuilder().setSampleCount(9).setSampleSum(4200.5)
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCount(3)
                                                .setUpperBound(100)
                                                .setExemplar(exemplar(99, timestamp(1700000000, 0),
                                                        label("trace_id", "t1"))))
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCount(7)
                                                .setUpperBound(1000))
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCount(9)
                                                .setUpperBound(Double.POSITIVE_INFINITY))
                                        .setCreatedTimestamp(timestamp(1700000000, 1_000_000)))
                                .setTimestampMs(1700000005000L))
                        .build(),
                new MetricFamily("request_size_bytes", MetricType.HISTOGRAM, null, null, List.of(
                        new HistogramMetric(Labels.EMPTY, new double[] {100, 1000, Double.POSITIVE_INFINITY},
                                new double[] {3, 7, 9},
                                new Exemplar[] {new Exemplar(Labels.of("trace_id", "t1"), 99, 1700000000000L), null,
                                        null},
                                4200.5, 9, 1700000005000L, 1700000000.001, null)))));

        f.add(new Fixture("classic histogram with float counts",
                family("weighted_observations", HISTOGRAM)
                        .addMetric(ClientModel.Metric.newBuilder()
                                .setHistogram(ClientModel.Histogram.newBuilder().setSampleCountFloat(2.5)
                                        .setSampleSum(1.0)
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCountFloat(0.5)
                                                .setUpperBound(1))
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCountFloat(2.5)
                                                .setUpperBound(Double.POSITIVE_INFINITY))))
                        .build(),
                new MetricFamily("weighted_observations", MetricType.HISTOGRAM, null, null, List.of(
                        new HistogramMetric(Labels.EMPTY, new double[] {1, Double.POSITIVE_INFINITY},
                                new double[] {0.5, 2.5}, null, 1.0, 2.5, NO_TS, Double.NaN, null)))));

        f.add(new Fixture("native histogram with integer counts, a classic bucket and an exemplar",
                family("rpc_latency_seconds", HISTOGRAM).setHelp("Latency.")
                        .addMetric(ClientModel.Metric.newBuilder().addLabel(label("svc", "api"))
                                .setHistogram(ClientModel.Histogram.newBuilder().setSampleCount(9).setSampleSum(12.5)
                                        .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCount(9)
                                                .setUpperBound(Double.POSITIVE_INFINITY))
                                        .setSchema(3).setZeroThreshold(ZERO_THRESHOLD).setZeroCount(2)
                                        .addNegativeSpan(span(-2, 1)).addNegativeDelta(1)
                                        .addPositiveSpan(span(0, 2)).addPositiveSpan(span(3, 1))
                                        .addPositiveDelta(2).addPositiveDelta(1).addPositiveDelta(-2)
                                        .setCreatedTimestamp(timestamp(1700000000, 0))
                                        .addExemplars(exemplar(0.042, timestamp(1700000001, 5_000_000),
                                                label("trace_id", "xyz")))))
                        .build(),
                new MetricFamily("rpc_latency_seconds", MetricType.HISTOGRAM, "Latency.", null, List.of(
                        new HistogramMetric(Labels.of("svc", "api"), new double[] {Double.POSITIVE_INFINITY},
                                new double[] {9}, null, 12.5, 9, NO_TS, 1700000000.0,
                                new NativeHistogram(3, ZERO_THRESHOLD, 2, new int[] {-2, 1}, new double[] {1},
                                        new int[] {0, 2, 3, 1}, new double[] {2, 3, 1}, true,
                                        List.of(new Exemplar(Labels.of("trace_id", "xyz"), 0.042,
                                                1700000001005L))))))));

        f.add(new Fixture("native gauge histogram with float counts",
                family("queue_depth", GAUGE_HISTOGRAM)
                        .addMetric(ClientModel.Metric.newBuilder()
                                .setHistogram(ClientModel.Histogram.newBuilder().setSampleCountFloat(4.5)
                                        .setSampleSum(10)
                                        .setSchema(-2).setZeroThreshold(0.001).setZeroCountFloat(0.5)
                                        .addPositiveSpan(span(1, 2))
                                        .addPositiveCount(1.5).addPositiveCount(2.5)))
                        .build(),
                new MetricFamily("queue_depth", MetricType.GAUGE_HISTOGRAM, null, null, List.of(
                        HistogramMetric.ofNative(Labels.EMPTY,
                                new NativeHistogram(-2, 0.001, 0.5, NO_SPANS, NONE, new int[] {1, 2},
                                        new double[] {1.5, 2.5}, false, List.of()),
                                10, 4.5)))));

        f.add(new Fixture("native histogram without observations (no-op span)",
                family("empty_native_seconds", HISTOGRAM)
                        .addMetric(ClientModel.Metric.newBuilder()
                                .setHistogram(ClientModel.Histogram.newBuilder().setSampleCount(0).setSampleSum(0)
                                        .setSchema(0).setZeroThreshold(0).setZeroCount(0)
                                        .addPositiveSpan(span(0, 0))))
                        .build(),
                new MetricFamily("empty_native_seconds", MetricType.HISTOGRAM, null, null, List.of(
                        HistogramMetric.ofNative(Labels.EMPTY,
                                new NativeHistogram(0, 0, 0, NO_SPANS, NONE, NO_SPANS, NONE, true, List.of()),
                                0, 0)))));
        return f;
    }

    static Stream<Arguments> cases() {
        return fixtures().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesWhatTheGeneratedClassesEncode(Fixture fixture) throws Exception {
        List<MetricFamily> parsed = ProtoOracle.parse(ProtoOracle.encode(fixture.proto()));
        assertThat(parsed).containsExactly(fixture.model());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesWhatTheGeneratedClassesDecode(Fixture fixture) {
        byte[] ours = ProtoOracle.write(fixture.model());
        assertThat(ProtoOracle.decode(ours)).containsExactly(fixture.proto());
        assertThat(ours).isEqualTo(ProtoOracle.encode(fixture.proto()));
    }

    @Test
    void parsesManyFamiliesInInputOrder() throws Exception {
        List<Fixture> all = fixtures();
        byte[] body = ProtoOracle.encode(all.stream().map(Fixture::proto).toArray(ClientModel.MetricFamily[]::new));
        assertThat(ProtoOracle.parse(body)).containsExactlyElementsOf(all.stream().map(Fixture::model).toList());
        assertThat(new ProtobufParser(ParseLimits.DEFAULT).parse(new java.io.ByteArrayInputStream(body)))
                .containsExactlyElementsOf(all.stream().map(Fixture::model).toList());
    }

    @Test
    void writesManyFamiliesAsConsecutiveDelimitedMessages() {
        List<Fixture> all = fixtures();
        byte[] ours = ProtobufWriter.INSTANCE.toBytes(all.stream().map(Fixture::model).toList());
        assertThat(ProtoOracle.decode(ours)).containsExactlyElementsOf(all.stream().map(Fixture::proto).toList());
    }

    @Test
    void writesTypesProtobufLacksAsTheirNearest() {
        Exemplar ex = new Exemplar(Labels.of("trace_id", "t"), 1, NO_TS);
        byte[] body = ProtoOracle.write(
                new MetricFamily("build_info", MetricType.INFO, null, null,
                        List.of(ValueMetric.of(Labels.of("version", "1.2"), 1))),
                new MetricFamily("door_state", MetricType.STATESET, "Door.", null,
                        List.of(ValueMetric.of(Labels.of("door_state", "open"), 1))),
                new MetricFamily("mystery", MetricType.UNKNOWN, null, null, List.of(ValueMetric.of(Labels.EMPTY, 7))),
                new MetricFamily("queue_length", MetricType.GAUGE, null, null,
                        List.of(new ValueMetric(Labels.EMPTY, 4, NO_TS, 1700000000.0, ex))));
        assertThat(ProtoOracle.decode(body)).containsExactly(
                family("build_info", GAUGE).addMetric(ClientModel.Metric.newBuilder().addLabel(label("version", "1.2"))
                        .setGauge(ClientModel.Gauge.newBuilder().setValue(1))).build(),
                family("door_state", GAUGE).setHelp("Door.").addMetric(ClientModel.Metric.newBuilder()
                        .addLabel(label("door_state", "open"))
                        .setGauge(ClientModel.Gauge.newBuilder().setValue(1))).build(),
                family("mystery", UNTYPED).addMetric(ClientModel.Metric.newBuilder()
                        .setUntyped(ClientModel.Untyped.newBuilder().setValue(7))).build(),
                // A gauge has no exemplar or created time in client_model: they are not written.
                family("queue_length", GAUGE).addMetric(ClientModel.Metric.newBuilder()
                        .setGauge(ClientModel.Gauge.newBuilder().setValue(4))).build());
    }

    @Test
    void writesCountsThatAreNotUint64AsFloats() {
        HistogramMetric h = new HistogramMetric(Labels.EMPTY, new double[] {1, 2, Double.POSITIVE_INFINITY},
                new double[] {0x1p63, 1e300, Double.POSITIVE_INFINITY}, null, 1, 0x1p64, NO_TS, Double.NaN,
                new NativeHistogram(1, 0, 1.5, NO_SPANS, NONE, new int[] {0, 1}, new double[] {4}, true, List.of()));
        ClientModel.Histogram decoded = ProtoOracle.decode(ProtoOracle.write(
                new MetricFamily("big", MetricType.HISTOGRAM, null, null, List.of(h)))).getFirst()
                .getMetric(0).getHistogram();
        assertThat(decoded.hasSampleCount()).isFalse();
        assertThat(decoded.getSampleCountFloat()).isEqualTo(0x1p64);
        assertThat(decoded.getBucketList()).allSatisfy(b -> assertThat(b.hasCumulativeCount()).isFalse());
        assertThat(decoded.getBucket(0).getCumulativeCountFloat()).isEqualTo(0x1p63);
        assertThat(decoded.getBucket(1).getCumulativeCountFloat()).isEqualTo(1e300);
        assertThat(decoded.hasZeroCount()).isFalse();
        assertThat(decoded.getZeroCountFloat()).isEqualTo(1.5);
        assertThat(decoded.getPositiveDeltaList()).containsExactly(4L);
    }

    @Test
    void writesNoCountOrSumWhenTheModelHasNone() {
        byte[] body = ProtoOracle.write(
                new MetricFamily("s", MetricType.SUMMARY, null, null, List.of(
                        new SummaryMetric(Labels.EMPTY, NONE, NONE, 0, Double.NaN, NO_TS, Double.NaN))),
                new MetricFamily("h", MetricType.HISTOGRAM, null, null, List.of(
                        HistogramMetric.of(Labels.EMPTY, new double[] {1}, new double[] {2}, 0, Double.NaN))));
        List<ClientModel.MetricFamily> decoded = ProtoOracle.decode(body);
        ClientModel.Summary s = decoded.get(0).getMetric(0).getSummary();
        ClientModel.Histogram h = decoded.get(1).getMetric(0).getHistogram();
        assertThat(s.hasSampleCount() || s.hasSampleSum() || s.hasCreatedTimestamp()).isFalse();
        assertThat(h.hasSampleCount() || h.hasSampleCountFloat() || h.hasSampleSum() || h.hasSchema()).isFalse();
        assertThat(decoded.get(0).hasHelp() || decoded.get(0).hasUnit()).isFalse();
    }

    @Test
    void writesAFractionalSummaryCountAsTheNearestUint64() {
        byte[] body = ProtoOracle.write(new MetricFamily("s", MetricType.SUMMARY, null, null, List.of(
                new SummaryMetric(Labels.EMPTY, NONE, NONE, 1, 2.6, NO_TS, Double.NaN),
                new SummaryMetric(Labels.EMPTY, NONE, NONE, 1, -3, NO_TS, Double.NaN),
                new SummaryMetric(Labels.EMPTY, NONE, NONE, 1, 0x1p63, NO_TS, Double.NaN))));
        List<ClientModel.Metric> m = ProtoOracle.decode(body).getFirst().getMetricList();
        assertThat(m.get(0).getSummary().getSampleCount()).isEqualTo(3);
        assertThat(m.get(1).getSummary().getSampleCount()).isZero();
        assertThat(Long.toUnsignedString(m.get(2).getSummary().getSampleCount())).isEqualTo("9223372036854775808");
    }

    @Test
    void writesTimestampsInWholeSecondsAndNanos() {
        byte[] body = ProtoOracle.write(new MetricFamily("c_total", MetricType.COUNTER, null, null, List.of(
                new ValueMetric(Labels.EMPTY, 1, NO_TS, 1700000000.123,
                        new Exemplar(Labels.EMPTY, 1, -1L)),
                new ValueMetric(Labels.EMPTY, 1, NO_TS, 1.000000001, null),
                new ValueMetric(Labels.EMPTY, 1, NO_TS, -0.5, null))));
        List<ClientModel.Metric> m = ProtoOracle.decode(body).getFirst().getMetricList();
        assertThat(m.get(0).getCounter().getCreatedTimestamp()).isEqualTo(timestamp(1700000000, 123_000_000));
        assertThat(m.get(0).getCounter().getExemplar().getTimestamp()).isEqualTo(timestamp(-1, 999_000_000));
        assertThat(m.get(1).getCounter().getCreatedTimestamp()).isEqualTo(timestamp(1, 1));
        assertThat(m.get(2).getCounter().getCreatedTimestamp()).isEqualTo(timestamp(-1, 500_000_000));
    }

    @Test
    void writesUnpairedSurrogatesAsQuestionMarksLikeTheGeneratedClasses() {
        String odd = "a\uD800b\uDC00c😀";
        MetricFamily model = new MetricFamily("odd", MetricType.GAUGE, odd, null,
                List.of(ValueMetric.of(Labels.of("l", odd), 1)));
        ClientModel.MetricFamily proto = family("odd", GAUGE).setHelp(odd)
                .addMetric(ClientModel.Metric.newBuilder().addLabel(label("l", odd))
                        .setGauge(ClientModel.Gauge.newBuilder().setValue(1)))
                .build();
        byte[] ours = ProtoOracle.write(model);
        assertThat(ours).isEqualTo(ProtoOracle.encode(proto));
        assertThat(ProtoOracle.decode(ours).getFirst().getHelp()).isEqualTo("a?b?c😀");
    }

    @Test
    void writesNothingForNoFamilies() {
        assertThat(ProtoOracle.write()).isEmpty();
    }
}
