package io.ferry.server;

import io.ferry.config.AuthConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.TestCerts;
import io.ferry.testing.TestHttp;
import io.ferry.tunnel.proxy.TunnelClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.ferry.server.FrontDoor.eventually;
import static io.ferry.server.FrontDoor.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tunnel client proven by its certificate: the web config file verifies client certificates, and
 * the certificate's SAN DNS name is the one fqdn it may poll for, though Ferry has no tokens.
 */
class TunnelMtlsIT {
    @TempDir
    Path dir;

    /** An open Ferry on TLS whose web config file verifies client certificates as {@code clientAuthType} says. */
    private FerryConfig config(TestCerts certs, String clientAuthType) throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: %s\n  key_file: %s\n"
                .formatted(certs.serverCert, certs.serverKey)
                + "  client_auth_type: " + clientAuthType + "\n  client_ca_file: " + certs.ca + "\n");
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push())
                .withAuth(AuthConfig.DEFAULTS.withWebConfigFile(web));
    }

    @Test
    void aVerifiedCertificateMayPollForTheNamesInItsSanOnly() throws Exception {
        TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("pki")));
        try (FerryServer ferry = FerryServer.start(config(certs, "RequireAndVerifyClientCert"));
             TestHttp https = TestHttp.https(ferry.port(), certs.clientContext(true))) {
            HttpResponse<String> other = https.send("POST", "/poll", "site-b.ferry.test");
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.body()).startsWith("Forbidden: certificate \"CN=ferry-client\" may not poll for fqdn");
            assertThat(value(ferry, "ferry_tunnel_refused_total", "reason", "out_of_scope")).isEqualTo(1);

            CompletableFuture<HttpResponse<String>> held = https.sendAsync(https.request("/poll")
                    .POST(HttpRequest.BodyPublishers.ofString(TestCerts.CLIENT_NAME)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(eventually(Duration.ofSeconds(10), () -> !ferry.tunnel().orElseThrow().clients().isEmpty()))
                    .as("the poll is held").isTrue();
            TunnelClient client = ferry.tunnel().orElseThrow().clients().getFirst();
            assertThat(client.fqdn()).isEqualTo(TestCerts.CLIENT_NAME);
            assertThat(client.owner()).isEqualTo("cert:CN=ferry-client");
            held.cancel(true);
        }
    }

    /**
     * With certificates verified only when given, an open Ferry takes pushes from anyone, but a
     * tunnel client without a certificate could register a certificate's fqdn and take its scrapes:
     * the tunnel takes a certificate.
     */
    @Test
    void withCertificatesVerifiedIfGivenAnOpenFerrysTunnelTakesACertificate() throws Exception {
        TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("pki")));
        try (FerryServer ferry = FerryServer.start(config(certs, "VerifyClientCertIfGiven"));
             TestHttp anonymous = TestHttp.https(ferry.port(), certs.clientContext(false))) {
            HttpResponse<String> poll = anonymous.send("POST", "/poll", TestCerts.CLIENT_NAME);
            assertThat(poll.statusCode()).isEqualTo(401);
            assertThat(poll.body()).isEqualTo("Unauthorized: the tunnel takes a client certificate that client_ca_file verifies\n");
            assertThat(ferry.tunnel().orElseThrow().clients()).isEmpty();
            assertThat(anonymous.send("PUT", "/metrics/job/open", "up 1\n").statusCode()).isEqualTo(200);
        }
    }
}
