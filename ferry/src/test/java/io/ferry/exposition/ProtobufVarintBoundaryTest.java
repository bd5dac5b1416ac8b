package io.ferry.exposition;

import static io.ferry.exposition.ProtoOracle.concat;
import static io.ferry.exposition.ProtoOracle.delimited;
import static io.ferry.exposition.ProtoOracle.encode;
import static io.ferry.exposition.ProtoOracle.family;
import static io.ferry.exposition.ProtoOracle.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exposition.internal.proto.ClientModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A varint that ends at its message's boundary gives the same result from an array, from a stream
 * that hands out everything at once and from one that trickles: the result depends on the bytes only.
 */
class ProtobufVarintBoundaryTest {

    /** Ways to hand out a body: 0 is {@code parse(byte[])}, the rest a stream giving at most that many bytes a read. */
    private static final int[] DELIVERIES = {0, Integer.MAX_VALUE, 1, 3, 7, 13, 14};

    /**
     * A fuzzer finding: message 2 ends in a timestamp_ms varint of 10 bytes whose 10th byte still has
     * the continuation bit set. Arrays and one-shot streams accepted it, trickling streams did not.
     */
    private static final byte[] FUZZ_FINDING = HexFormat.of().parseHex("470a0b7270635f7365636f6e647318022236223"
            + "4e808071100000000000029401a1209000000000000e03f117b14ae47e17a843f1a1209ae47e17a14aeef3f11000000000000f8"
            + "7f1e0a027570180322162a0909004000000000f03f30fbffffffffffffffffff");

    private static final byte[] GOOD = encode(family("ok_total", ClientModel.MetricType.COUNTER)
            .addMetric(ClientModel.Metric.newBuilder().setCounter(ClientModel.Counter.newBuilder().setValue(1)))
            .build());

    @Test
    void fuzzFindingIsRejectedTheSameWayOnEveryPath() {
        String expected = "error: message 2 at byte 72: malformed varint (longer than 10 bytes) "
                + "(in the field at byte 92)";
        assertThat(outcome(FUZZ_FINDING, 0)).as("byte[]").isEqualTo(expected);
        assertThat(outcome(FUZZ_FINDING, Integer.MAX_VALUE)).as("one read").isEqualTo(expected);
        for (int chunk : new int[] {1, 3, 7}) {
            assertThat(outcome(FUZZ_FINDING, chunk)).as("%d bytes a read", chunk).isEqualTo(expected);
        }
    }

    static Stream<Arguments> lastVarints() {
        String at = "error: message 1 at byte 0: ";
        String field = " (in the field at byte 21)";
        String tooLong = at + "malformed varint (longer than 10 bytes)" + field;
        String truncated = at + "truncated: a field runs past the end of its message or of the body" + field;
        int f = 0xff;
        return Stream.of(
                Arguments.of("-1 in 10 bytes", varint(f, f, f, f, f, f, f, f, f, 0x01), "ok: "),
                Arguments.of("10th byte continues", varint(f, f, f, f, f, f, f, f, f, 0x81), tooLong),
                Arguments.of("11 bytes", varint(f, f, f, f, f, f, f, f, f, f, 0x01), tooLong),
                Arguments.of("10th byte past 64 bits", varint(f, f, f, f, f, f, f, f, f, 0x02),
                        at + "malformed varint (its 10th byte sets bits past 64)" + field),
                Arguments.of("truncated after 9 bytes", varint(f, f, f, f, f, f, f, f, f), truncated),
                Arguments.of("truncated after 1 byte", varint(0x80), truncated));
    }

    /** A family whose metric ends in a timestamp_ms carrying {@code last}, followed by a good message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lastVarints")
    void lastVarintOfAMessageReadsTheSameOnEveryPath(String name, byte[] last, String expected) {
        byte[] body = concat(delimited(familyEndingIn(timestampMs(last))), GOOD);
        for (int delivery : DELIVERIES) {
            String outcome = outcome(body, delivery);
            if (expected.startsWith("ok")) {
                assertThat(outcome).as("delivery %d", delivery).startsWith(expected);
            } else {
                assertThat(outcome).as("delivery %d", delivery).isEqualTo(expected);
            }
        }
    }

    /** Every 10th byte, in an int64, an enum and an unknown field, each last in its message: one result per body. */
    @Test
    void everyTenthByteReadsTheSameOnEveryPath() {
        for (int tenth = 0; tenth < 256; tenth++) {
            byte[] v = varint(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, tenth);
            byte[][] bodies = {
                    concat(delimited(familyEndingIn(timestampMs(v))), GOOD),
                    concat(delimited(concat(familyEndingIn(new byte[0]), new byte[] {3 << 3}, v)), GOOD),
                    concat(delimited(concat(familyEndingIn(new byte[0]), new byte[] {(byte) (9 << 3)}, v)), GOOD)};
            for (byte[] body : bodies) {
                String fromArray = outcome(body, 0);
                for (int delivery : DELIVERIES) {
                    assertThat(outcome(body, delivery)).as("10th byte %02x, delivery %d", tenth, delivery)
                            .isEqualTo(fromArray);
                }
            }
        }
    }

    /** The one-read delivery does hand out the whole body in one read. */
    @Test
    void oneReadStreamReallyHandsOutEverythingAtOnce() throws IOException {
        byte[] buffer = new byte[8192];
        assertThat(new Chunked(new ByteArrayInputStream(FUZZ_FINDING), Integer.MAX_VALUE).read(buffer))
                .isEqualTo(FUZZ_FINDING.length);
        assertThat(Arrays.copyOf(buffer, FUZZ_FINDING.length)).isEqualTo(FUZZ_FINDING);
    }

    /** A gauge family "fam" with one metric: a gauge value, then {@code metricTail}. */
    private static byte[] familyEndingIn(byte[] metricTail) {
        byte[] metric = concat(raw(out -> out.writeMessage(2, ClientModel.Gauge.newBuilder().setValue(1).build())),
                metricTail);
        return concat(raw(out -> {
            out.writeString(1, "fam");
            out.writeEnum(3, ClientModel.MetricType.GAUGE_VALUE);
            out.writeTag(4, 2);
            out.writeUInt32NoTag(metric.length);
        }), metric);
    }

    private static byte[] timestampMs(byte[] varint) {
        return concat(new byte[] {6 << 3}, varint);
    }

    private static byte[] varint(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    /** "ok: families" or "error: message", parsing {@code body} as {@code delivery} (see {@link #DELIVERIES}) says. */
    private static String outcome(byte[] body, int delivery) {
        ProtobufParser parser = new ProtobufParser(ParseLimits.DEFAULT);
        try {
            return "ok: " + (delivery == 0 ? parser.parse(body)
                    : parser.parse(new Chunked(new ByteArrayInputStream(body), delivery)));
        } catch (ExpositionException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Returns at most {@code chunk} bytes a read, as a slow socket would. */
    private static final class Chunked extends FilterInputStream {
        private final int chunk;

        Chunked(InputStream in, int chunk) {
            super(in);
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
