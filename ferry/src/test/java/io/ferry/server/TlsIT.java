package io.ferry.server;

import io.ferry.config.AuthConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --web.config.file}: TLS with certificates openssl makes for the test, client certificates,
 * versions, basic auth, response headers and the rate limit, through the real server with the JDK's
 * HTTP client (and curl for one case).
 */
class TlsIT {
    /** exporter-toolkit's test user: alice, password alice123. */
    private static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    @TempDir
    static Path pki;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.crt", "-days", "2", "-subj", "/CN=ferry test CA");
        for (String who : new String[]{"server", "client"}) {
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", who + ".key",
                    "-out", who + ".csr", "-subj", "/CN=" + who);
            List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt",
                    "-CAkey", "ca.key", "-CAcreateserial", "-out", who + ".crt", "-days", "2"));
            if (who.equals("server")) {
                sign.addAll(List.of("-extfile", "server.ext"));
            }
            openssl(sign.toArray(String[]::new));
        }
        openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:changeit");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private FerryServer start(String webYml) throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, webYml.replace("PKI", pki.toString()));
        FerryConfig config = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push())
                .withAuth(AuthConfig.DEFAULTS.withWebConfigFile(web));
        return FerryServer.start(config);
    }

    private static SSLContext tls(boolean withClientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pki.resolve("client.p12"))) {
                keys.load(in, "changeit".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static HttpResponse<String> get(SSLContext ssl, String[] protocols, URI uri, String... headers)
            throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5));
        if (protocols != null) {
            b.sslParameters(new SSLParameters(null, protocols));
        }
        try (HttpClient client = b.build()) {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                r.headers(headers);
            }
            return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static URI https(FerryServer ferry, String path) {
        return URI.create("https://127.0.0.1:" + ferry.port() + path);
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateAndHttp2() throws Exception {
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n")) {
            HttpResponse<String> r = get(tls(false), null, https(ferry, "/-/healthy"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThatThrownBy(() -> new TestHttp(ferry).get("/-/healthy")).as("plain HTTP").isInstanceOf(IOException.class);
        }
    }

    @Test
    void inlinePemWorksLikeFiles() throws Exception {
        String cert = Files.readString(pki.resolve("server.crt")).indent(4);
        String key = Files.readString(pki.resolve("server.key")).indent(4);
        try (FerryServer ferry = start("tls_server_config:\n  cert: |\n" + cert + "  key: |\n" + key)) {
            assertThat(get(tls(false), null, https(ferry, "/-/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void minVersionIsEnforced() throws Exception {
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n"
                + "  min_version: TLS13\n")) {
            assertThat(get(tls(false), new String[]{"TLSv1.3"}, https(ferry, "/-/healthy")).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), new String[]{"TLSv1.2"}, https(ferry, "/-/healthy")))
                    .isInstanceOf(IOException.class);
        }
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n"
                + "  max_version: TLS12\n")) {
            assertThatThrownBy(() -> get(tls(false), new String[]{"TLSv1.3"}, https(ferry, "/-/healthy")))
                    .isInstanceOf(IOException.class);
            assertThat(get(tls(false), new String[]{"TLSv1.2"}, https(ferry, "/-/healthy")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requireAndVerifyClientCertRefusesClientsWithoutOne() throws Exception {
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: PKI/ca.crt\n")) {
            assertThat(get(tls(true), null, https(ferry, "/-/healthy")).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), null, https(ferry, "/-/healthy"))).isInstanceOf(IOException.class);
            // curl, a second real client, with and without the certificate.
            assertThat(curl(ferry, "--cert", pki.resolve("client.crt").toString(), "--key",
                    pki.resolve("client.key").toString())).isEqualTo("200");
            assertThat(curl(ferry)).isNotEqualTo("200");
        }
    }

    @Test
    void requireAnyClientCertNeedsACertificate() throws Exception {
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n"
                + "  client_auth_type: RequireAnyClientCert\n")) {
            assertThat(get(tls(true), null, https(ferry, "/-/healthy")).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), null, https(ferry, "/-/healthy"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void basicAuthUsersProtectEveryPathButTheExcludedOnes() throws Exception {
        try (FerryServer ferry = start("tls_server_config:\n  cert_file: PKI/server.crt\n  key_file: PKI/server.key\n"
                + "basic_auth_users:\n  alice: " + ALICE + "\nbasic_auth_excluded_paths: [/-/ready]\n")) {
            SSLContext ssl = tls(false);
            HttpResponse<String> none = get(ssl, null, https(ferry, "/metrics"));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Basic");
            assertThat(get(ssl, null, https(ferry, "/-/healthy")).statusCode()).isEqualTo(401);
            assertThat(get(ssl, null, https(ferry, "/-/ready")).statusCode()).isEqualTo(200);
            assertThat(get(ssl, null, https(ferry, "/metrics"), "Authorization", basic("alice", "alice1234"))
                    .statusCode()).isEqualTo(401);
            assertThat(get(ssl, null, https(ferry, "/metrics"), "Authorization", basic("alice", "alice123"))
                    .statusCode()).isEqualTo(200);
            assertThat(get(ssl, null, https(ferry, "/metrics"), "Authorization", basic("alice", "alice123"))
                    .statusCode()).as("cached").isEqualTo(200);

            // A push body after a basic-auth check on a worker thread is still read whole.
            try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).build()) {
                HttpResponse<String> push = client.send(HttpRequest.newBuilder(https(ferry, "/metrics/job/j"))
                        .header("Authorization", basic("alice", "alice123"))
                        .PUT(HttpRequest.BodyPublishers.ofString("pushed_total 7\n".repeat(1))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(push.statusCode()).isEqualTo(200);
            }
            assertThat(get(ssl, null, https(ferry, "/metrics"), "Authorization", basic("alice", "alice123")).body())
                    .contains("pushed_total{instance=\"\",job=\"j\"} 7");
        }
    }

    @Test
    void headersAreAddedAndTheRateLimitAnswers429() throws Exception {
        try (FerryServer ferry = start("http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                + "    Strict-Transport-Security: max-age=31536000\nrate_limit:\n  interval: 1h\n  burst: 3\n")) {
            TestHttp http = new TestHttp(ferry);
            HttpResponse<String> first = http.get("/-/healthy");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-Frame-Options")).contains("deny");
            assertThat(first.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
            assertThat(http.status("POST", "/api/v1/status")).as("405 still 405").isEqualTo(405);
            assertThat(http.status("GET", "/nope")).as("404 still 404").isEqualTo(404);
            HttpResponse<String> limited = http.get("/-/healthy");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("Too Many Requests\n");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    private String curl(FerryServer ferry, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "10", "--cacert", pki.resolve("ca.crt").toString()));
        command.addAll(List.of(extra));
        command.add(https(ferry, "/-/healthy").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
