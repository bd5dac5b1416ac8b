package io.ferry.otlp.wire;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpProtobufDecoderTest {

    @Test
    void randomRequestsDecodeAsTheGeneratedClassesReadThem() throws Exception {
        long points = 0;
        for (long seed = 0; seed < 2000; seed++) {
            ExportMetricsServiceRequest request = new RandomOtlpRequests(seed).request();
            byte[] bytes = request.toByteArray();
            ExportRequest decoded = OtlpProtobufDecoder.decode(bytes, 0, bytes.length);
            assertThat(OtlpOracle.describe(decoded)).as("seed %d", seed)
                    .isEqualTo(OtlpOracle.describe(OtlpOracle.expected(request)));
            points += decoded.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                    .mapToLong(m -> m.points().size()).sum();
        }
        assertThat(points).isGreaterThan(10_000);
    }
}
