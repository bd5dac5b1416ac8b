package io.ferry.cli.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of a Pushgateway or Ferry, as given to {@code --gateway}: {@code http} or
 * {@code https}, a host, an optional port and an optional path prefix (the server's route prefix).
 * Credentials, a query and a fragment are refused: credentials belong in {@code --user} or
 * {@code --token}, where they are never printed.
 *
 * <pre>{@code
 * GatewayUrl g = GatewayUrl.parse("https://push.example.org/pg/");
 * g.groupUri(GroupingPath.of("backup", Map.of()));   // https://push.example.org/pg/metrics/job/backup
 * }</pre>
 */
public final class GatewayUrl {
    private final String base;
    private final boolean https;

    private GatewayUrl(String base, boolean https) {
        this.base = base;
        this.https = https;
    }

    /** @throws IllegalArgumentException naming what is wrong with the URL */
    public static GatewayUrl parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String scheme = lower.startsWith("https://") ? "https" : lower.startsWith("http://") ? "http" : null;
        if (scheme == null) {
            // Before parsing: "127.0.0.1:9091" is not even a URI, and the parser's words would not say why.
            throw new IllegalArgumentException("the gateway URL must start with http:// or https://, e.g. http://localhost:9091");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The reason and position only: the input may hold credentials, which are never printed.
            throw new IllegalArgumentException("not a URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the gateway URL must not hold credentials; use --user or --token");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the gateway URL has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the gateway URL must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getRawAuthority();
        return new GatewayUrl(scheme + "://" + authority + path, scheme.equals("https"));
    }

    /** {@code <base>/metrics<grouping path>}: the URL to PUT, POST or DELETE a group at. */
    public URI groupUri(GroupingPath group) {
        return URI.create(base + "/metrics" + group.path());
    }

    public boolean isHttps() {
        return https;
    }

    /** The base URL, without a trailing slash; safe to print (it holds no credentials). */
    @Override
    public String toString() {
        return base;
    }
}
