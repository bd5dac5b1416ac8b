package io.ferry.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * What prometheus.yml's client settings ({@code basic_auth}, {@code authorization},
 * {@code tls_config}, {@code proxy_url}, {@code follow_redirects}) mean for one remote Ferry talks
 * to: the client to reach it with, and the {@code Authorization} header to send. Scrape jobs,
 * remote_write, http_sd and the tunnel client (its polls and its scrapes) each get an
 * {@link Http11Client} built here, so they share one set of rules:
 *
 * <ul>
 *   <li><b>Files</b> ({@code password_file}, {@code credentials_file}, {@code ca_file},
 *       {@code cert_file}, {@code key_file}) are relative to {@code baseDir}, the config file's
 *       directory, as in Prometheus.
 *   <li><b>Proxies</b> are HTTP proxies: {@code http://} or {@code https://}, on port 80 or 443 by
 *       scheme when the URL names none. The client speaks no other proxy protocol, so any other
 *       scheme ({@code socks5://}) is refused rather than bypassed. A user and password in the URL
 *       ({@code http://user:pass@proxy:3128}) go to the proxy as {@code Proxy-Authorization: Basic},
 *       as Prometheus sends them.
 *   <li><b>The client</b> speaks HTTP/1.1, follows redirects as {@code follow_redirects} says, and
 *       uses the JDK's trusted roots and protocols unless {@code tls_config} sets any.
 * </ul>
 *
 * <pre>{@code
 * HttpClientFactory http = new HttpClientFactory(job.http(), configDir);
 * Http11Client client = http.newHttp11Client(job.scrapeTimeout()); // throws ClientSettingsException: tls_config, proxy_url
 * String authorization = http.authorization();                     // per request; null: send none
 * }</pre>
 *
 * <p>{@link #newHttp11Client} reads the TLS files each time it is called;
 * {@link #authorization} reads the secret files each time, so a caller that calls it per request
 * needs no reload for a rotated secret. Immutable and thread-safe.
 */
public final class HttpClientFactory {
    private final HttpClientSettings settings;
    private final Path baseDir;

    /** @param baseDir where relative secret and TLS files are found: the config file's directory */
    public HttpClientFactory(HttpClientSettings settings, Path baseDir) {
        this.settings = settings;
        this.baseDir = baseDir;
    }

    /**
     * A new {@link Http11Client}, Ferry's one HTTP client, with its own connection
     * pool; the caller closes it.
     *
     * @throws ClientSettingsException naming {@code tls_config} (a file that cannot be read or used)
     *                                 or {@code proxy_url} (a scheme other than http or https)
     */
    public Http11Client newHttp11Client(Duration connectTimeout) throws ClientSettingsException {
        SSLContext context = tlsContext();
        SSLParameters parameters = context == null ? null : ClientTls.parameters(settings.tls());
        URI proxyUrl = settings.proxyUrl();
        return new Http11Client(connectTimeout, settings.followRedirects(), context, parameters,
                proxyUrl == null ? null : proxyAddress(proxyUrl), proxyUrl == null ? null : proxyAuthorization(proxyUrl));
    }

    /** The context {@code tls_config} asks for, or null when it sets nothing (the JDK's defaults). */
    private SSLContext tlsContext() throws ClientSettingsException {
        TlsSettings tls = settings.tls();
        if (tls == null || tls.equals(TlsSettings.DEFAULTS)) {
            return null;
        }
        try {
            return ClientTls.context(tls, baseDir);
        } catch (PemException e) {
            throw new ClientSettingsException("tls_config", e.getMessage());
        }
    }

    /**
     * {@code Proxy-Authorization} for the user and password in the proxy's URL, as Go's HTTP client
     * makes it (a user alone has an empty password); null when the URL has none.
     */
    static String proxyAuthorization(URI proxy) {
        String raw = proxy.getRawUserInfo();
        if (raw == null) {
            return null;
        }
        int colon = raw.indexOf(':'); // the first: a user's own colon is escaped, a password's need not be
        String user = decoded(colon < 0 ? raw : raw.substring(0, colon));
        String password = colon < 0 ? "" : decoded(raw.substring(colon + 1));
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A part of a URL's user information with its escapes decoded, as the URL parser decodes them. */
    private static String decoded(String rawPart) {
        return rawPart.isEmpty() ? "" : URI.create("http://" + rawPart + "@h/").getUserInfo();
    }

    /** The proxy's address, resolved at each connection (so a proxy that moves is followed). */
    static InetSocketAddress proxyAddress(URI proxy) throws ClientSettingsException {
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ClientSettingsException("proxy_url", scheme + "://" + proxy.getHost()
                    + ": only http and https proxies are supported");
        }
        if (proxy.getHost() == null) {
            throw new ClientSettingsException("proxy_url", "the URL names no host");
        }
        int port = proxy.getPort() != -1 ? proxy.getPort() : scheme.equals("https") ? 443 : 80;
        return InetSocketAddress.createUnresolved(proxy.getHost(), port);
    }

    /**
     * The {@code Authorization} header's value that {@code basic_auth} or {@code authorization}
     * asks for, with any secret file read now and trimmed of surrounding white space, as Prometheus
     * does; null when the settings ask for none.
     *
     * @throws IOException naming the key (and the file) when a secret file cannot be read, or when
     *                     the credentials hold a line break, which no header can carry
     */
    public String authorization() throws IOException {
        BasicAuth basic = settings.basicAuth();
        if (basic != null) {
            String password = basic.passwordFile() != null ? secret(basic.passwordFile(), "password_file")
                    : basic.password() == null ? "" : basic.password().reveal();
            return "Basic " + Base64.getEncoder().encodeToString((basic.username() + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        AuthorizationHeader auth = settings.authorization();
        if (auth != null) {
            String credentials = auth.credentialsFile() != null ? secret(auth.credentialsFile(), "credentials_file")
                    : auth.credentials() == null ? "" : auth.credentials().reveal();
            if (!ClientRequest.headerValue(credentials) || !ClientRequest.headerValue(auth.type())) {
                throw new IOException((auth.credentialsFile() != null ? "credentials_file " + baseDir.resolve(auth.credentialsFile())
                        : "authorization") + ": the credentials hold a line break, which a header cannot carry");
            }
            return auth.type() + " " + credentials;
        }
        return null;
    }

    private String secret(Path file, String key) throws IOException {
        Path path = baseDir.resolve(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException(key + " " + path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
