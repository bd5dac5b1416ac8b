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
                + ", proxyUrl=" + redacted(proxyUrl) + ", followRedirects=" + followRedirects + "]";
    }

    private static String redacted(URI url) {
        String userInfo = url == null ? null : url.getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon < 0) {
            return String.valueOf(url);
        }
        String s = url.toString();
        int at = s.indexOf(userInfo, s.indexOf("//") + 2); // right after "scheme://", never inside the scheme
        return s.substring(0, at) + userInfo.substring(0, colon) + ":xxxxx" + s.substring(at + userInfo.length());
    }
}
