package io.ferry.otlp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * Fuzzes {@link OtlpProtobufDecoder} (what any OTLP client may send) against opentelemetry-proto's
 * generated parser: the decoder returns or throws {@link OtlpDecodeException} with a message, nothing
 * else; it accepts nothing the generated parser refuses (it is stricter: a known field with the wrong
 * wire type, a varint's stray high bits); and whatever the generated parser accepts, written back by
 * it, the decoder reads to the same content. Without {@code JAZZER_FUZZ} this replays the committed
 * inputs; {@code bench/fuzz.sh otlpproto SECONDS} fuzzes it (docs/fuzzing.md).
 */
class OtlpProtobufDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        ExportRequest mine = decodeOrNull(data);
        ExportMetricsServiceRequest theirs;
        try {
            theirs = ExportMetricsServiceRequest.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            if (mine != null) {
                throw new AssertionError("accepted what the generated parser refuses (" + e.getMessage() + ")");
            }
            return;
        }
        byte[] canonical = theirs.toByteArray();
        ExportRequest decoded;
        try {
            decoded = OtlpProtobufDecoder.decode(canonical, 0, canonical.length);
        } catch (OtlpDecodeException e) {
            if (e.getMessage().contains("nested deeper than") || e.getMessage().contains("but is declared with wire type")) {
                // Deeper than the decoder's bound but within protobuf's, or a known field with another wire
                // type, which protobuf keeps as an unknown field and writes back: the refusals allowed here.
                return;
            }
            throw new AssertionError("refused a valid request: " + e.getMessage(), e);
        }
        String expected = OtlpOracle.describe(OtlpOracle.expected(theirs));
        String actual = OtlpOracle.describe(decoded);
        if (!expected.equals(actual)) {
            throw new AssertionError("decoded differently:\n" + actual + "\nexpected:\n" + expected);
        }
    }

    private static ExportRequest decodeOrNull(byte[] data) {
        try {
            return OtlpProtobufDecoder.decode(data, 0, data.length);
        } catch (OtlpDecodeException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an error without a reason", e);
            }
            if (e.position() < 0 || e.position() > data.length) {
                throw new AssertionError("position " + e.position() + " outside the body of " + data.length, e);
            }
            return null;
        }
    }
}
