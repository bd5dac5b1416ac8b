package io.ferry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web config file ({@code --web.config.file}), in the Prometheus exporter-toolkit format the
 * Pushgateway reads, so the same file works for both. Read by {@link WebSecurityConfigLoader}.
 *
 * @param tls              {@code tls_server_config}; empty when Ferry serves plain HTTP
 * @param http2            {@code http_server_config.http2} (default true): offer HTTP/2 over TLS
 * @param headers          {@code http_server_config.headers}: added to every response, in file order
 * @param basicAuthUsers   {@code basic_auth_users}: user to bcrypt hash; every one may do everything
 * @param basicAuthExcludedPaths {@code basic_auth_excluded_paths}: paths judged as if there were no basic-auth users
 * @param rateLimit        {@code rate_limit}; empty when requests are not limited
 */
public record WebSecurityConfig(Optional<Tls> tls, boolean http2, Map<String, String> headers,
                                Map<String, String> basicAuthUsers, List<String> basicAuthExcludedPaths,
                                Optional<RateLimit> rateLimit) {

    /** A file with nothing in it: plain HTTP, no users, no headers, no limit. */
    public static final WebSecurityConfig NONE = new WebSecurityConfig(Optional.empty(), true, Map.of(), Map.of(),
            List.of(), Optional.empty());

    public WebSecurityConfig {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        basicAuthUsers = Map.copyOf(basicAuthUsers);
        basicAuthExcludedPaths = List.copyOf(basicAuthExcludedPaths);
    }

    /** PEM text given inline in the file, or a file holding it. */
    public sealed interface Pem {
        /** A PEM file ({@code cert_file}, {@code key_file}, {@code client_ca_file}), resolved against the web config file's directory. */
        record File(Path path) implements Pem {
        }

        /** PEM text in the web config file ({@code cert}, {@code key}, {@code client_ca}); shown as {@code <inline>}. */
        record Inline(String text) implements Pem {
            @Override
            public String toString() {
                return "<inline>";
            }
        }
    }

    /** {@code client_auth_type}, as Go's {@code tls.ClientAuthType} names it. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NoClientCert(false, false),
        /** One is asked for, not required, and not verified. */
        RequestClientCert(false, false),
        /** One is required, and not verified. */
        RequireAnyClientCert(true, false),
        /** One is asked for, and verified against the client CA when given. */
        VerifyClientCertIfGiven(false, true),
        /** One is required and verified against the client CA. */
        RequireAndVerifyClientCert(true, true);

        private final boolean required;
        private final boolean verified;

        ClientAuth(boolean required, boolean verified) {
            this.required = required;
            this.verified = verified;
        }

        public boolean required() {
            return required;
        }

        public boolean verified() {
            return verified;
        }
    }

    /**
     * {@code tls_server_config}.
     *
     * @param cert         the server's certificate chain
     * @param key          its private key
     * @param clientAuth   whether and how client certificates are asked for
     * @param clientCa     the CA that verifies client certificates, if any
     * @param protocols    the TLS versions offered, {@code min_version} to {@code max_version}, as the
     *                     JDK names them ({@code TLSv1.2}, {@code TLSv1.3})
     * @param cipherSuites {@code cipher_suites} for TLS 1.2 and older, in preference order; empty for the JDK's
     */
    public record Tls(Pem cert, Pem key, ClientAuth clientAuth, Optional<Pem> clientCa, Set<String> protocols,
                      List<String> cipherSuites) {
        public Tls {
            protocols = Set.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }

    /**
     * {@code rate_limit}: one token bucket for every request, as exporter-toolkit's.
     *
     * @param interval the time to earn one request
     * @param burst    the requests that may come at once
     */
    public record RateLimit(Duration interval, int burst) {
    }

    /** Users as user names only: the hashes are not shown. */
    @Override
    public String toString() {
        return "WebSecurityConfig[tls=" + tls + ", http2=" + http2 + ", headers=" + headers.keySet()
                + ", basicAuthUsers=" + basicAuthUsers.keySet() + ", basicAuthExcludedPaths=" + basicAuthExcludedPaths
                + ", rateLimit=" + rateLimit + "]";
    }
}
