package io.ferry.server.auth;

import io.ferry.config.AuthConfig;
import io.ferry.config.ConfigException;
import io.ferry.config.WebSecurityConfig;
import io.ferry.config.WebSecurityConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the HTTP server does for security, built once at start from {@link AuthConfig} and the
 * web config file it names: the {@link AuthGate} routes put before their handlers, TLS on the server
 * options, and the web config's rate limit and response headers ahead of every route.
 *
 * <pre>{@code
 * WebSecurity security = WebSecurity.load(config.auth());
 * security.applyTo(httpServerOptions);
 * security.installFirst(router);
 * }</pre>
 *
 * <p>The web config file and the PEM files it names are read here, once: a change takes a restart
 * (docs/security.md). Thread-safe.
 */
public final class WebSecurity {
    /** Nothing configured: plain HTTP, no headers, no limit, every request allowed. */
    public static final WebSecurity OPEN = new WebSecurity(WebSecurityConfig.NONE, AuthGate.open(), null, null,
            null);

    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private final WebSecurityConfig web;
    private final AuthGate gate;
    private final Buffer cert;
    private final Buffer key;
    private final Buffer clientCa;

    private WebSecurity(WebSecurityConfig web, AuthGate gate, Buffer cert, Buffer key, Buffer clientCa) {
        this.web = web;
        this.gate = gate;
        this.cert = cert;
        this.key = key;
        this.clientCa = clientCa;
    }

    /**
     * Reads the web config file {@code auth} names, if any, and the PEM files it names: what
     * {@code ferry serve} and {@code ferry check config} both do, with the same messages. The
     * {@link IOException} names the file, line and key ({@code invalid web config file: web.yml:3:
     * ...}), or the PEM file that cannot be read.
     */
    public static WebSecurity load(AuthConfig auth) throws IOException {
        WebSecurityConfig web;
        try {
            web = auth.webConfigFile().isPresent()
                    ? WebSecurityConfigLoader.load(auth.webConfigFile().get()) : WebSecurityConfig.NONE;
        } catch (ConfigException e) {
            throw new IOException("invalid web config file: " + e.getMessage(), e);
        }
        return of(auth, web);
    }

    /** As {@link #load}, with the web config already read. */
    public static WebSecurity of(AuthConfig auth, WebSecurityConfig web) throws IOException {
        AuthGate gate = AuthGate.of(auth, web);
        if (web.tls().isEmpty()) {
            return new WebSecurity(web, gate, null, null, null);
        }
        WebSecurityConfig.Tls tls = web.tls().get();
        WebSecurity security = new WebSecurity(web, gate, pem(tls.cert(), "cert_file"), pem(tls.key(), "key_file"),
                tls.clientCa().isPresent() ? pem(tls.clientCa().get(), "client_ca_file") : null);
        security.checkPems(tls);
        return security;
    }

    /**
     * Loads the certificate, key and client CA as the server will when it listens, so that one that
     * cannot be used stops {@code serve} with the file's name, and {@code check config} finds it.
     */
    private void checkPems(WebSecurityConfig.Tls tls) throws IOException {
        // Vert.x reads PEM values (not paths) without its instance; one is made for its API's sake.
        Vertx vertx = Vertx.vertx();
        try {
            try {
                new PemKeyCertOptions().setCertValue(cert).setKeyValue(key).getKeyManagerFactory(vertx);
            } catch (Exception e) {
                throw new IOException("tls_server_config: the certificate " + where(tls.cert()) + " and key "
                        + where(tls.key()) + " cannot be used: " + e.getMessage(), e);
            }
            if (clientCa != null) {
                try {
                    new PemTrustOptions().addCertValue(clientCa).getTrustManagerFactory(vertx);
                } catch (Exception e) {
                    throw new IOException("tls_server_config: the client CA " + where(tls.clientCa().orElseThrow())
                            + " cannot be used: " + e.getMessage(), e);
                }
            }
        } finally {
            vertx.close();
        }
    }

    /** A PEM's file, or {@code <inline>}, for messages. */
    private static String where(WebSecurityConfig.Pem pem) {
        return pem instanceof WebSecurityConfig.Pem.File file ? file.path().toString() : pem.toString();
    }

    private static Buffer pem(WebSecurityConfig.Pem pem, String key) throws IOException {
        return switch (pem) {
            case WebSecurityConfig.Pem.Inline inline -> Buffer.buffer(inline.text());
            case WebSecurityConfig.Pem.File file -> {
                try {
                    yield Buffer.buffer(Files.readAllBytes(file.path()));
                } catch (IOException e) {
                    throw new IOException("tls_server_config." + key + ": cannot read " + file.path() + ": "
                            + e.getClass().getSimpleName(), e);
                }
            }
        };
    }

    public AuthGate gate() {
        return gate;
    }

    /** Whether the server speaks TLS. */
    public boolean tls() {
        return cert != null;
    }

    /** The response headers of the web config file, added to every answer. */
    public Map<String, String> headers() {
        return web.headers();
    }

    /** Sets TLS (certificate, client authentication, versions, cipher suites) and HTTP/2 on {@code options}. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        if (cert == null) {
            return options;
        }
        WebSecurityConfig.Tls tls = web.tls().orElseThrow();
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(cert).setKeyValue(key))
                .setEnabledSecureTransportProtocols(tls.protocols())
                .setUseAlpn(web.http2())
                .setAlpnVersions(web.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
                        : List.of(HttpVersion.HTTP_1_1));
        options.setClientAuth(switch (tls.clientAuth()) {
            case NoClientCert -> ClientAuth.NONE;
            case RequestClientCert, VerifyClientCertIfGiven -> ClientAuth.REQUEST;
            case RequireAnyClientCert, RequireAndVerifyClientCert -> ClientAuth.REQUIRED;
        });
        if (tls.clientAuth().verified()) {
            options.setTrustOptions(new PemTrustOptions().addCertValue(clientCa));
        } else if (tls.clientAuth() != io.ferry.config.WebSecurityConfig.ClientAuth.NoClientCert) {
            // RequestClientCert and RequireAnyClientCert take any certificate unverified, as Go does.
            options.setTrustOptions(TrustOptions.wrap(AcceptAnyClientCertificate.factory()));
        }
        if (!tls.cipherSuites().isEmpty()) {
            // cipher_suites is for TLS 1.2 and older, as in Go; TLS 1.3's suites stay enabled.
            tls.cipherSuites().forEach(options::addEnabledCipherSuite);
            TLS13_SUITES.forEach(options::addEnabledCipherSuite);
        }
        return options;
    }

    /**
     * Puts the rate limit (429 {@code Too Many Requests} beyond it) and the response headers ahead of
     * every route of {@code router}; does nothing when the web config has neither.
     */
    public void installFirst(Router router) {
        Optional<WebSecurityConfig.RateLimit> rate = web.rateLimit();
        if (rate.isPresent()) {
            // One request earned back every interval, as exporter-toolkit's rate_limit.
            TokenBucket bucket = new TokenBucket(1e9 / rate.get().interval().toNanos(), rate.get().burst(),
                    System.nanoTime());
            router.route().handler(ctx -> {
                if (bucket.take(System.nanoTime()) == 0) {
                    ctx.next();
                } else {
                    ctx.response().setStatusCode(429).putHeader("Content-Type", "text/plain; charset=utf-8")
                            .end("Too Many Requests\n");
                }
            });
        }
        Map<String, String> headers = web.headers();
        if (!headers.isEmpty()) {
            router.route().handler(ctx -> {
                headers.forEach(ctx.response()::putHeader);
                ctx.next();
            });
        }
    }

    /** Trusts any client certificate: for the client auth types that ask for one without verifying it. */
    private static final class AcceptAnyClientCertificate implements X509TrustManager {
        /**
         * As a factory: Vert.x's own wrapper of a bare trust manager needs SLF4J, which Ferry does
         * not ship.
         */
        static TrustManagerFactory factory() {
            TrustManager[] managers = {new AcceptAnyClientCertificate()};
            TrustManagerFactorySpi spi = new TrustManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks) {
                }

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {
                }

                @Override
                protected TrustManager[] engineGetTrustManagers() {
                    return managers.clone();
                }
            };
            return new TrustManagerFactory(spi, new Provider("ferry", "1", "trusts any client certificate") {
            }, "ferry-any-client-certificate") {
            };
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a server's trust manager checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
