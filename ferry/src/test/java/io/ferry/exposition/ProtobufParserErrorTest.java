package io.ferry.exposition;

import static io.ferry.exposition.ProtoOracle.concat;
import static io.ferry.exposition.ProtoOracle.delimited;
import static io.ferry.exposition.ProtoOracle.encode;
import static io.ferry.exposition.ProtoOracle.exemplar;
import static io.ferry.exposition.ProtoOracle.family;
import static io.ferry.exposition.ProtoOracle.label;
import static io.ferry.exposition.ProtoOracle.raw;
import static io.ferry.exposition.ProtoOracle.span;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.COUNTER;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.GAUGE;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.HISTOGRAM;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.exposition.internal.proto.ClientModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Every way a body can be wrong gives an {@link ExpositionException} that says where and why. */
class ProtobufParserErrorTest {

    private static final byte[] GOOD = encode(family("ok_total", COUNTER)
            .addMetric(ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder().setValue(1)))
            .build());

    /** The message of the error parsing {@code body} gives, checking both entry points agree. */
    private static String error(byte[] body) {
        String[] both = errors(body);
        assertThat(both[1]).as("error from a stream").isEqualTo(both[0]);
        return both[0];
    }

    /** The errors parsing {@code body} from an array and from a stream give. */
    private static String[] errors(byte[] body) {
        ExpositionException fromArray = catchThrowableOfType(ExpositionException.class,
                () -> new ProtobufParser(ParseLimits.DEFAULT).parse(body));
        ExpositionException fromStream = catchThrowableOfType(ExpositionException.class,
                () -> new ProtobufParser(ParseLimits.DEFAULT).parse(new ByteArrayInputStream(body)));
        assertThat(fromArray).as("error from a byte array").isNotNull();
        assertThat(fromStream).as("error from a stream").isNotNull();
        assertThat(fromArray.line()).isZero();
        assertThat(fromArray.problems()).hasSize(1);
        assertThat(fromStream.line()).isZero();
        return new String[] {fromArray.getMessage(), fromStream.getMessage()};
    }

    private static byte[] familyWith(ClientModel.Metric.Builder metric, ClientModel.MetricType type) {
        return encode(family("fam", type).addMetric(metric).build());
    }

    private static ClientModel.Metric.Builder counter() {
        return ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder().setValue(1));
    }

    @Test
    void invalidMetricName() {
        byte[] body = concat(GOOD, encode(family("0abc", GAUGE).build()));
        assertThat(error(body)).isEqualTo("message 2 at byte " + GOOD.length + ": invalid metric name \"0abc\"");
    }

    @Test
    void missingName() {
        assertThat(error(delimited(raw(out -> out.writeEnum(3, 1)))))
                .isEqualTo("message 1 at byte 0: the family has no name");
        assertThat(error(delimited(new byte[0]))).isEqualTo("message 1 at byte 0: the family has no name");
    }

    @Test
    void invalidLabelName() {
        assertThat(error(familyWith(counter().addLabel(label("ok", "1")).addLabel(label("bad-name", "2")), COUNTER)))
                .isEqualTo("message 1 at byte 0: family \"fam\", metric 0: invalid label name \"bad-name\"");
        assertThat(error(familyWith(counter().addLabel(ClientModel.LabelPair.newBuilder().setValue("v")), COUNTER)))
                .isEqualTo("message 1 at byte 0: family \"fam\", metric 0: invalid label name \"\"");
    }

    @Test
    void duplicateLabelName() {
        byte[] body = encode(family("fam", COUNTER).addMetric(counter())
                .addMetric(counter().addLabel(label("job", "a")).addLabel(label("job", "b"))).build());
        assertThat(error(body)).isEqualTo("message 1 at byte 0: family \"fam\", metric 1: duplicate label name \"job\"");
    }

    @Test
    void duplicateOrInvalidExemplarLabel() {
        ClientModel.Metric.Builder dup = ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder()
                .setExemplar(exemplar(1, null, label("trace_id", "a"), label("trace_id", "b"))));
        assertThat(error(familyWith(dup, COUNTER)))
                .isEqualTo("message 1 at byte 0: family \"fam\", metric 0: duplicate exemplar label name \"trace_id\"");
        ClientModel.Metric.Builder invalid = ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder()
                .setExemplar(exemplar(1, null, label("trace.id", "a"))));
        assertThat(error(familyWith(invalid, COUNTER)))
                .isEqualTo("message 1 at byte 0: family \"fam\", metric 0: invalid exemplar label name \"trace.id\"");
    }

    @Test
    void aValueFieldThatDoesNotFitTheType() {
        ClientModel.Metric.Builder gauge = ClientModel.Metric.newBuilder()
                .setGauge(ClientModel.Gauge.newBuilder().setValue(1));
        byte[] body = encode(family("fam", COUNTER).addMetric(counter()).addMetric(counter()).addMetric(gauge).build());
        assertThat(error(body))
                .isEqualTo("message 1 at byte 0: family \"fam\" of type counter: metric 2 has no counter field "
                        + "(it has gauge)");
        assertThat(error(familyWith(counter(), HISTOGRAM)))
                .isEqualTo("message 1 at byte 0: family \"fam\" of type histogram: metric 0 has no histogram field "
                        + "(it has counter)");
        assertThat(error(familyWith(counter(), ClientModel.MetricType.GAUGE_HISTOGRAM)))
                .isEqualTo("message 1 at byte 0: family \"fam\" of type gauge_histogram: metric 0 has no histogram "
                        + "field (it has counter)");
    }

    @Test
    void aMetricWithoutAnyValueField() {
        assertThat(error(familyWith(ClientModel.Metric.newBuilder().addLabel(label("a", "b")), SUMMARY)))
                .isEqualTo("message 1 at byte 0: family \"fam\" of type summary: metric 0 has no summary field");
    }

    @Test
    void unknownMetricType() {
        byte[] body = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeEnum(3, 9);
        }));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: family \"fam\": unknown metric type 9");
    }

    @Test
    void nativeSpansThatDoNotMatchTheCounts() {
        ClientModel.Metric.Builder h = ClientModel.Metric.newBuilder().setHistogram(ClientModel.Histogram.newBuilder()
                .setSchema(0).addPositiveSpan(span(0, 3)).addPositiveDelta(1).addPositiveDelta(1));
        assertThat(error(familyWith(h, HISTOGRAM))).isEqualTo("message 1 at byte 0: family \"fam\", metric 0: "
                + "native histogram positive spans cover 3 buckets but 2 bucket counts were given");
    }

    @Test
    void truncatedLengthPrefix() {
        byte[] body = concat(GOOD, new byte[] {(byte) 0x80});
        assertThat(error(body)).isEqualTo("message 2 at byte " + GOOD.length
                + ": the length prefix is truncated or malformed");
    }

    @Test
    void bodyEndsInsideAMessage() {
        for (int cut = 1; cut < GOOD.length; cut++) {
            byte[] body = Arrays.copyOf(GOOD, cut);
            // An array's length is known up front; a stream's end is found where a read meets it.
            assertThat(errors(body)[0]).as("cut at %d", cut)
                    .isEqualTo("message 1 at byte 0: truncated: the body ends inside the message (at byte " + cut + ")");
            assertThat(errors(body)[1]).as("cut at %d", cut).startsWith("message 1 at byte 0: truncated: ");
        }
        // Cut at a field boundary inside the message: only the declared length reveals it.
        byte[] twoFields = encode(family("fam", COUNTER).setHelp("h").build());
        byte[] cut = Arrays.copyOf(twoFields, twoFields.length - 2);
        assertThat(error(cut)).isEqualTo("message 1 at byte 0: truncated: the body ends inside the message (at byte "
                + cut.length + ")");
    }

    @Test
    void anEmbeddedMessageLongerThanItsParent() {
        byte[] body = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeTag(4, 2);
            out.writeUInt32NoTag(100);
            out.writeRawBytes(new byte[10]);
        }));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: truncated: an embedded message of 100 bytes runs past "
                + "the end of its enclosing message, which has 10 bytes left (in the field at byte 6)");
    }

    @Test
    void aStringLongerThanItsMessage() {
        byte[] body = delimited(raw(out -> {
            out.writeTag(1, 2);
            out.writeUInt32NoTag(50);
            out.writeRawBytes("abc".getBytes());
        }));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: truncated: a field runs past the end of its message "
                + "or of the body (in the field at byte 1)");
    }

    @Test
    void negativeLength() {
        byte[] embedded = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeTag(4, 2);
            out.writeUInt64NoTag(-1L);
        }));
        assertThat(error(embedded)).isEqualTo("message 1 at byte 0: negative length -1 (in the field at byte 6)");
        byte[] string = delimited(raw(out -> {
            out.writeTag(1, 2);
            out.writeUInt64NoTag(-2L);
        }));
        assertThat(error(string)).isEqualTo("message 1 at byte 0: negative length (in the field at byte 1)");
    }

    @Test
    void malformedVarint() {
        byte[] tooLong = new byte[11];
        Arrays.fill(tooLong, (byte) 0xFF);
        byte[] body = delimited(concat(raw(out -> out.writeString(1, "fam")), new byte[] {3 << 3}, tooLong));
        assertThat(error(body)).isEqualTo(
                "message 1 at byte 0: malformed varint (longer than 10 bytes) (in the field at byte 6)");
    }

    @Test
    void unknownWireTypes() {
        for (int wireType : new int[] {6, 7}) {
            byte[] body = delimited(concat(raw(out -> out.writeString(1, "fam")), new byte[] {(byte) (9 << 3 | wireType)}));
            assertThat(error(body)).isEqualTo("message 1 at byte 0: unknown wire type " + wireType
                    + " in field 9 (at byte 6)");
        }
    }

    @Test
    void aKnownFieldWithTheWrongWireType() {
        byte[] body = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeDouble(3, 1.0);
        }));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: MetricFamily field 3 has wire type 1, which does not "
                + "fit its declared type (at byte 6)");
        byte[] metric = raw(out -> out.writeUInt64(2, 5));
        byte[] inMetric = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeByteArray(4, metric);
        }));
        assertThat(error(inMetric)).isEqualTo("message 1 at byte 0: Metric field 2 has wire type 0, which does not "
                + "fit its declared type (at byte 8)");
    }

    @Test
    void invalidTag() {
        byte[] body = delimited(concat(raw(out -> out.writeString(1, "fam")), new byte[] {0, 0}));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: invalid tag (field number 0) (in the field at byte 6)");
    }

    @Test
    void badUtf8() {
        byte[] body = delimited(concat(new byte[] {1 << 3 | 2, 3, 'a', (byte) 0xC3, 'b'}));
        assertThat(error(body)).isEqualTo("message 1 at byte 0: a string is not valid UTF-8 (in the field at byte 1)");
        byte[] label = raw(out -> out.writeByteArray(1, new byte[] {1 << 3 | 2, 2, (byte) 0xFF, (byte) 0xFE}));
        byte[] inLabel = delimited(raw(out -> {
            out.writeString(1, "fam");
            out.writeByteArray(4, label);
        }));
        assertThat(error(inLabel))
                .isEqualTo("message 1 at byte 0: a string is not valid UTF-8 (in the field at byte 10)");
    }

    @Test
    void groupsThatDoNotClose() {
        byte[] unclosed = delimited(concat(raw(out -> out.writeString(1, "fam")),
                new byte[] {9 << 3 | 3, 1 << 3, 1}));
        assertThat(error(unclosed)).isEqualTo("message 1 at byte 0: truncated: group 9 is not closed (the message ends at byte 9)");
        byte[] mismatched = delimited(concat(raw(out -> out.writeString(1, "fam")),
                new byte[] {9 << 3 | 3, 10 << 3 | 4}));
        assertThat(error(mismatched))
                .isEqualTo("message 1 at byte 0: end-group tag for field 10 does not match its start (at byte 7)");
        byte[] stray = delimited(concat(raw(out -> out.writeString(1, "fam")), new byte[] {9 << 3 | 4}));
        assertThat(error(stray))
                .isEqualTo("message 1 at byte 0: end-group tag for field 9 without a start (at byte 6)");
    }

    @Test
    void deeplyNestedUnknownGroupsNeitherOverflowNorFail() throws Exception {
        int depth = 100_000;
        byte[] open = new byte[depth * 2];
        byte[] close = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            open[2 * i] = (byte) (0x80 | (20 << 3 | 3) & 0x7F);
            open[2 * i + 1] = 1;
            close[2 * i] = (byte) (0x80 | (20 << 3 | 4) & 0x7F);
            close[2 * i + 1] = 1;
        }
        byte[] body = delimited(concat(raw(out -> out.writeString(1, "deep")), open, close,
                raw(out -> out.writeByteArray(4, counter().build().toByteArray()))));
        assertThat(ProtoOracle.parse(body)).hasSize(1);
        assertThat(error(delimited(concat(raw(out -> out.writeString(1, "deep")), open))))
                .startsWith("message 1 at byte 0: truncated: group 20 is not closed");
    }

    @Test
    void aStreamThatFails() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n < GOOD.length) {
                    return GOOD[n++] & 0xFF;
                }
                throw new IOException("connection reset");
            }
        };
        ExpositionException e = catchThrowableOfType(ExpositionException.class,
                () -> new ProtobufParser(ParseLimits.DEFAULT).parse(failing));
        assertThat(e).hasMessage("reading the body failed near byte " + GOOD.length + ": connection reset");
    }

    @Test
    void aStreamThatThrowsSomethingOdd() {
        InputStream odd = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("stream closed");
            }
        };
        ExpositionException e = catchThrowableOfType(ExpositionException.class,
                () -> new ProtobufParser(ParseLimits.DEFAULT).parse(odd));
        assertThat(e.getMessage()).contains("stream closed");
    }
}
