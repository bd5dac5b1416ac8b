package io.ferry.tunnel.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One entry of a tunnel client's allow-list ({@code --target [FQDN=]URL}): scrapes of
 * {@code http://<fqdn>:<port><path>} whose port is this URL's port (and whose path is its path,
 * when it has one other than {@code /}) go to this URL's scheme, host and port.
 *
 * <pre>{@code
 * TunnelTarget.parse("http://localhost:9100/metrics");            // every fqdn of the client, port 9100, path /metrics
 * TunnelTarget.parse("site-a-db=http://10.0.0.5:9187/metrics");   // only for fqdn site-a-db
 * }</pre>
 *
 * @param fqdn null: the target serves every fqdn of the client
 * @param url  http or https, with a host; its port is the scheme's default when it names none
 */
public record TunnelTarget(String fqdn, URI url) {

    public TunnelTarget {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("target " + url + ": the scheme must be http or https");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("target " + url + ": the URL names no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("target " + url + ": only scheme, host, port and path are allowed");
        }
        if (fqdn != null && fqdn.isEmpty()) {
            throw new IllegalArgumentException("target " + url + ": the fqdn before '=' is empty");
        }
    }

    /** Reads {@code [FQDN=]URL}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static TunnelTarget parse(String spec) {
        int eq = spec.indexOf('=');
        int scheme = spec.indexOf("://");
        // An '=' after "://" belongs to the URL (none is allowed there, which the check below says).
        boolean named = eq >= 0 && (scheme < 0 || eq < scheme);
        String url = named ? spec.substring(eq + 1) : spec;
        try {
            return new TunnelTarget(named ? spec.substring(0, eq) : null, new URI(url));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target " + spec + ": " + e.getMessage());
        }
    }

    /** The port scrapes name to reach this target: the URL's, or 80 or 443 by its scheme. */
    public int port() {
        return url.getPort() != -1 ? url.getPort() : defaultPort(url.getScheme());
    }

    /** The only path served, or null when any path is. */
    public String path() {
        String p = url.getRawPath();
        return p == null || p.isEmpty() || p.equals("/") ? null : p;
    }

    /** Whether this target serves {@code name}. */
    boolean serves(String name) {
        return fqdn == null || fqdn.equalsIgnoreCase(name);
    }

    static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    @Override
    public String toString() {
        return (fqdn == null ? "" : fqdn + "=") + url;
    }
}
