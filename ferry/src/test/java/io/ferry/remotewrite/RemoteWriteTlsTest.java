package io.ferry.remotewrite;

import com.sun.net.httpserver.HttpsServer;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.model.Labels;
import io.ferry.model.SampleAppender;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.TestCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote_write's {@code tls_config} against an https receiver built with the JDK alone: a private
 * CA and a client certificate (mutual TLS), and {@code insecure_skip_verify} with a CA that did not
 * sign the server.
 */
class RemoteWriteTlsTest {
    @TempDir
    static Path pki;
    static TestCerts certs;

    @TempDir
    Path dir;

    private HttpsServer server;
    private final AtomicInteger received = new AtomicInteger();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.create(pki);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI start(boolean needClientCertificate) throws Exception {
        server = certs.httpsServer(needClientCertificate);
        server.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    private void sendOne(URI url, TlsSettings tls) throws Exception {
        QueueSettings q = new QueueSettings(100, 1, 1, 10, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(4),
                false, Duration.ZERO);
        Receiver c = new Receiver(url, "tls", Duration.ofSeconds(10), Map.of(), List.of(),
                new HttpClientSettings(null, null, tls, null, true), q);
        try (RemoteWrite rw = RemoteWrite.open(dir, pki, List.of(c), Map.of(), 64L << 20, new DefaultRegistry())) {
            SampleAppender a = rw.appender(1);
            a.append(Labels.of("__name__", "up"), 1_000, 1);
            a.commit();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(received.get()).as("requests received over TLS").isEqualTo(1);
    }

    @Test
    void aPrivateCaAndAClientCertificate() throws Exception {
        URI url = start(true);
        sendOne(url, new TlsSettings(certs.ca, certs.clientCert, certs.clientKey, null, false, "TLS12"));
    }

    @Test
    void insecureSkipVerifyAcceptsAServerNoTrustedCaSigned() throws Exception {
        URI url = start(false);
        sendOne(url, new TlsSettings(certs.otherCa, null, null, null, true, null));
    }
}
