package io.ferry.otlp.wire;

import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input: each error names the field path and the position, and nothing but the decode exception escapes. */
class OtlpDecodeErrorsTest {

    /** resource_metrics[0] { scope_metrics[0] { metrics[0] { name "m", sum { data_points[0] { as_double 1.5 } } } } } */
    private static byte[] validRequest() {
        ByteSink point = new ByteSink(16);
        ProtoWire.writeTag(point, 4, ProtoWire.FIXED64);
        ProtoWire.writeFixed64(point, Double.doubleToRawLongBits(1.5));
        ByteSink sum = message(1, point);
        ByteSink metric = new ByteSink(32);
        ProtoWire.writeTag(metric, 1, ProtoWire.LEN);
        ProtoWire.writeVarint(metric, 1);
        metric.write('m');
        append(metric, message(7, sum));
        return message(1, message(2, message(2, metric))).toByteArray();
    }

    private static ByteSink message(int field, ByteSink body) {
        ByteSink out = new ByteSink(body.size() + 8);
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, body.size());
        out.write(body.array(), 0, body.size());
        return out;
    }

    private static void append(ByteSink out, ByteSink part) {
        out.write(part.array(), 0, part.size());
    }

    @Test
    void theHandBuiltRequestIsValid() throws Exception {
        byte[] b = validRequest();
        assertThat(ExportMetricsServiceRequest.parseFrom(b).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0)
                .getSum().getDataPoints(0).getAsDouble()).isEqualTo(1.5);
        NumberPoint p = (NumberPoint) OtlpProtobufDecoder.decode(b, 0, b.length).resources().get(0).scopes().get(0)
                .metrics().get(0).points().get(0);
        assertThat(p.value()).isEqualTo(1.5);
    }

    @Test
    void truncationAnywhereIsAnErrorNamingWhereItStopped() {
        byte[] b = validRequest();
        for (int len = 1; len < b.length; len++) {
            int n = len;
            assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, n)).isInstanceOf(OtlpDecodeException.class)
                    .hasMessageMatching("(?s).* at \\d+: .*(runs past the end|truncated).*");
        }
    }

    @Test
    void anOverlongLengthNamesTheFieldPath() {
        byte[] b = validRequest();
        // The sum's length byte sits before its body; make it claim more than the metric holds.
        int sumTag = indexOf(b, (byte) (7 << 3 | 2));
        b[sumTag + 1] = 100;
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, b.length))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessage("resource_metrics[0].scope_metrics[0].metrics[0] at " + sumTag
                        + ": length 100 of sum runs past the end of its message (" + (b.length - sumTag - 2) + " bytes left)")
                .satisfies(e -> assertThat(((OtlpDecodeException) e).path())
                        .isEqualTo("resource_metrics[0].scope_metrics[0].metrics[0]"));
    }

    @Test
    void aKnownFieldWithTheWrongWireTypeIsAnError() {
        byte[] b = validRequest();
        int asDouble = indexOf(b, (byte) (4 << 3 | 1));
        b[asDouble] = (byte) (4 << 3 | 5); // fixed32: as_double is a double
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, b.length))
                .hasMessage("resource_metrics[0].scope_metrics[0].metrics[0].sum.data_points[0] at " + asDouble
                        + ": field 4 has wire type 5, but is declared with wire type 1");
    }

    @Test
    void nestingTooDeepIsAnError() {
        // An attribute value of arrays in arrays, 100 deep.
        ByteSink any = new ByteSink(16);
        ProtoWire.writeTag(any, 1, ProtoWire.LEN);
        ProtoWire.writeVarint(any, 1);
        any.write('x');
        for (int i = 0; i < 100; i++) {
            any = message(5, message(1, any)); // AnyValue.array_value { values { ... } }
        }
        ByteSink kv = message(2, any);
        byte[] b = message(1, message(1, message(1, kv))).toByteArray(); // resource_metrics { resource { attributes {...} } }
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, b.length))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("resource_metrics[0].resource.attributes[0].value.array_value.values[0]")
                .hasMessageContaining("nested deeper than 64 messages");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ten-byte varint with high bits | 10ffffffffffffffffff7f | request at 10: malformed varint (longer than 64 bits)",
            "eleven-byte varint | 10ffffffffffffffffffff01 | request at 10: malformed varint (longer than 64 bits)",
            "field number 0 | 0001 | request at 0: invalid tag 0",
            "wire type 6 | 16 | request at 0: unknown wire type 6 in field 2",
            "wire type 7 | 17 | request at 0: unknown wire type 7 in field 2",
            "end group without start | 14 | request at 0: end-group tag for field 2 without a start",
            "unclosed group | 9b06 | request at 0: truncated: group 99 is not closed",
            "mismatched end group | 9b06a406 | request at 2: end-group tag for field 100 does not match its start 99",
            "wrong wire type of a known field | 08 01 | request at 0: field 1 has wire type 0, but is declared with wire type 2",
            "truncated fixed32 | 150102 | request at 1: truncated: a 32-bit value runs past the end of its message",
            "negative length | 0affffffffffffffffff01 | request at 0: length 18446744073709551615 of resource_metrics runs past the end",
    })
    void malformedProtobufIsRefused(String name, String hex, String message) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, b.length)).isInstanceOf(OtlpDecodeException.class)
                .hasMessageContaining(message);
    }

    @Test
    void unknownGroupsAndFieldsAreSkipped() throws Exception {
        // field 99 group { field 1 varint 5 } then field 100 fixed32, around an empty resource_metrics.
        byte[] b = HexFormat.of().parseHex("9b0608059c06" + "a50601020304" + "0a00");
        assertThat(OtlpProtobufDecoder.decode(b, 0, b.length).resources()).hasSize(1);
        assertThat(ExportMetricsServiceRequest.parseFrom(b).getResourceMetricsCount()).isEqualTo(1);
    }

    @Test
    void invalidUtf8InAStringIsRefused() {
        ByteSink metric = new ByteSink(8);
        ProtoWire.writeTag(metric, 1, ProtoWire.LEN);
        ProtoWire.writeVarint(metric, 2);
        metric.write(0xC3).write(0x28);
        byte[] b = message(1, message(2, message(2, metric))).toByteArray();
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(b, 0, b.length))
                .hasMessageEndingWith("a string is not valid UTF-8")
                .hasMessageStartingWith("resource_metrics[0].scope_metrics[0].metrics[0] at ");
        assertThatThrownBy(() -> ExportMetricsServiceRequest.parseFrom(b)).isNotNull();
    }

    @Test
    void unpackedRepeatedScalarsAreReadLikePackedOnes() throws Exception {
        // histogram data point: bucket_counts 6 (fixed64) and explicit_bounds 7 (double), unpacked, mixed with packed.
        ByteSink point = new ByteSink(64);
        ProtoWire.writeTag(point, 6, ProtoWire.FIXED64);
        ProtoWire.writeFixed64(point, 3);
        ProtoWire.writeTag(point, 6, ProtoWire.LEN);
        ProtoWire.writeVarint(point, 8);
        ProtoWire.writeFixed64(point, 4);
        ProtoWire.writeTag(point, 7, ProtoWire.FIXED64);
        ProtoWire.writeFixed64(point, Double.doubleToRawLongBits(0.5));
        // exponential buckets: unpacked varints
        ByteSink buckets = new ByteSink(16);
        ProtoWire.writeTag(buckets, 2, ProtoWire.VARINT);
        ProtoWire.writeVarint(buckets, 7);
        ProtoWire.writeTag(buckets, 2, ProtoWire.VARINT);
        ProtoWire.writeVarint(buckets, 300);
        ByteSink histMetric = message(9, message(1, point));
        ByteSink expMetric = message(10, message(1, message(8, buckets)));
        ByteSink scope = message(2, histMetric);
        append(scope, message(2, expMetric));
        byte[] b = message(1, message(2, scope)).toByteArray();
        ExportRequest r = OtlpProtobufDecoder.decode(b, 0, b.length);
        assertThat(OtlpOracle.describe(r)).isEqualTo(OtlpOracle.describe(OtlpOracle.expected(ExportMetricsServiceRequest.parseFrom(b))));
        HistogramPoint h = (HistogramPoint) r.resources().get(0).scopes().get(0).metrics().get(0).points().get(0);
        assertThat(h.bucketCounts()).containsExactly(3, 4);
        assertThat(h.bounds()).containsExactly(0.5);
        ExpHistogramPoint e = (ExpHistogramPoint) r.resources().get(0).scopes().get(0).metrics().get(1).points().get(0);
        assertThat(e.positive()).containsExactly(7, 300);
    }

    @Test
    void aBodyInsideALargerArrayIsReadFromItsOffset() throws Exception {
        byte[] body = validRequest();
        byte[] framed = new byte[body.length + 10];
        System.arraycopy(body, 0, framed, 5, body.length);
        assertThat(OtlpOracle.describe(OtlpProtobufDecoder.decode(framed, 5, body.length)))
                .isEqualTo(OtlpOracle.describe(OtlpProtobufDecoder.decode(body, 0, body.length)));
        framed[5 + body.length - 1] = (byte) 0xFF;
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(framed, 5, body.length - 3))
                .hasMessageMatching("(?s).* at \\d+: .*");
    }

    // ---- JSON

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not JSON | nope | ` at 0: expected an object`",
            "truncated object | {\"resourceMetrics\":[{ | `resourceMetrics[0] at 21: truncated: the body ends inside an object`",
            "trailing comma | {\"resourceMetrics\":[],} | `at 22: a trailing comma before '}'`",
            "data after the value | {} {} | `at 3: unexpected data after the JSON value`",
            "string where an array is | {\"resourceMetrics\":\"x\"} | `at 19: expected an array`",
            "time as a word | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"soon\"}]}}]}]}]} | `resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano at 89: expected an integer, not \"soon\"`",
            "negative fixed64 | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":-1}]}}]}]}]} | `gauge.dataPoints[0].timeUnixNano at 89: integer out of range: -1`",
            "fraction for an integer | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"dataPoints\":[{\"asInt\":1.5}]}}]}]}]} | `sum.dataPoints[0].asInt at 80: expected an integer, not 1.5`",
            "int64 overflow | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"dataPoints\":[{\"asInt\":\"9223372036854775808\"}]}}]}]}]} | `integer out of range: 9223372036854775808`",
            "bad hex trace id | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"dataPoints\":[{\"exemplars\":[{\"traceId\":\"xyz\"}]}]}}]}]}]} | `exemplars[0].traceId at 96: not a hex id: \"xyz\"`",
            "bad base64 | {\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"bytesValue\":\"!!\"}}]}}]} | `resourceMetrics[0].resource.attributes[0].value.bytesValue at 80: not base64: Illegal base64 character 21`",
            "unknown temporality name | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"aggregationTemporality\":\"SOMETIMES\"}}]}]}]} | `metrics[0].sum.aggregationTemporality at 82: unknown aggregation temporality \"SOMETIMES\"`",
            "raw control character | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"a\tb\"}]}]}]} | `a control character in a string must be escaped`",
            "bad escape | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"a\\qb\"}]}]}]} | `metrics[0].name at 59: invalid escape \\q`",
            "boolean as a number | {\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"isMonotonic\":1}}]}]}]} | `metrics[0].sum.isMonotonic at 71: expected true or false`",
    })
    void malformedJsonIsRefusedWithPathAndPosition(String name, String json, String message) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OtlpJsonDecoder.decode(b, 0, b.length)).isInstanceOf(OtlpDecodeException.class)
                .hasMessageContaining(message);
    }

    @Test
    void jsonNestedTooDeepIsRefusedEvenInAnUnknownMember() {
        String json = "{\"unknown\":" + "[".repeat(100) + "]".repeat(100) + "}";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OtlpJsonDecoder.decode(b, 0, b.length)).hasMessageContaining("nested deeper than 64 levels");
        String ok = "{\"unknown\":" + "[{\"a\":".repeat(20) + "1" + "}]".repeat(20) + ",\"resourceMetrics\":[{}]}";
        byte[] o = ok.getBytes(StandardCharsets.UTF_8);
        assertThat(assertDecodes(o).resources()).hasSize(1);
    }

    @Test
    void jsonNullMeansTheDefault() {
        String json = "{\"resourceMetrics\":[{\"resource\":null,\"scopeMetrics\":[{\"scope\":null,\"metrics\":[{\"name\":null,"
                + "\"sum\":{\"aggregationTemporality\":null,\"dataPoints\":[{\"asInt\":null,\"attributes\":null}]}}]}]}]}";
        ExportRequest r = assertDecodes(json.getBytes(StandardCharsets.UTF_8));
        OtlpMetric m = r.resources().get(0).scopes().get(0).metrics().get(0);
        assertThat(m.name()).isEmpty();
        assertThat(m.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(((NumberPoint) m.points().get(0)).value()).isZero();
    }

    @Test
    void jsonQuirksAreRead() {
        String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"aggregationTemporality\":\"2\","
                + "\"is_monotonic\":\"true\",\"dataPoints\":[{\"asDouble\":\"NaN\",\"flags\":\"1\",\"time_unix_nano\":1.7e18,"
                + "\"exemplars\":[{\"traceId\":\"0AF7651916CD43DD8448EB211C80319C\",\"spanId\":\"B7AD6B7169203331\","
                + "\"asInt\":\"-3\"}],\"attributes\":[{\"key\":\"b\",\"keyStrindex\":3,\"value\":{\"bytesValue\":\"_-8\","
                + "\"stringValueStrindex\":2}}]}]}}]}]}]}";
        ExportRequest r = assertDecodes(json.getBytes(StandardCharsets.UTF_8));
        OtlpMetric m = r.resources().get(0).scopes().get(0).metrics().get(0);
        assertThat(m.temporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(m.monotonic()).isTrue();
        NumberPoint p = (NumberPoint) m.points().get(0);
        assertThat(p.value()).isNaN();
        assertThat(p.noRecordedValue()).isTrue();
        assertThat(p.timeNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(p.attributes()).isEqualTo(Attributes.of("b", "/+8="));
        OtlpExemplar e = p.exemplars().get(0);
        assertThat(e.traceIdHex()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(e.spanIdHex()).isEqualTo("b7ad6b7169203331");
        assertThat(e.value()).isEqualTo(-3.0);
    }

    private static ExportRequest assertDecodes(byte[] b) {
        try {
            return OtlpJsonDecoder.decode(b, 0, b.length);
        } catch (OtlpDecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("no byte " + v);
    }
}
