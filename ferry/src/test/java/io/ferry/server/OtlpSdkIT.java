package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.WebLimits;
import io.ferry.otlp.OtlpOptions;
import io.ferry.testing.TestHttp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry Java SDK's own OTLP exporters (gRPC and HTTP/protobuf) against Ferry's
 * receivers: values on {@code /metrics} as the conversion rules name them, for cumulative and
 * delta temporality; deltas kept across a restart of Ferry; refusals seen by the SDK as retryable,
 * with nothing lost once Ferry takes exports again.
 */
class OtlpSdkIT {
    private static final Duration FLUSH = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private FerryServer start(int grpcPort, WebLimits limits) throws Exception {
        FerryConfig c = FrontDoor.config(dir.resolve("data"), limits)
                .withOtlp(OtlpOptions.DEFAULTS.withListeners("127.0.0.1:0", "127.0.0.1:" + grpcPort));
        return FerryServer.start(c);
    }

    private FerryServer start() throws Exception {
        return start(0, WebLimits.DEFAULTS);
    }

    @Test
    void grpcCumulativeCountersUpDownCountersAndHistogramsAppearAsTheRulesName() throws Exception {
        try (FerryServer ferry = start()) {
            MetricExporter exporter = OtlpGrpcMetricExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + ferry.otlpGrpcPort().orElseThrow()).build();
            try (SdkMeterProvider sdk = provider(exporter, "cart", "i-1")) {
                Meter meter = sdk.get("shop.orders");
                LongCounter orders = meter.counterBuilder("orders").setUnit("1").setDescription("Orders taken.").build();
                LongUpDownCounter queue = meter.upDownCounterBuilder("queue.depth").build();
                DoubleHistogram latency = meter.histogramBuilder("checkout.latency").setUnit("s")
                        .setExplicitBucketBoundariesAdvice(java.util.List.of(0.1, 1.0)).build();
                orders.add(3, io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("region"), "eu"));
                queue.add(5);
                queue.add(-2);
                latency.record(0.05);
                latency.record(0.5);
                flush(sdk);
                orders.add(4, io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("region"), "eu"));
                flush(sdk);
            }
            String body = TestHttp.local(ferry.port()).metrics();
            assertThat(valueIn(body, "orders_total", Map.of("job", "cart", "instance", "i-1", "region", "eu",
                    "otel_scope_name", "shop.orders"))).hasValue(7);
            assertThat(body).contains("# HELP orders_total Orders taken.").contains("# TYPE orders_total counter");
            assertThat(valueIn(body, "queue_depth", Map.of("job", "cart"))).hasValue(3);
            assertThat(valueIn(body, "checkout_latency_seconds_count", Map.of("job", "cart"))).hasValue(2);
            assertThat(valueIn(body, "checkout_latency_seconds_bucket", Map.of("job", "cart", "le", "0.1"))).hasValue(1);
            assertThat(valueIn(body, "checkout_latency_seconds_bucket", Map.of("job", "cart", "le", "+Inf"))).hasValue(2);
            assertThat(valueIn(body, "target_info", Map.of("job", "cart", "instance", "i-1"))).hasValue(1);
            assertThat(valueIn(body, "up", Map.of("job", "cart", "instance", "i-1"))).hasValue(1);
            // Two flushes, and the last export at the SDK's shutdown.
            assertThat(FrontDoor.value(ferry, "ferry_otlp_exports_total", "transport", "grpc")).isEqualTo(3);
        }
    }

    @Test
    void httpDeltaCountersAccumulateAndKeepTheirValuesAcrossARestartOfFerry() throws Exception {
        int grpcPort = freePort();
        MetricExporter exporter;
        String endpoint;
        try (FerryServer ferry = start(grpcPort, WebLimits.DEFAULTS)) {
            endpoint = "http://127.0.0.1:" + ferry.port() + "/v1/metrics"; // the main port
            exporter = OtlpHttpMetricExporter.builder().setEndpoint(endpoint)
                    .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build();
            try (SdkMeterProvider sdk = provider(exporter, "billing", "b-1")) {
                LongCounter paid = sdk.get("billing").counterBuilder("payments").build();
                paid.add(2);
                flush(sdk);
                paid.add(5);
                flush(sdk);
                assertThat(valueIn(TestHttp.local(ferry.port()).metrics(), "payments_total",
                        Map.of("job", "billing", "instance", "b-1"))).hasValue(7);
            }
        }
        // A new Ferry on the same storage; the SDK (a new process here) sends its next delta over gRPC.
        try (FerryServer ferry = start(grpcPort, WebLimits.DEFAULTS);
             SdkMeterProvider sdk = provider(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + grpcPort)
                     .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build(),
                     "billing", "b-1")) {
            sdk.get("billing").counterBuilder("payments").build().add(1);
            flush(sdk);
            assertThat(valueIn(TestHttp.local(ferry.port()).metrics(), "payments_total",
                    Map.of("job", "billing", "instance", "b-1"))).hasValue(8);
        }
    }

    @Test
    void refusedExportsAreRetriedByBothExportersAndNothingIsLostOnceFerryTakesThemAgain() throws Exception {
        long budget = 64 * 1024;
        try (FerryServer ferry = start(0, WebLimits.DEFAULTS.withMaxBodyBytesInFlight(budget))) {
            for (boolean grpc : new boolean[] {true, false}) {
                MetricExporter exporter = grpc
                        ? OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + ferry.otlpGrpcPort().orElseThrow())
                        .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()).build()
                        : OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:" + ferry.otlpHttpPort().orElseThrow()
                        + "/v1/metrics").setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                        .build();
                String service = grpc ? "over-grpc" : "over-http";
                double refusedBefore = FrontDoor.value(ferry, "ferry_http_requests_rejected_total", "reason", "body_budget");
                try (SdkMeterProvider sdk = provider(exporter, service, "x-1")) {
                    LongCounter jobs = sdk.get("worker").counterBuilder("jobs").build();
                    jobs.add(10);
                    flush(sdk);
                    // An upload that declares the whole body budget and stalls: every export is refused for now.
                    try (Socket held = FrontDoor.connect(ferry.port())) {
                        FrontDoor.write(held, "PUT /metrics/job/held HTTP/1.1\r\nHost: ferry\r\nContent-Length: " + budget
                                + "\r\n\r\nm 1\n");
                        assertThat(FrontDoor.eventually(Duration.ofSeconds(10),
                                () -> FrontDoor.value(ferry, "ferry_http_body_bytes_in_flight", null, null) == budget))
                                .isTrue();
                        jobs.add(5);
                        CompletableResultCode flushed = sdk.forceFlush();
                        assertThat(FrontDoor.eventually(Duration.ofSeconds(20), () -> FrontDoor.value(ferry,
                                "ferry_http_requests_rejected_total", "reason", "body_budget") > refusedBefore))
                                .as("an export was refused").isTrue();
                        held.close();
                        assertThat(flushed.join(FLUSH.toSeconds(), TimeUnit.SECONDS).isSuccess())
                                .as("the %s exporter retried until Ferry took the export", grpc ? "gRPC" : "HTTP").isTrue();
                    }
                }
                assertThat(valueIn(TestHttp.local(ferry.port()).metrics(), "jobs_total", Map.of("job", service)))
                        .as(service).hasValue(15);
            }
        }
    }

    private static SdkMeterProvider provider(MetricExporter exporter, String service, String instance) {
        Resource resource = Resource.getDefault().merge(Resource.create(io.opentelemetry.api.common.Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("service.instance.id"), instance)));
        // A long interval: the test exports with forceFlush, and a periodic export would add points unseen.
        return SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build();
    }

    private static void flush(SdkMeterProvider sdk) {
        assertThat(sdk.forceFlush().join(FLUSH.toSeconds(), TimeUnit.SECONDS).isSuccess()).as("export").isTrue();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The value of the first sample of {@code name} in a text exposition whose labels include
     * {@code labels}; empty when there is none.
     */
    static OptionalDouble valueIn(String body, String name, Map<String, String> labels) {
        for (String line : body.lines().toList()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = close < 0 ? "" : line.substring(name.length(), close + 1);
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                String rest = line.substring(close < 0 ? name.length() : close + 1).strip();
                return OptionalDouble.of(Double.parseDouble(rest.split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
