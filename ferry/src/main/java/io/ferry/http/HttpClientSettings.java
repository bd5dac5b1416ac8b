package io.ferry.http;

import java.net.URI;

/**
 * The HTTP client settings Prometheus shares between scrape jobs, http_sd and remote_write
 * ({@code common/config.HTTPClientConfig}), as far as Ferry supports them.
 *
 * @param basicAuth       null when not set; at most one of it and {@code authorization}
 * @param authorization   null when not set
 * @param proxyUrl        null: no proxy
 * @param followRedirects Prometheus' default is true
 */
public record HttpClientSettings(BasicAuth basicAuth, AuthorizationHeader authorization, TlsSettings tls,
                               URI proxyUrl, boolean followRedirects) {

    public static final HttpClientSettings DEFAULTS = new HttpClientSettings(null, null, TlsSettings.DEFAULTS, null, true);

    /** With the password in the proxy's URL hidden, as Prometheus hides it, so that no log line shows it. */
    @Override
    public String toString() {
        return "HttpClientSettings[basicAuth=" + basicAuth + ", authorization=" + authorization + ", tls=" + tls
                + ", proxyUrl=" + UrlUserInfo.redacted(proxyUrl) + ", followRedirects=" + followRedirects + "]";
    }
}
