package io.ferry.tunnel.client;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.ferry.http.TlsSettings;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.server.TestTarget;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.TestCerts;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to the proxy: the CA verifies it, the client certificate is shown to it, the server name is
 * the one verified; a plain http target is scraped without any of it.
 */
class TunnelClientTlsTest {
    @TempDir
    static Path certDir;
    private static TestCerts certs;

    @TempDir
    Path dir;

    private HttpsServer proxy;
    private TestTarget target;
    private TunnelClientService client;
    private final BlockingQueue<String> clientCertificates = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pushes = new LinkedBlockingQueue<>();
    private final DefaultRegistry registry = new DefaultRegistry();

    @BeforeAll
    static void makeCerts() throws Exception {
        ExternalTool.require("openssl", "openssl");
        certs = TestCerts.create(certDir);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.stop(0);
        }
        if (target != null) {
            target.close();
        }
    }

    /** A proxy that hands over one scrape of the plain target, then renews. */
    private void startProxy(HttpsServer server) throws IOException {
        target = new TestTarget(InetAddress.getLoopbackAddress().getHostAddress(), n -> "plain 1\n");
        AtomicBoolean handedOver = new AtomicBoolean();
        proxy = server;
        proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        proxy.createContext("/poll", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                clientCertificates.add(subject((HttpsExchange) ex));
                if (handedOver.compareAndSet(false, true)) {
                    byte[] b = new ScrapeRequest("GET", URI.create("http://gw:" + target.port() + "/metrics"),
                            HeaderFields.of(TunnelHeaders.ID, "tls-1", TunnelHeaders.SCRAPE_TIMEOUT_SECONDS, "10")).toProxyForm();
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                } else {
                    sleep();
                    ex.sendResponseHeaders(204, -1);
                }
            }
        });
        proxy.createContext("/push", ex -> {
            try (ex) {
                pushes.add(ex.getRequestBody().readAllBytes());
                ex.sendResponseHeaders(200, -1);
            }
        });
        proxy.start();
    }

    private static String subject(HttpsExchange ex) {
        try {
            return ((X509Certificate) ex.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startClient(TlsSettings tls) throws Exception {
        client = TunnelClientService.start(TunnelClientOptions.of(URI.create("https://127.0.0.1:" + proxy.getAddress().getPort()),
                        List.of("gw"), new AllowList(List.of(TunnelTarget.parse("http://127.0.0.1:" + target.port()
                                + "/metrics")), false))
                .withTls(tls).withRetry(Duration.ofMillis(100), Duration.ofMillis(300)), dir, registry);
    }

    @Test
    void theClientCertificateIsShownToTheProxyAndThePlainTargetIsScrapedWithoutTls() throws Exception {
        startProxy(certs.httpsServer(true));
        startClient(new TlsSettings(certs.ca, certs.clientCert, certs.clientKey, null, false, null));
        assertThat(clientCertificates.poll(20, TimeUnit.SECONDS)).isEqualTo("CN=ferry-client");
        byte[] pushed = pushes.poll(20, TimeUnit.SECONDS);
        assertThat(pushed).isNotNull();
        RelayedResponse r = RelayedResponse.parse(pushed, 0, pushed.length, 1 << 20);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("plain 1\n");
    }

    @Test
    void theServerNameIsTheOneVerified() throws Exception {
        startProxy(certs.namedHttpsServer());
        startClient(new TlsSettings(certs.ca, null, null, TestCerts.OTHER_NAME, false, null));
        assertThat(pushes.poll(20, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aProxyTheCaDoesNotVerifyIsAFailedPollRetried() throws Exception {
        startProxy(certs.httpsServer(false));
        startClient(new TlsSettings(certs.otherCa, null, null, null, false, null));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (unreachable() < 2) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(pushes).isEmpty();
    }

    private double unreachable() {
        for (MetricFamily f : registry.collect()) {
            if (f.name().equals("ferry_tunnel_client_poll_failures_total")) {
                return f.metrics().stream().filter(m -> "unreachable".equals(m.labels().get("reason")))
                        .mapToDouble(m -> ((ValueMetric) m).value()).sum();
            }
        }
        return 0;
    }
}
