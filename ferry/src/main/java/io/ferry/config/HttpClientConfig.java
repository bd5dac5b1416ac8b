package io.ferry.config;

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
public record HttpClientConfig(BasicAuthConfig basicAuth, AuthorizationConfig authorization, TlsClientConfig tls,
                               URI proxyUrl, boolean followRedirects) {

    public static final HttpClientConfig DEFAULTS = new HttpClientConfig(null, null, TlsClientConfig.DEFAULTS, null, true);
}
