package io.ferry.otlp.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.Random;

/**
 * Random {@code ExportMetricsServiceRequest}s built with the generated builders: every metric kind,
 * every attribute value kind (nested arrays and maps included), NaN and infinite values, optional
 * fields set or not, exemplars with ids, unknown fields here and there, strings beyond ASCII.
 */
final class RandomOtlpRequests {
    private static final String[] WORDS = {"", "a", "http.method", "GET", "service.name", "ü", "日本", "😀x", "<&>",
            "quote\"back\\slash", "line\nbreak", "k.e-y/1", "0", "true"};
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            1e21, 1e-7, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, -5};

    private final Random random;

    RandomOtlpRequests(long seed) {
        random = new Random(seed);
    }

    ExportMetricsServiceRequest request() {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            ResourceMetrics.Builder rm = ResourceMetrics.newBuilder();
            if (random.nextInt(4) > 0) {
                rm.setResource(Resource.newBuilder().addAllAttributes(attributes(4)).setDroppedAttributesCount(random.nextInt(3)));
            }
            if (random.nextBoolean()) {
                rm.setSchemaUrl("https://opentelemetry.io/schemas/1.24.0");
            }
            for (int j = random.nextInt(3); j >= 0; j--) {
                ScopeMetrics.Builder sm = ScopeMetrics.newBuilder();
                if (random.nextBoolean()) {
                    sm.setScope(InstrumentationScope.newBuilder().setName(word()).setVersion(word())
                            .addAllAttributes(attributes(2)));
                }
                for (int k = random.nextInt(4); k >= 0; k--) {
                    sm.addMetrics(metric());
                }
                rm.addScopeMetrics(sm);
            }
            b.addResourceMetrics(rm);
        }
        return b.build();
    }

    private Metric metric() {
        Metric.Builder m = Metric.newBuilder().setName(word()).setDescription(word()).setUnit(word());
        if (random.nextInt(8) == 0) {
            m.addMetadata(KeyValue.newBuilder().setKey("meta").setValue(AnyValue.newBuilder().setStringValue("x")));
        }
        int points = random.nextInt(4);
        switch (random.nextInt(6)) {
            case 0 -> {
                Gauge.Builder g = Gauge.newBuilder();
                for (int i = 0; i < points; i++) {
                    g.addDataPoints(number());
                }
                m.setGauge(g);
            }
            case 1 -> {
                Sum.Builder s = Sum.newBuilder().setAggregationTemporalityValue(random.nextInt(4))
                        .setIsMonotonic(random.nextBoolean());
                for (int i = 0; i < points; i++) {
                    s.addDataPoints(number());
                }
                m.setSum(s);
            }
            case 2 -> {
                Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality());
                for (int i = 0; i < points; i++) {
                    h.addDataPoints(histogram());
                }
                m.setHistogram(h);
            }
            case 3 -> {
                ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder().setAggregationTemporality(temporality());
                for (int i = 0; i < points; i++) {
                    h.addDataPoints(exp());
                }
                m.setExponentialHistogram(h);
            }
            case 4 -> {
                Summary.Builder s = Summary.newBuilder();
                for (int i = 0; i < points; i++) {
                    s.addDataPoints(summary());
                }
                m.setSummary(s);
            }
            default -> {
                // no data field: EMPTY
            }
        }
        return m.build();
    }

    private AggregationTemporality temporality() {
        return AggregationTemporality.forNumber(random.nextInt(3));
    }

    private NumberDataPoint number() {
        NumberDataPoint.Builder p = NumberDataPoint.newBuilder().addAllAttributes(attributes(3))
                .setStartTimeUnixNano(time()).setTimeUnixNano(time()).setFlags(flags());
        switch (random.nextInt(3)) {
            case 0 -> p.setAsDouble(value());
            case 1 -> p.setAsInt(random.nextLong() >> random.nextInt(64));
            default -> {
                // neither: a value of 0
            }
        }
        for (int i = random.nextInt(3) - 1; i > 0; i--) {
            p.addExemplars(exemplar());
        }
        if (random.nextInt(10) == 0) {
            p.setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong()).build())
                    .addField(100, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("skip me")).build())
                    .addField(101, UnknownFieldSet.Field.newBuilder().addFixed32(7).addFixed64(8).build())
                    .build());
        }
        return p.build();
    }

    private HistogramDataPoint histogram() {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().addAllAttributes(attributes(3))
                .setStartTimeUnixNano(time()).setTimeUnixNano(time()).setCount(random.nextLong()).setFlags(flags());
        if (random.nextBoolean()) {
            p.setSum(value());
        }
        if (random.nextBoolean()) {
            p.setMin(value());
        }
        if (random.nextBoolean()) {
            p.setMax(value());
        }
        int buckets = random.nextInt(12);
        for (int i = 0; i < buckets; i++) {
            p.addBucketCounts(random.nextInt(1000));
            if (i < buckets - 1 || random.nextInt(4) == 0) {
                p.addExplicitBounds(value());
            }
        }
        for (int i = random.nextInt(3) - 1; i > 0; i--) {
            p.addExemplars(exemplar());
        }
        return p.build();
    }

    private ExponentialHistogramDataPoint exp() {
        ExponentialHistogramDataPoint.Builder p = ExponentialHistogramDataPoint.newBuilder()
                .addAllAttributes(attributes(3)).setStartTimeUnixNano(time()).setTimeUnixNano(time())
                .setCount(random.nextLong()).setScale(random.nextInt(29) - 10).setZeroCount(random.nextInt(100))
                .setFlags(flags());
        if (random.nextBoolean()) {
            p.setSum(value());
        }
        if (random.nextBoolean()) {
            p.setZeroThreshold(value());
        }
        if (random.nextBoolean()) {
            p.setMin(value()).setMax(value());
        }
        if (random.nextInt(4) > 0) {
            p.setPositive(buckets());
        }
        if (random.nextBoolean()) {
            p.setNegative(buckets());
        }
        for (int i = random.nextInt(3) - 1; i > 0; i--) {
            p.addExemplars(exemplar());
        }
        return p.build();
    }

    private ExponentialHistogramDataPoint.Buckets buckets() {
        ExponentialHistogramDataPoint.Buckets.Builder b = ExponentialHistogramDataPoint.Buckets.newBuilder()
                .setOffset(random.nextInt() >> random.nextInt(32));
        for (int i = random.nextInt(10); i > 0; i--) {
            b.addBucketCounts(random.nextBoolean() ? random.nextInt(100) : random.nextLong());
        }
        return b.build();
    }

    private SummaryDataPoint summary() {
        SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder().addAllAttributes(attributes(3))
                .setStartTimeUnixNano(time()).setTimeUnixNano(time()).setCount(random.nextInt(1000)).setSum(value())
                .setFlags(flags());
        for (int i = random.nextInt(4); i > 0; i--) {
            p.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(random.nextDouble())
                    .setValue(value()));
        }
        return p.build();
    }

    private Exemplar exemplar() {
        Exemplar.Builder e = Exemplar.newBuilder().addAllFilteredAttributes(attributes(2)).setTimeUnixNano(time());
        if (random.nextBoolean()) {
            e.setAsDouble(value());
        } else {
            e.setAsInt(random.nextInt());
        }
        if (random.nextInt(3) > 0) {
            e.setTraceId(bytes(16)).setSpanId(bytes(8));
        }
        return e.build();
    }

    private java.util.List<KeyValue> attributes(int max) {
        java.util.List<KeyValue> list = new java.util.ArrayList<>();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            list.add(KeyValue.newBuilder().setKey(word()).setValue(anyValue(2)).build());
        }
        return list;
    }

    private AnyValue anyValue(int depth) {
        AnyValue.Builder v = AnyValue.newBuilder();
        switch (random.nextInt(depth > 0 ? 8 : 6)) {
            case 0, 1 -> v.setStringValue(word());
            case 2 -> v.setBoolValue(random.nextBoolean());
            case 3 -> v.setIntValue(random.nextLong() >> random.nextInt(64));
            case 4 -> v.setDoubleValue(random.nextBoolean() ? value() : random.nextInt(1000) / 8.0);
            case 5 -> {
                if (random.nextBoolean()) {
                    v.setBytesValue(bytes(random.nextInt(6)));
                }
            }
            case 6 -> {
                ArrayValue.Builder a = ArrayValue.newBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.addValues(anyValue(depth - 1));
                }
                v.setArrayValue(a);
            }
            default -> {
                KeyValueList.Builder kv = KeyValueList.newBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    kv.addValues(KeyValue.newBuilder().setKey(word()).setValue(anyValue(depth - 1)));
                }
                v.setKvlistValue(kv);
            }
        }
        return v.build();
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)] + (random.nextInt(3) == 0 ? Integer.toString(random.nextInt(100)) : "");
    }

    private double value() {
        return random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian() * 1000;
    }

    private long time() {
        return random.nextInt(5) == 0 ? 0 : 1_700_000_000_000_000_000L + random.nextLong(1_000_000_000_000L);
    }

    private int flags() {
        return random.nextInt(4) == 0 ? random.nextInt(4) : 0;
    }

    private ByteString bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
