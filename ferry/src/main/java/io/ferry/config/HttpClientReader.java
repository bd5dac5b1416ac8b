package io.ferry.config;

import io.ferry.http.AuthorizationHeader;
import io.ferry.http.BasicAuth;
import io.ferry.http.ClientSecret;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads the HTTP client keys prometheus.yml shares between scrape jobs, http_sd_configs and
 * remote_write ({@link #KEYS}), validated as Prometheus does. The caller's {@code allowOnly}
 * includes {@link #KEYS}; {@link #UNSUPPORTED} are Prometheus' other client keys, refused.
 */
final class HttpClientReader {
    static final List<String> KEYS = List.of("basic_auth", "authorization", "tls_config", "proxy_url",
            "follow_redirects", "enable_http2");
    static final Set<String> UNSUPPORTED = Set.of("oauth2", "bearer_token", "bearer_token_file", "no_proxy",
            "proxy_from_environment", "proxy_connect_header", "http_headers", "sigv4", "azuread", "google_iam");
    private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");

    private HttpClientReader() {
    }

    /** The client settings of {@code m}; {@code enable_http2} is accepted and ignored (the transport is Ferry's choice). */
    static HttpClientSettings read(YamlMapping m) throws ConfigException {
        Unsupported.refuse(m, UNSUPPORTED, "use basic_auth or authorization; proxies by proxy_url");
        m.bool("enable_http2");
        BasicAuth basic = m.section("basic_auth", null, (s, d) -> basicAuth(s));
        AuthorizationHeader authorization = m.section("authorization", null, (s, d) -> authorization(s));
        if (basic != null && authorization != null) {
            throw m.error("authorization", "at most one of basic_auth and authorization may be set");
        }
        TlsSettings tls = m.section("tls_config", TlsSettings.DEFAULTS, (s, d) -> tls(s));
        URI proxy = m.string("proxy_url", HttpClientReader::proxyUrl).orElse(null);
        boolean follow = m.bool("follow_redirects").orElse(true);
        return new HttpClientSettings(basic, authorization, tls, proxy, follow);
    }

    private static BasicAuth basicAuth(YamlMapping s) throws ConfigException {
        Unsupported.refuse(s, Set.of("username_file", "username_ref", "password_ref"), "use username");
        s.allowOnly("username", "password", "password_file");
        if (s.has("password") && s.has("password_file")) {
            throw s.error("password_file", "at most one of password and password_file may be set");
        }
        return new BasicAuth(s.string("username").orElse(""),
                s.string("password").map(ClientSecret::of).orElse(null),
                s.string("password_file", Path::of).orElse(null));
    }

    private static AuthorizationHeader authorization(YamlMapping s) throws ConfigException {
        Unsupported.refuse(s, Set.of("credentials_ref"), "use credentials or credentials_file");
        s.allowOnly("type", "credentials", "credentials_file");
        String type = s.string("type").orElse("Bearer");
        if (type.equalsIgnoreCase("basic")) {
            throw s.error("type", "cannot be \"" + type + "\": use basic_auth instead");
        }
        if (type.isBlank() || type.chars().anyMatch(Character::isWhitespace)) {
            throw s.error("type", "\"" + type + "\" is not a valid authorization scheme");
        }
        if (s.has("credentials") && s.has("credentials_file")) {
            throw s.error("credentials_file", "at most one of credentials and credentials_file may be set");
        }
        return new AuthorizationHeader(type, s.string("credentials").map(ClientSecret::of).orElse(null),
                s.string("credentials_file", Path::of).orElse(null));
    }

    /** {@code tls_config:}, as scrape jobs, http_sd, remote_write and the tunnel client read it. */
    static TlsSettings tls(YamlMapping s) throws ConfigException {
        Unsupported.refuse(s, Set.of("ca", "cert", "key", "max_version", "ca_ref", "cert_ref", "key_ref"),
                "use ca_file, cert_file, key_file, min_version");
        s.allowOnly("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version");
        if (s.has("cert_file") != s.has("key_file")) {
            String present = s.has("cert_file") ? "cert_file" : "key_file";
            throw s.error(present, "cert_file and key_file must be set together");
        }
        String min = s.string("min_version").orElse(null);
        if (min != null && !TLS_VERSIONS.contains(min)) {
            throw s.error("min_version", "unknown TLS version \"" + min + "\" (one of TLS10, TLS11, TLS12, TLS13)");
        }
        return new TlsSettings(s.string("ca_file", Path::of).orElse(null), s.string("cert_file", Path::of).orElse(null),
                s.string("key_file", Path::of).orElse(null), s.string("server_name").orElse(null),
                s.bool("insecure_skip_verify").orElse(false), min);
    }

    /** An HTTP proxy's URL: Ferry's client speaks no other proxy protocol, so socks5 is refused here. */
    private static URI proxyUrl(String s) {
        if (s.startsWith("socks5://")) {
            throw new IllegalArgumentException("\"" + s + "\": socks5 proxies are not supported, only http:// and https://");
        }
        return httpUrl(s);
    }

    /** An absolute URL with a host, {@code http} or {@code https}. Throws {@link IllegalArgumentException} naming the problem. */
    static URI httpUrl(String s) {
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a valid URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("\"" + s + "\" must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("\"" + s + "\" has no host");
        }
        return u;
    }
}
