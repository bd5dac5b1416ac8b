package io.ferry.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exporter-toolkit web config file: what is applied, what is refused, with file and line. */
class WebSecurityConfigLoaderTest {
    private static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    private static WebSecurityConfig parse(String yaml) throws ConfigException {
        return WebSecurityConfigLoader.parse(yaml, "/etc/ferry/web.yml");
    }

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessage("/etc/ferry/web.yml:" + message);
    }

    @Test
    void anEmptyFileMeansNothing() throws Exception {
        assertThat(parse("")).isEqualTo(WebSecurityConfig.NONE);
        assertThat(parse("tls_server_config: {}\n").tls()).isEmpty();
    }

    @Test
    void readsTheExporterToolkitExample() throws Exception {
        WebSecurityConfig c = parse("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: /abs/server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.crt
                  min_version: TLS13
                  prefer_server_cipher_suites: true
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                basic_auth_users:
                  alice: %s
                basic_auth_excluded_paths: [/-/healthy]
                rate_limit:
                  interval: 100ms
                  burst: 5
                """.formatted(ALICE));
        WebSecurityConfig.Tls tls = c.tls().orElseThrow();
        assertThat(tls.cert()).isEqualTo(new WebSecurityConfig.Pem.File(Path.of("/etc/ferry/server.crt")));
        assertThat(tls.key()).isEqualTo(new WebSecurityConfig.Pem.File(Path.of("/abs/server.key")));
        assertThat(tls.clientAuth()).isEqualTo(WebSecurityConfig.ClientAuth.RequireAndVerifyClientCert);
        assertThat(tls.protocols()).isEqualTo(Set.of("TLSv1.3"));
        assertThat(c.http2()).isFalse();
        assertThat(c.headers()).containsExactly(Map.entry("X-Frame-Options", "deny"),
                Map.entry("Strict-Transport-Security", "max-age=31536000"));
        assertThat(c.basicAuthUsers()).containsOnlyKeys("alice");
        assertThat(c.basicAuthExcludedPaths()).isEqualTo(List.of("/-/healthy"));
        assertThat(c.rateLimit()).contains(new WebSecurityConfig.RateLimit(Duration.ofMillis(100), 5));
        assertThat(c.toString()).doesNotContain(ALICE);
    }

    @Test
    void versionsDefaultToTls12AndUpAndAreChecked() throws Exception {
        WebSecurityConfig c = parse("tls_server_config: {cert: x, key: y}\n");
        assertThat(c.tls().orElseThrow().protocols()).isEqualTo(Set.of("TLSv1.2", "TLSv1.3"));
        fails("tls_server_config:\n  cert: x\n  key: y\n  min_version: TLS14\n",
                "4: tls_server_config.min_version: unknown TLS version \"TLS14\" (allowed: TLS10, TLS11, TLS12, TLS13)");
        fails("tls_server_config:\n  cert: x\n  key: y\n  min_version: TLS13\n  max_version: TLS12\n",
                "5: tls_server_config.max_version: TLS12 is below min_version TLS13");
    }

    @Test
    void tlsNeedsACertificateAndAKeyAndConsistentClientAuth() {
        fails("tls_server_config:\n  key_file: k\n", "2: tls_server_config.cert_file: missing cert_file or cert");
        fails("tls_server_config:\n  cert_file: c\n", "2: tls_server_config.key_file: missing key_file or key");
        fails("tls_server_config:\n  cert_file: c\n  cert: inline\n  key_file: k\n",
                "3: tls_server_config.cert: give only one of cert and cert_file");
        fails("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: Sometimes\n",
                "4: tls_server_config.client_auth_type: invalid client auth type \"Sometimes\" (allowed: NoClientCert, "
                        + "RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
        fails("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_ca_file: ca\n",
                "4: tls_server_config.client_ca_file: a client CA is set but client_auth_type is NoClientCert; set "
                        + "client_auth_type (RequireAndVerifyClientCert to require verified client certificates)");
        fails("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: RequireAndVerifyClientCert\n",
                "4: tls_server_config.client_auth_type: RequireAndVerifyClientCert needs client_ca_file or client_ca "
                        + "to verify client certificates against");
    }

    @Test
    void keysFerryCannotHonourAreRefusedByName() {
        fails("tls_server_config:\n  cert_file: c\n  key_file: k\n  curve_preferences: [X25519]\n",
                "4: tls_server_config.curve_preferences: is not supported by Ferry (the JDK's curves apply); remove the key");
        assertThatThrownBy(() -> parse("tls_server_config:\n  cert_file: c\n  key_file: k\n  client_allowed_sans: [a]\n"))
                .hasMessageStartingWith("/etc/ferry/web.yml:4: tls_server_config.client_allowed_sans: is not supported");
        fails("tls_server_config:\n  cert_file: c\n  key_file: k\n  cipher_suites: [TLS_NOPE]\n",
                "4: tls_server_config.cipher_suites: unknown or unsupported cipher suite \"TLS_NOPE\" (names as in "
                        + "Go's crypto/tls and IANA, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
        fails("tls_server_config:\n  cert_file: c\n  certfile: k\n",
                "3: unknown key \"certfile\" in tls_server_config (allowed: cert_file, key_file, cert, key, "
                        + "client_auth_type, client_ca_file, client_ca, client_allowed_sans, min_version, max_version, "
                        + "cipher_suites, curve_preferences, prefer_server_cipher_suites)");
        fails("basic_auth_userz: {}\n", "1: unknown key \"basic_auth_userz\" at top level (allowed: tls_server_config, "
                + "http_server_config, basic_auth_users, basic_auth_excluded_paths, rate_limit)");
    }

    @Test
    void cipherSuitesKnownToTheJdkAreAccepted() throws Exception {
        assertThat(parse("tls_server_config:\n  cert: c\n  key: k\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n")
                .tls().orElseThrow().cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void headersAreCheckedAsExporterToolkitChecksThem() {
        fails("http_server_config:\n  headers:\n    X-Powered-By: ferry\n",
                "3: unknown key \"X-Powered-By\" in http_server_config.headers (allowed: Content-Security-Policy, "
                        + "X-Frame-Options, X-Content-Type-Options, X-XSS-Protection, Strict-Transport-Security)");
        fails("http_server_config:\n  headers:\n    X-Frame-Options: allow\n",
                "3: http_server_config.headers.X-Frame-Options: must be deny or sameorigin, got \"allow\"");
        fails("http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n",
                "3: http_server_config.headers.X-Content-Type-Options: must be nosniff, got \"sniff\"");
    }

    @Test
    void basicAuthUsersNeedBcryptHashesAndThePasswordIsNotEchoed() {
        assertThatThrownBy(() -> parse("basic_auth_users:\n  alice: ok\n  bob: my-clear-password\n"))
                .hasMessageStartingWith("/etc/ferry/web.yml:2: basic_auth_users.alice: is not a bcrypt hash")
                .hasMessageNotContaining("my-clear-password");
        fails("basic_auth_users:\n  alice:\n", "2: basic_auth_users.alice must be a string, got nothing");
    }

    @Test
    void rateLimitNeedsABurstAndZeroIntervalDisablesIt() throws Exception {
        assertThat(parse("rate_limit:\n  interval: 0s\n").rateLimit()).isEmpty();
        fails("rate_limit:\n  interval: 1s\n", "2: rate_limit.burst: is required with an interval: how many requests may come at once");
        fails("rate_limit:\n  interval: 1s\n  burst: 0\n", "3: rate_limit.burst: must be at least 1, got 0");
    }
}
