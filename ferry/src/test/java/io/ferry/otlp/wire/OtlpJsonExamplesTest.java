package io.ferry.otlp.wire;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The specification's example payload (opentelemetry-proto examples/metrics.json) and its variants. */
class OtlpJsonExamplesTest {
    private static final long T = 1544712660300000000L;

    @Test
    void theSpecificationsExampleDecodesToItsContent() throws Exception {
        ExportRequest r = decode(example());
        assertThat(r.resources()).hasSize(1);
        assertThat(r.resources().get(0).resource()).isEqualTo(Attributes.of("service.name", "my.service"));
        io.ferry.otlp.wire.ScopeMetrics scope = r.resources().get(0).scopes().get(0);
        assertThat(scope.name()).isEqualTo("my.library");
        assertThat(scope.version()).isEqualTo("1.0.0");
        assertThat(scope.attributes()).isEqualTo(Attributes.of("my.scope.attribute", "some scope attribute"));
        assertThat(scope.metrics()).extracting(OtlpMetric::name).containsExactly("my.counter", "my.gauge", "my.histogram");

        OtlpMetric counter = scope.metrics().get(0);
        assertThat(counter.kind()).isEqualTo(MetricKind.SUM);
        assertThat(counter.temporality()).isEqualTo(Temporality.DELTA); // 1 is DELTA
        assertThat(counter.monotonic()).isTrue();
        assertThat(counter.unit()).isEqualTo("1");
        assertThat(counter.description()).isEqualTo("I am a Counter");
        NumberPoint c = (NumberPoint) counter.points().get(0);
        assertThat(c.value()).isEqualTo(5.0);
        assertThat(c.isInt()).isFalse();
        assertThat(c.startTimeNanos()).isEqualTo(T);
        assertThat(c.timeNanos()).isEqualTo(T);
        assertThat(c.attributes()).isEqualTo(Attributes.of("my.counter.attr", "some value"));

        OtlpMetric gauge = scope.metrics().get(1);
        assertThat(gauge.kind()).isEqualTo(MetricKind.GAUGE);
        assertThat(gauge.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        NumberPoint g = (NumberPoint) gauge.points().get(0);
        assertThat(g.value()).isEqualTo(10.0);
        assertThat(g.startTimeNanos()).isZero();

        OtlpMetric histogram = scope.metrics().get(2);
        assertThat(histogram.kind()).isEqualTo(MetricKind.HISTOGRAM);
        assertThat(histogram.temporality()).isEqualTo(Temporality.DELTA);
        HistogramPoint h = (HistogramPoint) histogram.points().get(0);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.hasSum()).isTrue();
        assertThat(h.sum()).isEqualTo(2.0);
        assertThat(h.bucketCounts()).containsExactly(1, 1);
        assertThat(h.bounds()).containsExactly(1.0);
        assertThat(h.hasMin()).isTrue();
        assertThat(h.min()).isEqualTo(0.0);
        assertThat(h.max()).isEqualTo(2.0);
    }

    @Test
    void theExampleWithStringIntegersAndEnumNamesDecodesTheSame() throws Exception {
        String variant = example()
                .replace("1544712660300000000", "\"1544712660300000000\"")
                .replace("\"count\": 2", "\"count\": \"2\"")
                .replaceAll("\"bucketCounts\": \\[\\s*1,\\s*1\\s*\\]", "\"bucketCounts\": [\"1\", \"1\"]")
                .replace("\"aggregationTemporality\": 1", "\"aggregationTemporality\": \"AGGREGATION_TEMPORALITY_DELTA\"");
        assertThat(variant).contains("\"1544712660300000000\"", "AGGREGATION_TEMPORALITY_DELTA", "[\"1\", \"1\"]");
        assertThat(OtlpOracle.describe(decode(variant))).isEqualTo(OtlpOracle.describe(decode(example())));
    }

    @Test
    void theExampleInSnakeCaseDecodesTheSame() throws Exception {
        String snake = example();
        for (String camel : new String[] {"resourceMetrics", "scopeMetrics", "stringValue", "aggregationTemporality",
                "isMonotonic", "dataPoints", "asDouble", "startTimeUnixNano", "timeUnixNano", "bucketCounts",
                "explicitBounds"}) {
            snake = snake.replace("\"" + camel + "\"", "\"" + camel.replaceAll("([A-Z])", "_$1").toLowerCase() + "\"");
        }
        assertThat(snake).contains("\"resource_metrics\"", "\"start_time_unix_nano\"");
        assertThat(OtlpOracle.describe(decode(snake))).isEqualTo(OtlpOracle.describe(decode(example())));
    }

    @Test
    void theExampleInJsonAndInProtobufDecodeEqual() throws Exception {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", "my.service")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("my.library").setVersion("1.0.0")
                                        .addAttributes(kv("my.scope.attribute", "some scope attribute")))
                                .addMetrics(Metric.newBuilder().setName("my.counter").setUnit("1")
                                        .setDescription("I am a Counter")
                                        .setSum(Sum.newBuilder()
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                                .setIsMonotonic(true)
                                                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(5)
                                                        .setStartTimeUnixNano(T).setTimeUnixNano(T)
                                                        .addAttributes(kv("my.counter.attr", "some value")))))
                                .addMetrics(Metric.newBuilder().setName("my.gauge").setUnit("1")
                                        .setDescription("I am a Gauge")
                                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                                .setAsDouble(10).setTimeUnixNano(T)
                                                .addAttributes(kv("my.gauge.attr", "some value")))))
                                .addMetrics(Metric.newBuilder().setName("my.histogram").setUnit("1")
                                        .setDescription("I am a Histogram")
                                        .setHistogram(Histogram.newBuilder()
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                                .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(T)
                                                        .setTimeUnixNano(T).setCount(2).setSum(2).addBucketCounts(1)
                                                        .addBucketCounts(1).addExplicitBounds(1).setMin(0).setMax(2)
                                                        .addAttributes(kv("my.histogram.attr", "some value")))))))
                .build();
        byte[] proto = request.toByteArray();
        assertThat(OtlpOracle.describe(OtlpProtobufDecoder.decode(proto, 0, proto.length)))
                .isEqualTo(OtlpOracle.describe(decode(example())));
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    static String example() throws Exception {
        try (InputStream in = OtlpJsonExamplesTest.class.getResourceAsStream("spec-example-metrics.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static ExportRequest decode(String json) throws OtlpDecodeException {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return OtlpJsonDecoder.decode(b, 0, b.length);
    }
}
