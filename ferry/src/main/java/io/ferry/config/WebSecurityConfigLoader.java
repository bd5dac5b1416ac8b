package io.ferry.config;

import io.ferry.model.GoDuration;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the web config file ({@code --web.config.file}) in the exporter-toolkit format.
 *
 * <pre>{@code
 * WebSecurityConfig web = WebSecurityConfigLoader.load(Path.of("web.yml"));
 * }</pre>
 *
 * <p>Every key exporter-toolkit documents is either applied or refused with the file, line and key;
 * none is silently ignored. Refused: {@code curve_preferences} and {@code client_allowed_sans} (the
 * JDK's curves apply, and client certificates are checked against the CA only). Checked here, as
 * exporter-toolkit checks them: the bcrypt hashes' form, the header names and values, the TLS
 * versions, that a client CA comes with a client auth type that uses it and the reverse. Certificate
 * and key files are named here and read when the server starts. Thread-safe (no state).
 */
public final class WebSecurityConfigLoader {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final Map<String, String> VERSIONS = Map.of(
            "TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
    private static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    /** The headers exporter-toolkit lets a web config set, and only these. */
    static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");

    private WebSecurityConfigLoader() {
    }

    /** Reads {@code file}; a {@link ConfigException} names the file, line and key. */
    public static WebSecurityConfig load(Path file) throws ConfigException {
        return parse(ConfigLoader.read(file), file.toString());
    }

    /** Parses {@code yaml}; relative paths in it are resolved against {@code fileName}'s directory. */
    public static WebSecurityConfig parse(String yaml, String fileName) throws ConfigException {
        Optional<Node> root = ConfigLoader.compose(yaml, fileName);
        if (root.isEmpty() || Tag.NULL.equals(root.get().getTag())) {
            return WebSecurityConfig.NONE;
        }
        YamlMapping m = YamlMapping.root(fileName, root.get());
        m.allowOnly("tls_server_config", "http_server_config", "basic_auth_users", "basic_auth_excluded_paths",
                "rate_limit");
        Path dir = Path.of(fileName).toAbsolutePath().getParent();
        Optional<WebSecurityConfig.Tls> tls = m.section("tls_server_config", Optional.empty(),
                (t, d) -> tls(t, dir == null ? Path.of(".") : dir));
        boolean[] http2 = {true};
        Map<String, String> headers = m.section("http_server_config", Map.of(), (h, d) -> {
            h.allowOnly("http2", "headers");
            http2[0] = h.bool("http2").orElse(true);
            return h.section("headers", Map.of(), WebSecurityConfigLoader::headers);
        });
        Map<String, String> users = m.section("basic_auth_users", Map.of(), WebSecurityConfigLoader::users);
        List<String> excluded = m.strings("basic_auth_excluded_paths");
        Optional<WebSecurityConfig.RateLimit> rate = m.section("rate_limit", Optional.empty(),
                WebSecurityConfigLoader::rateLimit);
        return new WebSecurityConfig(tls, http2[0], headers, users, excluded, rate);
    }

    private static Optional<WebSecurityConfig.Tls> tls(YamlMapping t, Path dir) throws ConfigException {
        t.allowOnly("cert_file", "key_file", "cert", "key", "client_auth_type", "client_ca_file", "client_ca",
                "client_allowed_sans", "min_version", "max_version", "cipher_suites", "curve_preferences",
                "prefer_server_cipher_suites");
        if (t.has("curve_preferences")) {
            throw t.error("curve_preferences", "is not supported by Ferry (the JDK's curves apply); remove the key");
        }
        if (t.has("client_allowed_sans")) {
            throw t.error("client_allowed_sans", "is not supported by Ferry (client certificates are verified "
                    + "against client_ca_file only); remove the key, or put a proxy that checks SANs in front");
        }
        // Accepted for files written for the Pushgateway: Go ignores it since 1.18, and the JDK's server
        // picks by its own preference order, which is what `true` asks for.
        t.bool("prefer_server_cipher_suites");

        Optional<WebSecurityConfig.Pem> cert = pem(t, "cert_file", "cert", dir);
        Optional<WebSecurityConfig.Pem> key = pem(t, "key_file", "key", dir);
        Optional<WebSecurityConfig.Pem> clientCa = pem(t, "client_ca_file", "client_ca", dir);
        WebSecurityConfig.ClientAuth clientAuth = t.string("client_auth_type", WebSecurityConfigLoader::clientAuth)
                .orElse(WebSecurityConfig.ClientAuth.NoClientCert);

        if (cert.isEmpty() && key.isEmpty() && clientCa.isEmpty() && !t.has("client_auth_type")) {
            return Optional.empty(); // as exporter-toolkit: no certificate at all means plain HTTP
        }
        if (cert.isEmpty()) {
            throw t.missing("cert_file", "missing cert_file or cert");
        }
        if (key.isEmpty()) {
            throw t.missing("key_file", "missing key_file or key");
        }
        if (clientCa.isPresent() && clientAuth == WebSecurityConfig.ClientAuth.NoClientCert) {
            throw t.error(t.has("client_ca_file") ? "client_ca_file" : "client_ca",
                    "a client CA is set but client_auth_type is NoClientCert; set client_auth_type "
                            + "(RequireAndVerifyClientCert to require verified client certificates)");
        }
        if (clientAuth.verified() && clientCa.isEmpty()) {
            throw t.error("client_auth_type", clientAuth + " needs client_ca_file or client_ca to verify "
                    + "client certificates against");
        }

        String min = t.string("min_version", WebSecurityConfigLoader::version).orElse("TLS12");
        String max = t.string("max_version", WebSecurityConfigLoader::version).orElse("TLS13");
        if (VERSION_ORDER.indexOf(min) > VERSION_ORDER.indexOf(max)) {
            throw t.error("max_version", max + " is below min_version " + min);
        }
        Set<String> protocols = new LinkedHashSet<>();
        for (String v : VERSION_ORDER.subList(VERSION_ORDER.indexOf(min), VERSION_ORDER.indexOf(max) + 1)) {
            protocols.add(VERSIONS.get(v));
        }

        List<String> suites = t.strings("cipher_suites");
        Set<String> supported = supportedCipherSuites();
        for (String s : suites) {
            if (!supported.contains(s)) {
                throw t.error("cipher_suites", "unknown or unsupported cipher suite \"" + s
                        + "\" (names as in Go's crypto/tls and IANA, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
            }
        }
        return Optional.of(new WebSecurityConfig.Tls(cert.get(), key.get(), clientAuth, clientCa, protocols,
                suites));
    }

    private static Optional<WebSecurityConfig.Pem> pem(YamlMapping t, String fileKey, String inlineKey, Path dir)
            throws ConfigException {
        Optional<String> file = t.string(fileKey);
        Optional<String> inline = t.string(inlineKey);
        if (file.isPresent() && inline.isPresent()) {
            throw t.error(inlineKey, "give only one of " + inlineKey + " and " + fileKey);
        }
        if (file.isPresent()) {
            if (file.get().isEmpty()) {
                throw t.error(fileKey, "must not be empty");
            }
            return Optional.of(new WebSecurityConfig.Pem.File(dir.resolve(file.get())));
        }
        if (inline.isPresent()) {
            if (inline.get().isBlank()) {
                throw t.error(inlineKey, "must not be empty");
            }
            return Optional.of(new WebSecurityConfig.Pem.Inline(inline.get()));
        }
        return Optional.empty();
    }

    private static WebSecurityConfig.ClientAuth clientAuth(String s) {
        try {
            return WebSecurityConfig.ClientAuth.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid client auth type \"" + s + "\" (allowed: "
                    + String.join(", ", Arrays.stream(WebSecurityConfig.ClientAuth.values()).map(Enum::name).toList())
                    + ")");
        }
    }

    private static String version(String s) {
        if (!VERSIONS.containsKey(s)) {
            throw new IllegalArgumentException("unknown TLS version \"" + s + "\" (allowed: TLS10, TLS11, TLS12, TLS13)");
        }
        return s;
    }

    private static Map<String, String> headers(YamlMapping h, Map<String, String> defaults) throws ConfigException {
        h.allowOnly(HEADERS.toArray(String[]::new));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : h.asStringMap().entrySet()) {
            String v = e.getValue();
            String lower = v.toLowerCase(Locale.ROOT);
            if (e.getKey().equals("X-Content-Type-Options") && !lower.equals("nosniff") && !v.isEmpty()) {
                throw h.error(e.getKey(), "must be nosniff, got \"" + v + "\"");
            }
            if (e.getKey().equals("X-Frame-Options") && !lower.equals("deny") && !lower.equals("sameorigin")
                    && !v.isEmpty()) {
                throw h.error(e.getKey(), "must be deny or sameorigin, got \"" + v + "\"");
            }
            if (v.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw h.error(e.getKey(), "must not contain control characters");
            }
            if (!v.isEmpty()) { // blank means unset, as in exporter-toolkit
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static Map<String, String> users(YamlMapping u, Map<String, String> defaults) throws ConfigException {
        Map<String, String> users = u.asStringMap();
        for (Map.Entry<String, String> e : users.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf(':') >= 0) {
                throw u.error(e.getKey(), "a user name must not be empty or contain ':'");
            }
            if (!BCRYPT.matcher(e.getValue()).matches()) {
                // The value is not echoed: a mistake here is often a password pasted in clear.
                throw u.error(e.getKey(), "is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost of 04 to 31, "
                        + "53 characters of salt and hash), e.g. from htpasswd -nBC 10 \"\" | tr -d ':\\n'");
            }
        }
        return users;
    }

    private static Optional<WebSecurityConfig.RateLimit> rateLimit(YamlMapping r,
                                                                   Optional<WebSecurityConfig.RateLimit> d)
            throws ConfigException {
        r.allowOnly("interval", "burst");
        Duration interval = r.string("interval", GoDuration::parse).orElse(Duration.ZERO);
        long burst = r.integer("burst").orElse(0L);
        if (interval.isNegative()) {
            throw r.error("interval", "must not be negative");
        }
        if (interval.isZero()) {
            return Optional.empty(); // 0 disables the limiter, as in exporter-toolkit
        }
        if (burst < 1 || burst > Integer.MAX_VALUE) {
            throw r.has("burst") ? r.error("burst", "must be at least 1, got " + burst)
                    : r.missing("burst", "is required with an interval: how many requests may come at once");
        }
        return Optional.of(new WebSecurityConfig.RateLimit(interval, (int) burst));
    }

    private static Set<String> supportedCipherSuites() {
        try {
            return Set.copyOf(new ArrayList<>(List.of(
                    SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
