package io.ferry.server;

import io.ferry.config.AuthConfig;
import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.TestCerts;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    /** The server's certificate and key, from the test CA. */
    /** Where the test CA's files are, in a web config file's text. */
    private static final String PKI = "<pki>";
    private static final String SERVER_TLS =
            "tls_server_config:\n  cert_file: <pki>/server.pem\n  key_file: <pki>/server-key.pem\n";

    @TempDir
    static Path pki;
    static TestCerts certs;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.create(pki);
    }

    private FerryServer start(String webYml) throws Exception {
        Path web = dir.resolve("web.yml");
        // A token no PEM holds: inline certificates are in this text too, and "PKI" is base64.
        Files.writeString(web, webYml.replace(PKI, pki.toString()));
        FerryConfig config = new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")),
                new StorageConfig(dir.resolve("data")), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push())
                .withAuth(AuthConfig.DEFAULTS.withWebConfigFile(web));
        return FerryServer.start(config);
    }

    /** The client's end, trusting the test CA, with its certificate or without. */
    private static SSLContext tls(boolean withClientCertificate) throws Exception {
        return certs.clientContext(withClientCertificate);
    }

    /** GET over https with {@code ssl}, offering only the TLS {@code protocols} where they are not null. */
    private static HttpResponse<String> get(SSLContext ssl, String[] protocols, FerryServer ferry, String path,
                                            String... headers) throws Exception {
        try (TestHttp https = TestHttp.https(ferry.port(), ssl, protocols == null ? new String[0] : protocols)) {
            return https.get(path, headers);
        }
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateAndHttp2() throws Exception {
        try (FerryServer ferry = start(SERVER_TLS)) {
            HttpResponse<String> r = get(tls(false), null, ferry, "/-/healthy");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThatThrownBy(() -> TestHttp.local(ferry.port()).get("/-/healthy")).as("plain HTTP")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void inlinePemWorksLikeFiles() throws Exception {
        String cert = Files.readString(certs.serverCert).indent(4);
        String key = Files.readString(certs.serverKey).indent(4);
        try (FerryServer ferry = start("tls_server_config:\n  cert: |\n" + cert + "  key: |\n" + key)) {
            assertThat(get(tls(false), null, ferry, "/-/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void minVersionIsEnforced() throws Exception {
        try (FerryServer ferry = start(SERVER_TLS
                + "  min_version: TLS13\n")) {
            assertThat(get(tls(false), new String[]{"TLSv1.3"}, ferry, "/-/healthy").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), new String[]{"TLSv1.2"}, ferry, "/-/healthy"))
                    .isInstanceOf(IOException.class);
        }
        try (FerryServer ferry = start(SERVER_TLS
                + "  max_version: TLS12\n")) {
            assertThatThrownBy(() -> get(tls(false), new String[]{"TLSv1.3"}, ferry, "/-/healthy"))
                    .isInstanceOf(IOException.class);
            assertThat(get(tls(false), new String[]{"TLSv1.2"}, ferry, "/-/healthy").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requireAndVerifyClientCertRefusesClientsWithoutOne() throws Exception {
        try (FerryServer ferry = start(SERVER_TLS
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: <pki>/ca.pem\n")) {
            assertThat(get(tls(true), null, ferry, "/-/healthy").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), null, ferry, "/-/healthy")).isInstanceOf(IOException.class);
            // curl, a second real client, with and without the certificate.
            assertThat(curl(ferry, "--cert", certs.clientCert.toString(), "--key",
                    certs.clientKey.toString())).isEqualTo("200");
            assertThat(curl(ferry)).isNotEqualTo("200");
        }
    }

    @Test
    void requireAnyClientCertNeedsACertificate() throws Exception {
        try (FerryServer ferry = start(SERVER_TLS
                + "  client_auth_type: RequireAnyClientCert\n")) {
            assertThat(get(tls(true), null, ferry, "/-/healthy").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(tls(false), null, ferry, "/-/healthy")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void basicAuthUsersProtectEveryPathButTheExcludedOnes() throws Exception {
        try (FerryServer ferry = start(SERVER_TLS
                + "basic_auth_users:\n  alice: " + ALICE + "\nbasic_auth_excluded_paths: [/-/ready]\n")) {
            SSLContext ssl = tls(false);
            HttpResponse<String> none = get(ssl, null, ferry, "/metrics");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Basic");
            assertThat(get(ssl, null, ferry, "/-/healthy").statusCode()).isEqualTo(401);
            assertThat(get(ssl, null, ferry, "/-/ready").statusCode()).isEqualTo(200);
            assertThat(get(ssl, null, ferry, "/metrics", "Authorization", basic("alice", "alice1234"))
                    .statusCode()).isEqualTo(401);
            assertThat(get(ssl, null, ferry, "/metrics", "Authorization", basic("alice", "alice123"))
                    .statusCode()).isEqualTo(200);
            assertThat(get(ssl, null, ferry, "/metrics", "Authorization", basic("alice", "alice123"))
                    .statusCode()).as("cached").isEqualTo(200);

            // A push body after a basic-auth check on a worker thread is still read whole.
            try (TestHttp https = TestHttp.https(ferry.port(), ssl)) {
                HttpResponse<String> push = https.send("PUT", "/metrics/job/j", "pushed_total 7\n".repeat(1),
                        "Authorization", basic("alice", "alice123"));
                assertThat(push.statusCode()).isEqualTo(200);
            }
            assertThat(get(ssl, null, ferry, "/metrics", "Authorization", basic("alice", "alice123")).body())
                    .contains("pushed_total{instance=\"\",job=\"j\"} 7");
        }
    }

    @Test
    void headersAreAddedAndTheRateLimitAnswers429() throws Exception {
        try (FerryServer ferry = start("http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                + "    Strict-Transport-Security: max-age=31536000\nrate_limit:\n  interval: 1h\n  burst: 3\n")) {
            TestHttp http = TestHttp.local(ferry.port());
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
                "--max-time", "10", "--cacert", certs.ca.toString()));
        command.addAll(List.of(extra));
        command.add("https://127.0.0.1:" + ferry.port() + "/-/healthy");
        try (ChildProcess p = ChildProcess.builder(command).mergeStderr().start()) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isTrue();
            return p.stdout().trim();
        }
    }
}
