package io.ferry.exposition;

import static io.ferry.exposition.ProtoOracle.delimited;
import static io.ferry.exposition.ProtoOracle.encode;
import static io.ferry.exposition.ProtoOracle.exemplar;
import static io.ferry.exposition.ProtoOracle.family;
import static io.ferry.exposition.ProtoOracle.label;
import static io.ferry.exposition.ProtoOracle.parse;
import static io.ferry.exposition.ProtoOracle.raw;
import static io.ferry.exposition.ProtoOracle.span;
import static io.ferry.exposition.ProtoOracle.timestamp;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.COUNTER;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.GAUGE;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.HISTOGRAM;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The mapping rules for input the writer never produces but producers may send. */
class ProtobufParserTest {

    private static MetricFamily only(ClientModel.MetricFamily proto) throws ExpositionException {
        List<MetricFamily> parsed = parse(encode(proto));
        assertThat(parsed).hasSize(1);
        return parsed.getFirst();
    }

    private static ClientModel.Metric.Builder counter(double value) {
        return ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder().setValue(value));
    }

    private static HistogramMetric histogram(ClientModel.Histogram.Builder h) throws ExpositionException {
        return (HistogramMetric) only(family("h", HISTOGRAM)
                .addMetric(ClientModel.Metric.newBuilder().setHistogram(h)).build()).metrics().getFirst();
    }

    private static SummaryMetric summary(ClientModel.Summary.Builder s) throws ExpositionException {
        return (SummaryMetric) only(family("s", SUMMARY)
                .addMetric(ClientModel.Metric.newBuilder().setSummary(s)).build()).metrics().getFirst();
    }

    @Test
    void anEmptyBodyHasNoFamilies() throws Exception {
        assertThat(parse(new byte[0])).isEmpty();
        assertThat(new ProtobufParser(ParseLimits.DEFAULT).parse(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void aMissingTypeMeansCounter() throws Exception {
        ClientModel.MetricFamily proto = ClientModel.MetricFamily.newBuilder().setName("jobs_total")
                .addMetric(counter(5)).build();
        assertThat(only(proto)).isEqualTo(new MetricFamily("jobs_total", MetricType.COUNTER, null, null,
                List.of(ValueMetric.of(Labels.EMPTY, 5))));
    }

    @Test
    void anEmptyUnitIsNoUnitButAnEmptyHelpIsKept() throws Exception {
        MetricFamily f = only(family("x_total", COUNTER).setHelp("").setUnit("").addMetric(counter(1)).build());
        assertThat(f.help()).isEmpty();
        assertThat(f.unit()).isNull();
    }

    @Test
    void familiesWithoutMetricsAreDropped() throws Exception {
        byte[] body = encode(family("empty", GAUGE).setHelp("Nothing here.").build(),
                family("kept_total", COUNTER).addMetric(counter(1)).build(),
                family("also_empty", HISTOGRAM).build());
        assertThat(parse(body)).extracting(MetricFamily::name).containsExactly("kept_total");
    }

    @Test
    void labelsAreSortedAndReservedNamesAreAccepted() throws Exception {
        MetricFamily f = only(family("x_total", COUNTER).addMetric(counter(1)
                .addLabel(label("zone", "b")).addLabel(label("__meta_source", "push")).addLabel(label("app", "")))
                .build());
        Labels l = f.metrics().getFirst().labels();
        assertThat(l).isEqualTo(Labels.of("__meta_source", "push", "app", "", "zone", "b"));
        assertThat(l.name(0)).isEqualTo("__meta_source");
    }

    @Test
    void theFamilyTypeChoosesAmongSeveralValueFields() throws Exception {
        ClientModel.Metric both = ClientModel.Metric.newBuilder()
                .setGauge(ClientModel.Gauge.newBuilder().setValue(1))
                .setCounter(ClientModel.Counter.newBuilder().setValue(2))
                .setUntyped(ClientModel.Untyped.newBuilder().setValue(3)).build();
        assertThat(((ValueMetric) only(family("a", GAUGE).addMetric(both).build()).metrics().getFirst()).value())
                .isEqualTo(1);
        assertThat(((ValueMetric) only(family("a", COUNTER).addMetric(both).build()).metrics().getFirst()).value())
                .isEqualTo(2);
        assertThat(((ValueMetric) only(family("a", ClientModel.MetricType.UNTYPED).addMetric(both).build())
                .metrics().getFirst()).value()).isEqualTo(3);
    }

    @Test
    void theTypeMayFollowTheMetricsOnTheWire() throws Exception {
        byte[] metric = counter(0).clearCounter().setGauge(ClientModel.Gauge.newBuilder().setValue(42)).build()
                .toByteArray();
        byte[] body = delimited(raw(out -> {
            out.writeByteArray(4, metric);
            out.writeString(2, "Late type.");
            out.writeString(1, "late_gauge");
            out.writeEnum(3, 1);
        }));
        assertThat(parse(body)).containsExactly(new MetricFamily("late_gauge", MetricType.GAUGE, "Late type.", null,
                List.of(ValueMetric.of(Labels.EMPTY, 42))));
    }

    @Test
    void theLastTypeFieldWins() throws Exception {
        byte[] metric = counter(7).build().toByteArray();
        byte[] body = delimited(raw(out -> {
            out.writeString(1, "x_total");
            out.writeEnum(3, 1);
            out.writeByteArray(4, metric);
            out.writeEnum(3, 0);
        }));
        assertThat(parse(body).getFirst().type()).isEqualTo(MetricType.COUNTER);
    }

    @Test
    void summaryCountAndSumPresence() throws Exception {
        assertThat(summary(ClientModel.Summary.newBuilder()).count()).isNaN();
        SummaryMetric onlySum = summary(ClientModel.Summary.newBuilder().setSampleSum(2.5));
        assertThat(onlySum.count()).isZero();
        assertThat(onlySum.sum()).isEqualTo(2.5);
        SummaryMetric onlyCount = summary(ClientModel.Summary.newBuilder().setSampleCount(4));
        assertThat(onlyCount.count()).isEqualTo(4);
        assertThat(onlyCount.sum()).isZero();
        assertThat(summary(ClientModel.Summary.newBuilder().setSampleCount(-1L)).count()).isEqualTo(0x1p64);
    }

    @Test
    void histogramCountRules() throws Exception {
        assertThat(histogram(ClientModel.Histogram.newBuilder()).count()).isNaN();
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSampleSum(1)).count()).isZero();
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSampleCount(5).setSampleCountFloat(0)).count())
                .isEqualTo(5);
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSampleCount(5).setSampleCountFloat(7.5)).count())
                .isEqualTo(7.5);
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSampleCountFloat(3)).count()).isEqualTo(3);
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSampleCount(Long.MIN_VALUE)).count())
                .isEqualTo(0x1p63);
    }

    @Test
    void bucketFloatCountsOverrideOnlyWhenPositive() throws Exception {
        HistogramMetric h = histogram(ClientModel.Histogram.newBuilder().setSampleCount(4)
                .addBucket(ClientModel.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(4)
                        .setCumulativeCountFloat(0))
                .addBucket(ClientModel.Bucket.newBuilder().setUpperBound(2).setCumulativeCount(4)
                        .setCumulativeCountFloat(4.25))
                .addBucket(ClientModel.Bucket.newBuilder().setCumulativeCount(9)));
        assertThat(h.upperBounds()).containsExactly(1, 2, 0);
        assertThat(h.cumulativeCounts()).containsExactly(4, 4.25, 9);
        assertThat(h.exemplars()).isNull();
        assertThat(h.nativeHistogram()).isNull();
    }

    @Test
    void createdAndExemplarTimestampConversions() throws Exception {
        ClientModel.MetricFamily proto = family("c_total", COUNTER)
                .addMetric(counter(1).setCounter(ClientModel.Counter.newBuilder().setValue(1)
                        .setCreatedTimestamp(timestamp(1, 1))
                        .setExemplar(exemplar(3, timestamp(1700000000, 999_999), label("id", "1")))))
                .addMetric(counter(1).setCounter(ClientModel.Counter.newBuilder().setValue(1)
                        .setCreatedTimestamp(timestamp(1700000000, 123_000_000))
                        .setExemplar(exemplar(4, null))))
                .build();
        List<Metric> m = only(proto).metrics();
        ValueMetric first = (ValueMetric) m.get(0);
        assertThat(first.createdSeconds()).isEqualTo(1.000000001);
        assertThat(first.exemplar()).isEqualTo(new Exemplar(Labels.of("id", "1"), 3, 1700000000000L));
        ValueMetric second = (ValueMetric) m.get(1);
        assertThat(second.createdSeconds()).isEqualTo(1700000000.123);
        assertThat(second.exemplar()).isEqualTo(new Exemplar(Labels.EMPTY, 4, Metric.NO_TIMESTAMP));
    }

    @Test
    void aHistogramIsNativeWithASchemaAZeroThresholdOrASpan() throws Exception {
        NativeHistogram schemaOnly = histogram(ClientModel.Histogram.newBuilder().setSchema(0)).nativeHistogram();
        assertThat(schemaOnly).isEqualTo(new NativeHistogram(0, 0, 0, new int[0], new double[0], new int[0],
                new double[0], true, List.of()));
        assertThat(histogram(ClientModel.Histogram.newBuilder().setZeroThreshold(0)).nativeHistogram()).isNotNull();
        NativeHistogram noOp = histogram(ClientModel.Histogram.newBuilder().addPositiveSpan(span(0, 0)))
                .nativeHistogram();
        assertThat(noOp).isNotNull();
        assertThat(noOp.positiveSpans()).isEmpty();
        assertThat(histogram(ClientModel.Histogram.newBuilder().addNegativeSpan(span(0, 0))).nativeHistogram())
                .isNotNull();
        assertThat(histogram(ClientModel.Histogram.newBuilder().setZeroCount(3)).nativeHistogram()).isNull();
    }

    @Test
    void nativeDeltasAccumulateAndCountsAreTakenAsTheyAre() throws Exception {
        NativeHistogram deltas = histogram(ClientModel.Histogram.newBuilder().setSchema(1)
                .addPositiveSpan(span(-1, 3)).addPositiveDelta(3).addPositiveDelta(-1).addPositiveDelta(4)
                .addNegativeSpan(span(2, 1)).addNegativeDelta(5)).nativeHistogram();
        assertThat(deltas.positiveCounts()).containsExactly(3, 2, 6);
        assertThat(deltas.negativeCounts()).containsExactly(5);
        assertThat(deltas.integerCounts()).isTrue();

        NativeHistogram mixed = histogram(ClientModel.Histogram.newBuilder().setSchema(1)
                .addPositiveSpan(span(0, 1)).addPositiveDelta(3)
                .addNegativeSpan(span(0, 2)).addNegativeCount(0.5).addNegativeCount(0.25)).nativeHistogram();
        assertThat(mixed.positiveCounts()).containsExactly(3);
        assertThat(mixed.negativeCounts()).containsExactly(0.5, 0.25);
        assertThat(mixed.integerCounts()).isFalse();
    }

    @Test
    void zeroCountFloatOverridesOnlyWhenPositive() throws Exception {
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSchema(0).setZeroCount(3).setZeroCountFloat(0))
                .nativeHistogram().zeroCount()).isEqualTo(3);
        assertThat(histogram(ClientModel.Histogram.newBuilder().setSchema(0).setZeroCount(3).setZeroCountFloat(1.5))
                .nativeHistogram().zeroCount()).isEqualTo(1.5);
    }

    @Test
    void packedRepeatedFieldsAreReadLikeUnpackedOnes() throws Exception {
        byte[] posSpan = span(0, 3).toByteArray();
        byte[] negSpan = span(-4, 2).toByteArray();
        byte[] histogram = raw(out -> {
            out.writeUInt64(1, 7);
            out.writeSInt32(5, 2);
            out.writeByteArray(9, negSpan);
            out.writeByteArray(11, raw(p -> {
                p.writeDoubleNoTag(1.5);
                p.writeDoubleNoTag(0.5);
            }));
            out.writeByteArray(12, posSpan);
            out.writeByteArray(13, raw(p -> {
                p.writeSInt64NoTag(2);
                p.writeSInt64NoTag(-1);
            }));
            out.writeSInt64(13, 10); // an unpacked element after a packed run appends to it
        });
        byte[] metric = raw(out -> out.writeByteArray(7, histogram));
        byte[] body = delimited(raw(out -> {
            out.writeString(1, "packed");
            out.writeEnum(3, 4);
            out.writeByteArray(4, metric);
        }));
        NativeHistogram nh = ((HistogramMetric) parse(body).getFirst().metrics().getFirst()).nativeHistogram();
        assertThat(nh.negativeCounts()).containsExactly(1.5, 0.5);
        assertThat(nh.positiveCounts()).containsExactly(2, 1, 11);
        assertThat(nh.integerCounts()).isFalse();
        assertThat(nh.negativeSpans()).containsExactly(-4, 2);
    }

    @Test
    void unknownFieldsAreSkippedAtEveryLevel() throws Exception {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(20, UnknownFieldSet.Field.newBuilder().addVarint(-1).addFixed32(7).addFixed64(8)
                        .addLengthDelimited(ByteString.copyFromUtf8("skip me"))
                        .addGroup(UnknownFieldSet.newBuilder()
                                .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(1)
                                        .addGroup(UnknownFieldSet.newBuilder()
                                                .addField(2, UnknownFieldSet.Field.newBuilder().addFixed64(9).build())
                                                .build())
                                        .build())
                                .build())
                        .build())
                .build();
        ClientModel.MetricFamily proto = family("x_total", COUNTER).setUnknownFields(unknown)
                .addMetric(ClientModel.Metric.newBuilder().setUnknownFields(unknown)
                        .addLabel(label("a", "b").toBuilder().setUnknownFields(unknown))
                        .setCounter(ClientModel.Counter.newBuilder().setValue(2).setUnknownFields(unknown)
                                .setExemplar(exemplar(1, timestamp(5, 0).toBuilder().setUnknownFields(unknown)
                                        .build()).toBuilder().setUnknownFields(unknown))))
                .build();
        assertThat(only(proto)).isEqualTo(new MetricFamily("x_total", MetricType.COUNTER, null, null, List.of(
                new ValueMetric(Labels.of("a", "b"), 2, Metric.NO_TIMESTAMP, Double.NaN,
                        new Exemplar(Labels.EMPTY, 1, 5000)))));
    }

    @Test
    void readsAStreamAndAGzipStreamLikeAnArray() throws Exception {
        ClientModel.MetricFamily[] protos = new ClientModel.MetricFamily[50];
        for (int i = 0; i < protos.length; i++) {
            protos[i] = family("f" + i + "_total", COUNTER).setHelp("Family " + i + ".")
                    .addMetric(counter(i).addLabel(label("i", Integer.toString(i)))).build();
        }
        byte[] body = encode(protos);
        List<MetricFamily> fromArray = parse(body);
        assertThat(fromArray).hasSize(50);
        assertThat(fromArray.get(49).help()).isEqualTo("Family 49.");

        ProtobufParser parser = new ProtobufParser(ParseLimits.DEFAULT);
        // One byte at a time, so every read of the decoder crosses a buffer refill.
        assertThat(parser.parse(new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        })).isEqualTo(fromArray);

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body);
        }
        assertThat(parser.parse(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())))).isEqualTo(fromArray);
    }

    @Test
    void aParserCanBeReusedAfterAnError() throws Exception {
        ProtobufParser parser = new ProtobufParser(ParseLimits.DEFAULT);
        byte[] good = encode(family("ok_total", COUNTER).addMetric(counter(1).addLabel(label("a", "1"))).build());
        byte[] bad = encode(family("bad_total", COUNTER).addMetric(counter(1).addLabel(label("a", "1"))
                .addLabel(label("a", "2"))).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(bad))
                .isInstanceOf(ExpositionException.class);
        assertThat(parser.parse(good)).containsExactly(new MetricFamily("ok_total", MetricType.COUNTER, null, null,
                List.of(ValueMetric.of(Labels.of("a", "1"), 1))));
    }
}
