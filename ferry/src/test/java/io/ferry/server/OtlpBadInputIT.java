package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.WebLimits;
import io.ferry.otlp.OtlpOptions;
import io.ferry.testing.TestHttp;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the OTLP receivers answer to bad input, over OTLP/HTTP and OTLP/gRPC, and the
 * specification's JSON example: malformed protobuf and JSON, truncated gzip, a gzip bomb and a body
 * over {@code otlp.max_request_bytes} (here 1 MiB), another content type, points the conversion
 * rejects (partial success). Each refusal is counted; a good export afterwards still succeeds.
 */
class OtlpBadInputIT {
    private static final int LIMIT = 1 << 20;
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    static Path dir;
    private static FerryServer ferry;
    private static TestHttp otlpHttp;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        FerryConfig c = FrontDoor.config(dir.resolve("data"), WebLimits.DEFAULTS).withOtlp(OtlpOptions.DEFAULTS
                .withListeners("127.0.0.1:0", "127.0.0.1:0").withLimits(LIMIT, 256L << 20, 4_000_000));
        ferry = FerryServer.start(c);
        otlpHttp = TestHttp.local(ferry.otlpHttpPort().orElseThrow());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ferry.otlpGrpcPort().orElseThrow()).usePlaintext()
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        ferry.close();
    }

    @Test
    void httpMalformedProtobufIs400WithAStatusNamingTheField() throws Exception {
        HttpResponse<byte[]> r = post(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x7f}, PROTOBUF);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
        io.ferry.otlp.wire.oracle.RpcStatusProto.Status status = io.ferry.otlp.wire.oracle.RpcStatusProto.Status.parseFrom(r.body());
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(status.getMessage()).contains("cannot decode the protobuf request").contains("resource_metrics");
        assertThat(status.getDetailsList()).anySatisfy(d -> assertThat(d.getTypeUrl()).endsWith("google.rpc.BadRequest"));
    }

    @Test
    void httpMalformedJsonIs400InJson() throws Exception {
        HttpResponse<byte[]> r = post("{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject status = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(status.getInteger("code")).isEqualTo(3);
        assertThat(status.getString("message")).contains("OTLP/JSON");
    }

    @Test
    void httpTruncatedGzipIs400() throws Exception {
        byte[] gz = gzip(request("truncated", 1).toByteArray());
        HttpResponse<byte[]> r = post(Arrays.copyOf(gz, gz.length - 6), PROTOBUF, "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(io.ferry.otlp.wire.oracle.RpcStatusProto.Status.parseFrom(r.body()).getMessage()).contains("not valid gzip");
    }

    @Test
    void httpGzipBombAndBodyOverTheLimitAre413AndNotRetryable() throws Exception {
        double before = refused("http", "too_large");
        HttpResponse<byte[]> bomb = post(gzip(new byte[4 * LIMIT]), PROTOBUF, "Content-Encoding", "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(bomb.headers().firstValue("Retry-After")).isEmpty();
        assertThat(io.ferry.otlp.wire.oracle.RpcStatusProto.Status.parseFrom(bomb.body()).getMessage()).contains("otlp.max_request_bytes")
                .contains("decompressed");
        HttpResponse<byte[]> large = post(new byte[LIMIT + 1], PROTOBUF);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(io.ferry.otlp.wire.oracle.RpcStatusProto.Status.parseFrom(large.body()).getCode())
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
        assertThat(refused("http", "too_large")).isEqualTo(before + 2);
    }

    @Test
    void httpOtherContentTypesAndEncodingsAre415() throws Exception {
        assertThat(post(request("x", 1).toByteArray(), "text/plain").statusCode()).isEqualTo(415);
        assertThat(post(request("x", 1).toByteArray(), PROTOBUF, "Content-Encoding", "br").statusCode()).isEqualTo(415);
    }

    @Test
    void httpOnTheMainPortAnswersInTheRequestsEncodingAndGoodExportsSucceed() throws Exception {
        HttpResponse<byte[]> r = TestHttp.local(ferry.port()).sendBytes("POST", "/v1/metrics",
                gzip(request("main-port", 42).toByteArray()), "Content-Type", PROTOBUF, "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ExportMetricsServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
        assertThat(OtlpSdkIT.valueIn(TestHttp.local(ferry.port()).metrics(), "temperature",
                Map.of("job", "main-port"))).hasValue(42);
    }

    @Test
    void theSpecificationsJsonExampleIsAPartialSuccessForItsOldPointsAndStoredWhenRetimed() throws Exception {
        String example = Files.readString(Path.of("src/test/resources/io/ferry/otlp/wire/spec-example-metrics.json"));
        HttpResponse<byte[]> old = post(example.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(old.statusCode()).isEqualTo(200);
        JsonObject partial = new JsonObject(new String(old.body(), StandardCharsets.UTF_8)).getJsonObject("partialSuccess");
        assertThat(partial.getString("rejectedDataPoints")).isEqualTo("3");
        assertThat(partial.getString("errorMessage")).isNotEmpty();

        String now = Long.toString(System.currentTimeMillis() * 1_000_000L);
        HttpResponse<byte[]> retimed = post(example.replace("1544712660300000000", now)
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(retimed.statusCode()).isEqualTo(200);
        assertThat(new String(retimed.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        String body = TestHttp.local(ferry.port()).metrics();
        assertThat(OtlpSdkIT.valueIn(body, "my_counter_total", Map.of("job", "my.service"))).hasValue(5);
        assertThat(OtlpSdkIT.valueIn(body, "my_gauge_ratio", Map.of("job", "my.service"))).isPresent();
    }

    @Test
    void grpcMalformedProtobufIsInvalidArgument() {
        StatusRuntimeException e = call(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x7f}, false);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("cannot decode the protobuf request");
    }

    @Test
    void grpcGzipBombAndMessageOverTheLimitAreResourceExhaustedWithoutRetryInfo() {
        StatusRuntimeException bomb = call(new byte[4 * LIMIT], true);
        assertThat(bomb.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(bomb.getStatus().getDescription()).contains("otlp.max_request_bytes");
        assertThat(detailsOf(bomb)).isNull();
        StatusRuntimeException large = call(new byte[LIMIT + 1], false);
        assertThat(large.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(detailsOf(large)).isNull();
    }

    @Test
    void grpcGoodExportsSucceedGzippedOrNotAndUnknownMethodsAreUnimplemented() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            byte[] answer = ClientCalls.blockingUnaryCall(channel, method("Export"),
                    gzip ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT,
                    request("grpc-" + gzip, 7).toByteArray());
            assertThat(ExportMetricsServiceResponse.parseFrom(answer).hasPartialSuccess()).isFalse();
        }
        assertThat(OtlpSdkIT.valueIn(TestHttp.local(ferry.port()).metrics(), "temperature",
                Map.of("job", "grpc-true"))).hasValue(7);
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, method("Other"), CallOptions.DEFAULT, new byte[0]));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void grpcPointsTheConversionRejectsArePartialSuccess() throws Exception {
        ExportMetricsServiceRequest future = request("future", 1).toBuilder().setResourceMetrics(0,
                request("future", 1).getResourceMetrics(0).toBuilder().setScopeMetrics(0, ScopeMetrics.newBuilder()
                        .addMetrics(gauge(1, System.currentTimeMillis() * 1_000_000L + 3_600_000_000_000L))
                        .addMetrics(gauge(2, System.currentTimeMillis() * 1_000_000L).toBuilder().setName("kept")))).build();
        ExportMetricsServiceResponse r = ExportMetricsServiceResponse.parseFrom(ClientCalls.blockingUnaryCall(channel,
                method("Export"), CallOptions.DEFAULT, future.toByteArray()));
        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(r.getPartialSuccess().getErrorMessage()).isNotEmpty();
        assertThat(OtlpSdkIT.valueIn(TestHttp.local(ferry.port()).metrics(), "kept", Map.of("job", "future")))
                .hasValue(2);
    }

    private static StatusRuntimeException call(byte[] message, boolean gzip) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel,
                method("Export"), gzip ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT, message));
    }

    private static byte[] detailsOf(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        return trailers == null ? null
                : trailers.get(Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER));
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/" + name)
                .setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    }

    private static ExportMetricsServiceRequest request(String service, double value) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge(value,
                        System.currentTimeMillis() * 1_000_000L)))).build();
    }

    private static Metric gauge(double value, long timeNanos) {
        return Metric.newBuilder().setName("temperature").setGauge(Gauge.newBuilder().addDataPoints(
                NumberDataPoint.newBuilder().setAsDouble(value).setTimeUnixNano(timeNanos))).build();
    }

    private static HttpResponse<byte[]> post(byte[] body, String contentType, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return otlpHttp.sendBytes("POST", "/v1/metrics", body, all);
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static double refused(String transport, String reason) {
        double sum = 0;
        for (io.ferry.model.MetricFamily f : ferry.registry().collect()) {
            if (f.name().equals("ferry_otlp_exports_refused_total")) {
                for (io.ferry.model.Metric m : f.metrics()) {
                    if (transport.equals(m.labels().get("transport")) && reason.equals(m.labels().get("reason"))) {
                        sum += ((io.ferry.model.ValueMetric) m).value();
                    }
                }
            }
        }
        return sum;
    }
}
