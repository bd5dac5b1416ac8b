package io.ferry.server;

import io.ferry.config.ConfigLoader;
import io.ferry.config.ConfigOverrides;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.otlp.OtlpOptions;
import io.ferry.statsd.StatsdOptions;
import io.ferry.testing.TestCerts;
import io.ferry.testing.TestHttp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP over TLS (the web config file's certificate, HTTP/2 by ALPN for gRPC) with the push API's
 * bearer tokens: a token with {@code otlp} writes the services its {@code services} patterns match,
 * a resource of another service in the same export is rejected and counted, and an export without a
 * token is refused, over both exporters of the SDK.
 */
class OtlpSecurityIT {
    @TempDir
    static Path pki;
    static TestCerts certs;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.create(pki);
    }

    private FerryServer start() throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: " + certs.serverCert + "\n  key_file: "
                + certs.serverKey + "\n");
        FerryConfig c = ConfigLoader.parse("""
                web:
                  config_file: %s
                auth:
                  tokens:
                    - name: cart-team
                      token: t-cart
                      actions: [otlp]
                      services: ["cart*"]
                """.formatted(web), "ferry.yml");
        c = ConfigOverrides.NONE.withListenAddress(ListenAddress.parse("127.0.0.1:0")).applyTo(c)
                .withStorage(new StorageConfig(dir.resolve("data"))).withStatsd(StatsdOptions.OFF)
                .withOtlp(OtlpOptions.DEFAULTS.withListeners("127.0.0.1:0", "127.0.0.1:0"));
        return FerryServer.start(c);
    }

    @Test
    void tokensScopeExportsByServiceNameOverTlsForBothExporters() throws Exception {
        try (FerryServer ferry = start()) {
            byte[] ca = Files.readAllBytes(certs.ca);
            for (boolean grpc : new boolean[] {true, false}) {
                String suffix = grpc ? "-grpc" : "-http";
                assertThat(export(exporter(ferry, grpc, ca, "t-cart"), "cart" + suffix)).isTrue();
                assertThat(export(exporter(ferry, grpc, ca, "t-cart"), "billing" + suffix))
                        .as("partial success: the export is answered, its points rejected").isTrue();
                assertThat(export(exporter(ferry, grpc, ca, null), "cart-anonymous" + suffix))
                        .as("no token").isFalse();
            }
            String metrics;
            try (TestHttp https = TestHttp.https(ferry.port(), certs.clientContext(false))) {
                metrics = https.get("/metrics").body();
            }
            for (String suffix : new String[] {"-grpc", "-http"}) {
                assertThat(OtlpSdkIT.valueIn(metrics, "logins_total", Map.of("job", "cart" + suffix))).hasValue(1);
                assertThat(OtlpSdkIT.valueIn(metrics, "logins_total", Map.of("job", "billing" + suffix))).isEmpty();
                assertThat(OtlpSdkIT.valueIn(metrics, "logins_total", Map.of("job", "cart-anonymous" + suffix))).isEmpty();
            }
            // Each billing export, and the one the SDK sends as it shuts down, with the SDK's own metrics.
            assertThat(FrontDoor.value(ferry, "ferry_otlp_data_points_rejected_total", "reason", "unauthorized_service"))
                    .isGreaterThanOrEqualTo(2);
        }
    }

    private static MetricExporter exporter(FerryServer ferry, boolean grpc, byte[] ca, String token) {
        if (grpc) {
            var b = OtlpGrpcMetricExporter.builder().setEndpoint("https://localhost:" + ferry.otlpGrpcPort().orElseThrow())
                    .setTrustedCertificates(ca).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null);
            return token == null ? b.build() : b.addHeader("Authorization", "Bearer " + token).build();
        }
        var b = OtlpHttpMetricExporter.builder().setEndpoint("https://localhost:" + ferry.otlpHttpPort().orElseThrow()
                + "/v1/metrics").setTrustedCertificates(ca).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null);
        return token == null ? b.build() : b.addHeader("Authorization", "Bearer " + token).build();
    }

    /** One export of {@code logins} = 1 from {@code service}; whether the exporter reported success. */
    private static boolean export(MetricExporter exporter, String service) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service)));
        try (SdkMeterProvider sdk = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build()) {
            sdk.get("auth").counterBuilder("logins").build().add(1);
            return sdk.forceFlush().join(30, TimeUnit.SECONDS).isSuccess();
        }
    }
}
