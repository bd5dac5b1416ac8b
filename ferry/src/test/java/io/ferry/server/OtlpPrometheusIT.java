package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.PrometheusServer;
import io.ferry.testing.ServerProcess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP all the way to a real Prometheus (2.42, {@code --web.enable-remote-write-receiver}): the
 * SDK exports delta and cumulative counters to Ferry's main port, Ferry's self-scrape forwards what
 * {@code /metrics} serves by remote write, and Prometheus' query API returns the converted names,
 * the {@code job} and {@code instance} of the resource and the accumulated values.
 */
class OtlpPrometheusIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void deltaAndCumulativeCountersReachPrometheusThroughRemoteWrite() throws Exception {
        PrometheusServer.requireAvailable();
        try (ServerProcess prometheus = PrometheusServer.startReceiver(Files.createDirectories(dir.resolve("prom")))) {
            FerryConfig c = ConfigLoader.parse("""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    remote_write:
                      - url: %s/api/v1/write
                        queue_config: {min_backoff: 50ms, max_backoff: 500ms}
                    """.formatted(prometheus.baseUrl()), "ferry.yml");
            c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0")).applyTo(c)
                    .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF)
                    .withOtlp(OtlpOptions.OFF);
            try (FerryServer ferry = FerryServer.start(c)) {
                String endpoint = "http://127.0.0.1:" + ferry.port() + "/v1/metrics";
                export(endpoint, "delta-svc", AggregationTemporalitySelector.deltaPreferred());
                export(endpoint, "cumulative-svc", AggregationTemporalitySelector.alwaysCumulative());
                for (String service : new String[] {"delta-svc", "cumulative-svc"}) {
                    String query = "orders_total{job=\"" + service + "\",instance=\"" + service + "-1\",region=\"eu\"}";
                    assertThat(awaitValue(prometheus, query, 7)).as(query).isEqualTo(7);
                }
                assertThat(awaitValue(prometheus, "target_info{job=\"delta-svc\"}", 1)).isEqualTo(1);
            }
        }
    }

    /** Two exports of one counter: 3, then 4 more. */
    private static void export(String endpoint, String service, AggregationTemporalitySelector temporality) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("service.instance.id"), service + "-1")));
        try (SdkMeterProvider sdk = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder().setEndpoint(endpoint)
                        .setAggregationTemporalitySelector(temporality).build()).setInterval(Duration.ofHours(1)).build())
                .build()) {
            LongCounter orders = sdk.get("shop").counterBuilder("orders").build();
            Attributes eu = Attributes.of(AttributeKey.stringKey("region"), "eu");
            orders.add(3, eu);
            assertThat(sdk.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            orders.add(4, eu);
            assertThat(sdk.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
    }

    /** The latest value Prometheus has for {@code query}, waiting until it is {@code want} or the wait ends. */
    private static double awaitValue(ServerProcess prometheus, String query, double want) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < end) {
            JsonArray result = PrometheusServer.query(prometheus, query);
            if (!result.isEmpty()) {
                last = Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
                if (last == want) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        return last;
    }
}
