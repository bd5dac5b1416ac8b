package io.ferry.otlp.wire;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpJsonDecoderTest {

    @Test
    void randomRequestsInJsonDecodeAsTheirProtobufDoes() throws Exception {
        for (long seed = 0; seed < 1000; seed++) {
            ExportMetricsServiceRequest request = new RandomOtlpRequests(seed).request();
            String expected = OtlpOracle.describeForJson(OtlpOracle.expected(request));
            for (boolean quirks : new boolean[] {false, true}) {
                byte[] json = new OtlpJsonWriter(new Random(seed), quirks).write(request).getBytes(StandardCharsets.UTF_8);
                assertThat(OtlpOracle.describeForJson(OtlpJsonDecoder.decode(json, 0, json.length)))
                        .as("seed %d, quirks %s: %s", seed, quirks, new String(json, StandardCharsets.UTF_8))
                        .isEqualTo(expected);
            }
            byte[] proto = request.toByteArray();
            assertThat(OtlpOracle.describeForJson(OtlpProtobufDecoder.decode(proto, 0, proto.length))).isEqualTo(expected);
        }
    }
}
