package io.ferry.otlp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Fuzzes {@link OtlpJsonDecoder}: the bytes as a JSON body must decode or throw
 * {@link OtlpDecodeException} with a message and a position inside the body, nothing else; and when
 * the same bytes are a protobuf request the generated parser accepts, that request written as
 * OTLP/JSON (with the tolerated variants, chosen from the input) decodes to the content its protobuf
 * form has. Without {@code JAZZER_FUZZ} this replays the committed inputs;
 * {@code bench/fuzz.sh otlpjson SECONDS} fuzzes it (docs/fuzzing.md).
 */
class OtlpJsonDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        try {
            OtlpJsonDecoder.decode(data, 0, data.length);
        } catch (OtlpDecodeException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an error without a reason", e);
            }
            if (e.position() < 0 || e.position() > data.length) {
                throw new AssertionError("position " + e.position() + " outside the body of " + data.length, e);
            }
        }
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        String json = new OtlpJsonWriter(new Random(data.length), data.length % 2 == 0).write(request);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ExportRequest decoded;
        try {
            decoded = OtlpJsonDecoder.decode(bytes, 0, bytes.length);
        } catch (OtlpDecodeException e) {
            if (e.getMessage().contains("nested deeper than")) {
                return;
            }
            throw new AssertionError("refused the JSON of a valid request: " + e.getMessage() + "\n" + json, e);
        }
        String expected = OtlpOracle.describeForJson(OtlpOracle.expected(request));
        String actual = OtlpOracle.describeForJson(decoded);
        if (!expected.equals(actual)) {
            throw new AssertionError("decoded differently:\n" + actual + "\nexpected:\n" + expected + "\nfrom " + json);
        }
    }
}
