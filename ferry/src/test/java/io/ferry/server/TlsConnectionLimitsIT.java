package io.ferry.server;

import io.ferry.config.AuthConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.WebLimits;
import io.ferry.testing.TestCerts;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ferry.server.FrontDoor.closedByServer;
import static io.ferry.server.FrontDoor.eventually;
import static io.ferry.server.FrontDoor.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With TLS, the cap counts connections from the accept, before any handshake; one that never
 * handshakes, or handshakes and sends nothing, is closed by the read-header timeout; and the
 * probes still answer over HTTPS at the cap.
 */
class TlsConnectionLimitsIT {
    @TempDir
    Path dir;

    @Test
    void connectionsCountFromTheAcceptAndTheProbesAnswerOverHttpsAtTheCap() throws Exception {
        TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("pki")));
        List<Socket> held = new ArrayList<>();
        try (FerryServer ferry = FerryServer.start(config(WebLimits.DEFAULTS.withMaxConnections(3)))) {
            // Three connections that never start a handshake fill the cap.
            for (int i = 0; i < 3; i++) {
                held.add(FrontDoor.connect(ferry.port()));
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 3)).isTrue();
            try (TestHttp https = TestHttp.https(ferry.port(), certs.clientContext(false))) {
                assertThat(https.get("/-/healthy").statusCode()).isEqualTo(200);
            }
            try (TestHttp https = TestHttp.https(ferry.port(), certs.clientContext(false))) {
                assertThatThrownBy(() -> https.get("/metrics")).as("a probe slot serves only probes")
                        .isInstanceOf(IOException.class);
            }
            assertThat(value(ferry, "ferry_http_connections_rejected_total", "reason", "max_connections")).isEqualTo(1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void probesAtTheCapOverHttp2AreAnsweredEveryTimeAndTheirConnectionsClose() throws Exception {
        TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("pki")));
        List<Socket> held = new ArrayList<>();
        // The held connections must outlast the probes: no read-header timeout closes them meanwhile.
        WebLimits limits = WebLimits.DEFAULTS.withMaxConnections(3).withReadHeaderTimeout(Duration.ofMinutes(5));
        try (FerryServer ferry = FerryServer.start(config(limits))) {
            for (int i = 0; i < 3; i++) {
                held.add(FrontDoor.connect(ferry.port()));
            }
            assertThat(eventually(Duration.ofSeconds(5), () -> open(ferry) == 3)).isTrue();
            // Closed as soon as answered, an HTTP/2 probe slot was reset about one time in twelve,
            // before its client read the answer: sixty in a row catch that.
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                try (TestHttp https = TestHttp.https(ferry.port(), certs.clientContext(false))) {
                    HttpResponse<String> answer = https.get("/-/healthy");
                    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(answer.statusCode()).isEqualTo(200);
                } catch (IOException e) {
                    failed.add("probe " + i + ": " + e);
                }
            }
            assertThat(failed).isEmpty();
            // Each probe's connection ends, by its client or after the linger.
            assertThat(eventually(Duration.ofSeconds(10), () -> open(ferry) == 3)).isTrue();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theReadHeaderTimeoutBoundsTheHandshakeAndWhatFollowsIt() throws Exception {
        TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("pki")));
        WebLimits limits = WebLimits.DEFAULTS.withReadHeaderTimeout(Duration.ofSeconds(2));
        try (FerryServer ferry = FerryServer.start(config(limits));
             Socket silent = FrontDoor.connect(ferry.port());
             SSLSocket tls = (SSLSocket) certs.clientContext(false).getSocketFactory()
                     .createSocket(InetAddress.getLoopbackAddress(), ferry.port())) {
            // One never starts its handshake; the other completes it and then sends nothing.
            tls.startHandshake();
            tls.setSoTimeout(50);
            assertThat(eventually(Duration.ofSeconds(10), () -> open(ferry) == 0)).isTrue();
            assertThat(closedByServer(silent)).isTrue();
            assertThat(closedByServer(tls)).isTrue();
            assertThat(value(ferry, "ferry_http_connections_timed_out_total", "reason", "read_header_timeout"))
                    .isEqualTo(2);
        }
    }

    private FerryConfig config(WebLimits limits) throws IOException {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: " + dir.resolve("pki/server.pem") + "\n  key_file: "
                + dir.resolve("pki/server-key.pem") + "\n");
        return FrontDoor.config(dir.resolve("data"), limits).withAuth(AuthConfig.DEFAULTS.withWebConfigFile(web));
    }

    private static double open(FerryServer ferry) {
        return value(ferry, "ferry_http_connections_open", null, null);
    }
}
