package io.ferry.exposition;

import static io.ferry.exposition.ProtoOracle.concat;
import static io.ferry.exposition.ProtoOracle.encode;
import static io.ferry.exposition.ProtoOracle.exemplar;
import static io.ferry.exposition.ProtoOracle.family;
import static io.ferry.exposition.ProtoOracle.label;
import static io.ferry.exposition.ProtoOracle.raw;
import static io.ferry.exposition.internal.proto.ClientModel.MetricType.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.exposition.internal.proto.ClientModel;
import io.ferry.model.MetricFamily;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** {@link ParseLimits} are enforced while reading, and their errors name the limit. */
class ProtobufLimitsTest {

    private static byte[] counterFamily(String name, String help, ClientModel.LabelPair... labels) {
        ClientModel.Metric.Builder m = ClientModel.Metric.newBuilder()
                .setCounter(ClientModel.Counter.newBuilder().setValue(1));
        for (ClientModel.LabelPair l : labels) {
            m.addLabel(l);
        }
        ClientModel.MetricFamily.Builder f = family(name, COUNTER).addMetric(m);
        if (help != null) {
            f.setHelp(help);
        }
        return encode(f.build());
    }

    private static List<MetricFamily> parseStream(ParseLimits limits, byte[] body) throws ExpositionException {
        return new ProtobufParser(limits).parse(new ByteArrayInputStream(body));
    }

    @Test
    void aBodyOfExactlyTheLimitPassesAndOneByteMoreFails() throws Exception {
        byte[] body = concat(counterFamily("a_total", null), counterFamily("b_total", "B."));
        ParseLimits exact = new ParseLimits(body.length, 1 << 20, 16);
        ParseLimits tight = new ParseLimits(body.length - 1, 1 << 20, 16);
        assertThat(new ProtobufParser(exact).parse(body)).hasSize(2);
        assertThat(parseStream(exact, body)).hasSize(2);
        String expected = "body is larger than the limit of " + (body.length - 1) + " bytes";
        assertThatThrownBy(() -> new ProtobufParser(tight).parse(body)).isInstanceOf(ExpositionException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> parseStream(tight, body)).isInstanceOf(ExpositionException.class)
                .hasMessage(expected);
    }

    @Test
    void aGzipBodyIsBoundedByItsDecompressedSize() throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            plain.writeBytes(counterFamily("repeated_total", "The same family, many times over."));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            plain.writeTo(out);
        }
        long limit = 10_000;
        assertThat(gz.size()).as("compressed size").isLessThan((int) limit);
        assertThat(plain.size()).as("decompressed size").isGreaterThan((int) limit * 5);
        ParseLimits limits = new ParseLimits(limit, 1 << 20, 16);
        assertThatThrownBy(() -> new ProtobufParser(limits)
                .parse(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))))
                .isInstanceOf(ExpositionException.class).hasMessage("body is larger than the limit of 10000 bytes");
        assertThat(new ProtobufParser(new ParseLimits(plain.size(), 1 << 20, 16))
                .parse(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())))).hasSize(2000);
    }

    @Test
    void anEndlessStreamIsReadNoFurtherThanTheLimit() {
        byte[] one = counterFamily("loop_total", null);
        long[] delivered = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return one[(int) (delivered[0]++ % one.length)] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        ParseLimits limits = new ParseLimits(100_000, 1 << 20, 16);
        assertThatThrownBy(() -> new ProtobufParser(limits).parse(endless)).isInstanceOf(ExpositionException.class)
                .hasMessage("body is larger than the limit of 100000 bytes");
        assertThat(delivered[0]).isLessThanOrEqualTo(100_001);
    }

    @Test
    void aMessageMayBeLongerThanATextLineUpToTheBodyLimit() throws Exception {
        // A family of 20,000 series is one message of about 600 KB: past a text line limit of 64 KiB.
        ClientModel.MetricFamily.Builder f = family("big", COUNTER);
        for (int i = 0; i < 20_000; i++) {
            f.addMetric(ClientModel.Metric.newBuilder().addLabel(label("series", "s" + i))
                    .setCounter(ClientModel.Counter.newBuilder().setValue(i)));
        }
        byte[] body = encode(f.build());
        ParseLimits limits = new ParseLimits(body.length, 64 << 10, 16);
        assertThat(new ProtobufParser(limits).parse(body).getFirst().metrics()).hasSize(20_000);
        assertThat(parseStream(limits, body).getFirst().metrics()).hasSize(20_000);
    }

    @Test
    void aDeclaredLengthPastTheBodyLimitIsRejectedWithTheMessagesNumberAndOffset() throws Exception {
        byte[] small = counterFamily("small_total", null);
        ParseLimits limits = new ParseLimits(1 << 10, 64, 16);
        byte[] body = concat(small, small, raw(out -> out.writeUInt64NoTag(2 << 10)));
        String expected = "message 3 at byte " + 2 * small.length + ": length 2048 exceeds the body limit of 1024 bytes";
        assertThatThrownBy(() -> new ProtobufParser(limits).parse(body)).hasMessage(expected);
        assertThatThrownBy(() -> parseStream(limits, body)).hasMessage(expected);
    }

    @Test
    void aHugeDeclaredLengthIsRejectedBeforeAnythingIsRead() {
        byte[] body = raw(out -> out.writeUInt64NoTag(1L << 40));
        assertThatThrownBy(() -> parseStream(ParseLimits.DEFAULT, body))
                .hasMessage("message 1 at byte 0: length 1099511627776 exceeds the body limit of 67108864 bytes");
        byte[] maxVarint = raw(out -> out.writeUInt64NoTag(-1L));
        assertThatThrownBy(() -> ProtoOracle.parse(maxVarint))
                .hasMessage("message 1 at byte 0: length 18446744073709551615 exceeds the body limit of 67108864 bytes");
        // The same length from a stream that would fail if read any further.
        InputStream onlyThePrefix = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n < body.length) {
                    return body[n++] & 0xFF;
                }
                throw new IOException("read past the prefix");
            }
        };
        assertThatThrownBy(() -> new ProtobufParser(ParseLimits.DEFAULT).parse(onlyThePrefix))
                .hasMessage("message 1 at byte 0: length 1099511627776 exceeds the body limit of 67108864 bytes");
    }

    @Test
    void labelsPerSeriesAreLimited() throws Exception {
        ParseLimits limits = new ParseLimits(1 << 20, 1 << 20, 2);
        ProtobufParser parser = new ProtobufParser(limits);
        assertThat(parser.parse(counterFamily("fam", null, label("a", "1"), label("b", "2")))).hasSize(1);
        assertThatThrownBy(() -> parser.parse(counterFamily("fam", null, label("a", "1"), label("b", "2"),
                label("c", "3"))))
                .hasMessage("message 1 at byte 0: family \"fam\", metric 0: the label count exceeds the limit of 2 "
                        + "labels per series");
    }

    @Test
    void exemplarLabelsAreLimitedToo() {
        ParseLimits limits = new ParseLimits(1 << 20, 1 << 20, 2);
        byte[] body = encode(family("fam", COUNTER).addMetric(ClientModel.Metric.newBuilder()
                .setCounter(ClientModel.Counter.newBuilder().setValue(1)
                        .setExemplar(exemplar(1, null, label("a", "1"), label("b", "2"), label("c", "3")))))
                .build());
        assertThatThrownBy(() -> new ProtobufParser(limits).parse(body))
                .hasMessage("message 1 at byte 0: family \"fam\", metric 0: the exemplar label count exceeds the "
                        + "limit of 2 labels per series");
    }
}
