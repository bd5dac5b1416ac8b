package io.ferry.compat;

import io.ferry.server.FerryServer;
import io.ferry.testing.TestHttp;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * client_java's Pushgateway exporter (prometheus-metrics-exporter-pushgateway 1.5.1) pushes to
 * Ferry with {@code push()}, {@code pushAdd()} and {@code delete()}, in both of its formats. The job
 * and a grouping key value contain {@code /}, which the client sends base64-encoded.
 */
class ClientJavaPushIT {
    private static final String GROUP = "instance=\"host-1\",job=\"java/batch\",path=\"/var/tmp\"";

    @TempDir
    Path storage;

    @ParameterizedTest
    @EnumSource(Format.class)
    void pushPushAddAndDelete(Format format) throws Exception {
        try (FerryServer ferry = Servers.ferry(storage)) {
            PrometheusRegistry full = new PrometheusRegistry();
            Counter.builder().name("java_jobs_processed_total").help("Jobs processed.").register(full).inc(3);
            Gauge.builder().name("java_queue_depth").help("Jobs waiting.").register(full).set(5);
            Histogram latency = Histogram.builder().name("java_latency_seconds").help("Job latency.")
                    .classicUpperBounds(0.1, 1).register(full);
            latency.observe(0.05);
            latency.observe(0.5);
            latency.observe(2);
            Summary.builder().name("java_size_bytes").help("Job size.").register(full).observe(512);

            gateway(ferry, full, format).push();
            String afterPush = TestHttp.local(ferry.port()).metrics();
            ClientWorkload.assertPushed(afterPush, "java_", GROUP);

            PrometheusRegistry some = new PrometheusRegistry();
            Gauge.builder().name("java_queue_depth").help("Jobs waiting.").register(some).set(7);
            Gauge.builder().name("java_extra").help("Added by pushAdd.").labelNames("kind").register(some)
                    .labelValues("a/b").set(1);
            gateway(ferry, some, format).pushAdd();
            String afterPushAdd = TestHttp.local(ferry.port()).metrics();
            ClientWorkload.assertPushAddKeptTheRest(afterPushAdd, "java_", GROUP);
            assertThat(afterPushAdd)
                    .contains("java_extra{instance=\"host-1\",job=\"java/batch\",kind=\"a/b\",path=\"/var/tmp\"} 1\n");

            // push() replaces the whole group: only what this registry holds stays.
            gateway(ferry, some, format).push();
            assertThat(TestHttp.local(ferry.port()).metrics())
                    .contains("java_queue_depth{" + GROUP + "} 7\n")
                    .doesNotContain("java_jobs_processed_total")
                    .doesNotContain("java_latency_seconds");

            gateway(ferry, some, format).delete();
            assertThat(TestHttp.local(ferry.port()).metrics()).doesNotContain("java_").doesNotContain("push_time_seconds{");
        }
    }

    private static PushGateway gateway(FerryServer ferry, PrometheusRegistry registry, Format format) {
        return PushGateway.builder()
                .address("127.0.0.1:" + ferry.port())
                .job("java/batch")
                .groupingKey("instance", "host-1")
                .groupingKey("path", "/var/tmp")
                .registry(registry)
                .format(format)
                .connectionTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .build();
    }
}
