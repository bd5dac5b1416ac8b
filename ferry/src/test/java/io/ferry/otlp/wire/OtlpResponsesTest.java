package io.ferry.otlp.wire;

import com.google.protobuf.Any;
import io.ferry.otlp.wire.oracle.RpcStatusProto;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpResponsesTest {

    @Test
    void fullSuccessLeavesPartialSuccessUnset() throws Exception {
        byte[] proto = OtlpResponses.exportResponseProtobuf(0, "");
        assertThat(proto).isEmpty();
        assertThat(ExportMetricsServiceResponse.parseFrom(proto).hasPartialSuccess()).isFalse();
        assertThat(json(OtlpResponses.exportResponseJson(0, ""))).isEqualTo("{}");
    }

    @Test
    void partialSuccessCarriesTheRejectedCountAndMessage() throws Exception {
        ExportMetricsServiceResponse r = ExportMetricsServiceResponse.parseFrom(
                OtlpResponses.exportResponseProtobuf(3, "3 points had NaN timestamps; ü"));
        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
        assertThat(r.getPartialSuccess().getErrorMessage()).isEqualTo("3 points had NaN timestamps; ü");
        assertThat(json(OtlpResponses.exportResponseJson(3, "bad <name>")))
                .isEqualTo("{\"partialSuccess\":{\"rejectedDataPoints\":\"3\",\"errorMessage\":\"bad \\u003cname\\u003e\"}}");
    }

    @Test
    void aWarningIsAPartialSuccessWithNothingRejected() throws Exception {
        ExportMetricsServiceResponse r = ExportMetricsServiceResponse.parseFrom(
                OtlpResponses.exportResponseProtobuf(0, "scope labels dropped"));
        assertThat(r.hasPartialSuccess()).isTrue();
        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isZero();
        assertThat(json(OtlpResponses.exportResponseJson(0, "w"))).isEqualTo("{\"partialSuccess\":{\"errorMessage\":\"w\"}}");
    }

    @Test
    void statusWithRetryInfoReadsBackThroughTheGeneratedClasses() throws Exception {
        var status = new OtlpResponses.Status(OtlpResponses.UNAVAILABLE, "ingest is behind", Duration.ofMillis(1500), List.of());
        RpcStatusProto.Status s = RpcStatusProto.Status.parseFrom(OtlpResponses.statusProtobuf(status));
        assertThat(s.getCode()).isEqualTo(14);
        assertThat(s.getMessage()).isEqualTo("ingest is behind");
        assertThat(s.getDetailsList()).hasSize(1);
        Any any = s.getDetails(0);
        assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
        RpcStatusProto.RetryInfo retry = RpcStatusProto.RetryInfo.parseFrom(any.getValue());
        assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);
        assertThat(retry.getRetryDelay().getNanos()).isEqualTo(500_000_000);
        assertThat(json(OtlpResponses.statusJson(status))).isEqualTo("{\"code\":14,\"message\":\"ingest is behind\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.500s\"}]}");
    }

    @Test
    void statusWithBadRequestNamesTheFields() throws Exception {
        var status = new OtlpResponses.Status(OtlpResponses.INVALID_ARGUMENT, "bad data", null,
                List.of(new OtlpResponses.FieldViolation("resource_metrics[0].scope_metrics", "truncated")));
        RpcStatusProto.Status s = RpcStatusProto.Status.parseFrom(OtlpResponses.statusProtobuf(status));
        assertThat(s.getCode()).isEqualTo(3);
        assertThat(s.getDetails(0).getTypeUrl()).isEqualTo("type.googleapis.com/google.rpc.BadRequest");
        RpcStatusProto.BadRequest bad = RpcStatusProto.BadRequest.parseFrom(s.getDetails(0).getValue());
        assertThat(bad.getFieldViolations(0).getField()).isEqualTo("resource_metrics[0].scope_metrics");
        assertThat(bad.getFieldViolations(0).getDescription()).isEqualTo("truncated");
        assertThat(json(OtlpResponses.statusJson(status))).isEqualTo("{\"code\":3,\"message\":\"bad data\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":"
                + "[{\"field\":\"resource_metrics[0].scope_metrics\",\"description\":\"truncated\"}]}]}");
    }

    @Test
    void jsonDurationsUseThreeSixOrNineDigits() {
        assertThat(OtlpResponses.jsonDuration(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(OtlpResponses.jsonDuration(Duration.ofMillis(10))).isEqualTo("0.010s");
        assertThat(OtlpResponses.jsonDuration(Duration.ofNanos(1_000))).isEqualTo("0.000001s");
        assertThat(OtlpResponses.jsonDuration(Duration.ofNanos(1_000_000_001))).isEqualTo("1.000000001s");
    }

    private static String json(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
