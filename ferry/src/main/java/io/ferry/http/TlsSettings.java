package io.ferry.http;

import java.nio.file.Path;

/**
 * {@code tls_config:} of a scrape job, an http_sd config or remote_write: how Ferry checks the
 * server and which client certificate it shows. Paths are null when not set.
 *
 * @param serverName null: the URL's host
 * @param minVersion {@code TLS10}, {@code TLS11}, {@code TLS12} or {@code TLS13}; null: the JDK's default
 */
public record TlsSettings(Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify,
                              String minVersion) {

    public static final TlsSettings DEFAULTS = new TlsSettings(null, null, null, null, false, null);
}
