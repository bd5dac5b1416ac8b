package io.ferry.http;

import io.ferry.testing.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one set of rules for clients built from prometheus.yml's settings: files relative to the base
 * directory, secrets read at each call, proxies with a default port by scheme, HTTP/1.1.
 */
class HttpClientFactoryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(7);

    @TempDir
    Path dir;

    private HttpClientFactory factory(BasicAuth basic, AuthorizationHeader auth, TlsSettings tls, URI proxy,
                                      boolean followRedirects) {
        return new HttpClientFactory(new HttpClientSettings(basic, auth, tls, proxy, followRedirects), dir);
    }

    private HttpClientFactory withProxy(String url) {
        return factory(null, null, TlsSettings.DEFAULTS, URI.create(url), true);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noAuthSettingsSendNoHeader() throws Exception {
        assertThat(new HttpClientFactory(HttpClientSettings.DEFAULTS, dir).authorization()).isNull();
    }

    @Test
    void basicAuthWithAnInlinePassword() throws Exception {
        HttpClientFactory f = factory(new BasicAuth("ferry", ClientSecret.of("s3cret:ü"), null), null,
                TlsSettings.DEFAULTS, null, true);
        assertThat(f.authorization()).isEqualTo(basic("ferry", "s3cret:ü"));
    }

    @Test
    void secretFilesAreRelativeToTheBaseDirectoryTrimmedAndReadAtEachCall() throws Exception {
        Files.writeString(dir.resolve("pw"), "  s3cret\n");
        HttpClientFactory f = factory(new BasicAuth("ferry", null, Path.of("pw")), null, TlsSettings.DEFAULTS, null, true);
        assertThat(f.authorization()).isEqualTo(basic("ferry", "s3cret"));
        Files.writeString(dir.resolve("pw"), "rotated");
        assertThat(f.authorization()).isEqualTo(basic("ferry", "rotated"));

        Files.writeString(dir.resolve("token"), "t0k\r\n");
        HttpClientFactory bearer = factory(null, new AuthorizationHeader("Bearer", null, Path.of("token")),
                TlsSettings.DEFAULTS, null, true);
        assertThat(bearer.authorization()).isEqualTo("Bearer t0k");
        HttpClientFactory inline = factory(null, new AuthorizationHeader("Custom", ClientSecret.of("abc"), null),
                TlsSettings.DEFAULTS, null, true);
        assertThat(inline.authorization()).isEqualTo("Custom abc");
    }

    @Test
    void anUnreadableSecretFileIsNamedWithItsKey() {
        HttpClientFactory f = factory(new BasicAuth("ferry", null, Path.of("absent")), null, TlsSettings.DEFAULTS, null, true);
        assertThatThrownBy(f::authorization).hasMessageStartingWith("password_file " + dir.resolve("absent") + ": cannot read: ");
        HttpClientFactory g = factory(null, new AuthorizationHeader("Bearer", null, Path.of("gone")), TlsSettings.DEFAULTS,
                null, true);
        assertThatThrownBy(g::authorization).hasMessageStartingWith("credentials_file " + dir.resolve("gone") + ": cannot read: ");
    }

    @Test
    void credentialsWithALineBreakInsideAreRefusedNamingWhereTheyCameFrom() throws Exception {
        Files.writeString(dir.resolve("token"), "t0k\nX-Evil: 1\n");
        HttpClientFactory file = factory(null, new AuthorizationHeader("Bearer", null, Path.of("token")),
                TlsSettings.DEFAULTS, null, true);
        assertThatThrownBy(file::authorization).isInstanceOf(java.io.IOException.class)
                .hasMessage("credentials_file " + dir.resolve("token") + ": the credentials hold a line break, which a header cannot carry");
        HttpClientFactory inline = factory(null, new AuthorizationHeader("Bearer", ClientSecret.of("a\rb"), null),
                TlsSettings.DEFAULTS, null, true);
        assertThatThrownBy(inline::authorization).isInstanceOf(java.io.IOException.class)
                .hasMessage("authorization: the credentials hold a line break, which a header cannot carry");
        // A password travels base64-encoded, so a line break in it is only a character.
        Files.writeString(dir.resolve("pw"), "a\nb");
        assertThat(factory(new BasicAuth("ferry", null, Path.of("pw")), null, TlsSettings.DEFAULTS, null, true)
                .authorization()).isEqualTo(basic("ferry", "a\nb"));
    }

    @Test
    void theClientFollowsRedirectsAsTheSettingsSay() throws Exception {
        try (Http11Client follows = new HttpClientFactory(HttpClientSettings.DEFAULTS, dir).newHttp11Client(TIMEOUT);
             Http11Client stays = factory(null, null, TlsSettings.DEFAULTS, null, false).newHttp11Client(TIMEOUT)) {
            assertThat(follows.followsRedirects()).isTrue();
            assertThat(follows.proxy()).isNull();
            assertThat(stays.followsRedirects()).isFalse();
        }
    }

    @Test
    void aProxyWithoutAPortGetsTheSchemesDefault() throws Exception {
        assertThat(proxyOf(withProxy("http://proxy.example"))).isEqualTo(InetSocketAddress.createUnresolved("proxy.example", 80));
        assertThat(proxyOf(withProxy("https://proxy.example"))).isEqualTo(InetSocketAddress.createUnresolved("proxy.example", 443));
        assertThat(proxyOf(withProxy("HTTP://proxy.example:3128"))).isEqualTo(InetSocketAddress.createUnresolved("proxy.example", 3128));
    }

    @Test
    void aProxySchemeOtherThanHttpIsRefusedNotBypassed() {
        assertThatThrownBy(() -> withProxy("socks5://user:pw@proxy.example:1080").newHttp11Client(TIMEOUT))
                .isInstanceOf(ClientSettingsException.class)
                .hasMessage("proxy_url: socks5://proxy.example: only http and https proxies are supported")
                .satisfies(e -> assertThat(((ClientSettingsException) e).key()).isEqualTo("proxy_url"));
    }

    @Test
    void credentialsInTheProxysUrlAreNeverShown() {

        HttpClientSettings settings = new HttpClientSettings(null, null, TlsSettings.DEFAULTS,
                URI.create("http://user:pw%21@proxy.example:3128/x"), true);
        assertThat(settings.toString()).contains("proxyUrl=http://user:xxxxx@proxy.example:3128/x").doesNotContain("pw");
        // A user info that the scheme also holds ("p:" of "http:") is found where it stands.
        assertThat(new HttpClientSettings(null, null, TlsSettings.DEFAULTS, URI.create("http://p:@proxy.example:3128"),
                true).toString()).contains("proxyUrl=http://p:xxxxx@proxy.example:3128");
        assertThat(HttpClientSettings.DEFAULTS.toString()).contains("proxyUrl=null");
    }

    @Test
    void tlsFilesAreRelativeToTheBaseDirectory() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        TlsSettings relative = new TlsSettings(dir.relativize(certs.ca), dir.relativize(certs.clientCert),
                dir.relativize(certs.clientKey), null, false, "TLS12");
        factory(null, null, relative, null, true).newHttp11Client(TIMEOUT).close();

        TlsSettings missing = new TlsSettings(Path.of("missing-ca.pem"), null, null, null, false, null);
        assertThatThrownBy(() -> factory(null, null, missing, null, true).newHttp11Client(TIMEOUT))
                .isInstanceOf(ClientSettingsException.class)
                .hasMessageStartingWith("tls_config: " + dir.resolve("missing-ca.pem") + ": cannot read: ")
                .satisfies(e -> assertThat(((ClientSettingsException) e).key()).isEqualTo("tls_config"));
    }

    @Test
    void theScrapeClientKeepsServerNameSniAndTheProtocols() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        List<String> sni = new CopyOnWriteArrayList<>();
        List<String> protocols = new CopyOnWriteArrayList<>();
        HttpsServer named = certs.namedHttpsServer();
        HttpsServer usual = certs.httpsServer(false);
        HttpsServer mutualOnly = certs.httpsServer(true);
        for (HttpsServer server : List.of(named, usual, mutualOnly)) {
            server.createContext("/", exchange -> {
                javax.net.ssl.SSLSession session = ((HttpsExchange) exchange).getSSLSession();
                ((ExtendedSSLSession) session).getRequestedServerNames()
                        .forEach(n -> sni.add(((SNIHostName) n).getAsciiName()));
                protocols.add(session.getProtocol());
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }
        try {
            TlsSettings serverName = new TlsSettings(certs.ca, null, null, TestCerts.OTHER_NAME, false, null);
            assertThat(get11(factory(null, null, serverName, null, true), named)).isEqualTo(204);
            assertThat(sni).containsExactly(TestCerts.OTHER_NAME);
            TlsSettings byAddress = new TlsSettings(certs.ca, null, null, null, false, null);
            assertThatThrownBy(() -> get11(factory(null, null, byAddress, null, true), named)).isInstanceOf(IOException.class);
            TlsSettings otherName = new TlsSettings(certs.ca, null, null, "elsewhere.ferry.test", false, null);
            assertThatThrownBy(() -> get11(factory(null, null, otherName, null, true), usual)).isInstanceOf(IOException.class);
            // Mutual TLS with files relative to the base directory, and min_version.
            TlsSettings mutual = new TlsSettings(dir.relativize(certs.ca), dir.relativize(certs.clientCert),
                    dir.relativize(certs.clientKey), null, false, "TLS13");
            assertThat(get11(factory(null, null, mutual, null, true), mutualOnly)).isEqualTo(204);
            assertThat(protocols.getLast()).isEqualTo("TLSv1.3");
            // insecure_skip_verify trusts a server its CA did not sign, whatever its name.
            TlsSettings insecure = new TlsSettings(certs.otherCa, null, null, null, true, null);
            assertThat(get11(factory(null, null, insecure, null, true), named)).isEqualTo(204);
        } finally {
            named.stop(0);
            usual.stop(0);
            mutualOnly.stop(0);
        }
    }

    private static int get11(HttpClientFactory f, HttpsServer server) throws Exception {
        try (Http11Client client = f.newHttp11Client(TIMEOUT)) {
            URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
            return client.send(ClientRequest.get(uri), System.nanoTime() + TIMEOUT.toNanos(), s -> BodyLimit.NONE).status();
        }
    }

    private static InetSocketAddress proxyOf(HttpClientFactory f) throws ClientSettingsException {
        return f.newHttp11Client(TIMEOUT).proxy();
    }
}
