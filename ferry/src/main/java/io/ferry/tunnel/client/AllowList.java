package io.ferry.tunnel.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What a tunnel client may scrape, and where a scrape that the proxy hands it really goes. A
 * scrape for {@code http://<fqdn>:<port><path>} is served by the first target (in the order given)
 * that serves the fqdn, has that port, and has that path or none; it goes to that target's scheme,
 * host and port with the request's path and query, less {@code _scheme}. Without targets and with
 * {@code allowAnyPort}, PushProx's rule: any port on the fqdn itself, over https when the query
 * has {@code _scheme=https}. Everything else is refused, with the reason.
 *
 * <pre>{@code
 * AllowList allow = new AllowList(List.of(TunnelTarget.parse("http://localhost:9100/metrics")), false);
 * switch (allow.resolve("gw", URI.create("http://gw:9100/metrics"))) {
 *     case AllowList.Allowed a -> scrape(a.url());          // http://localhost:9100/metrics
 *     case AllowList.Refused r -> refuse(r.reason());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AllowList {
    private static final String SCHEME_PARAM = "_scheme";

    private final List<TunnelTarget> targets;
    private final boolean allowAnyPort;

    /** @throws IllegalArgumentException when two targets for the same fqdns have the same port and path */
    public AllowList(List<TunnelTarget> targets, boolean allowAnyPort) {
        Set<String> seen = new HashSet<>();
        for (TunnelTarget t : targets) {
            String key = (t.fqdn() == null ? "" : t.fqdn().toLowerCase(Locale.ROOT)) + " " + t.port() + " " + t.path();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("target " + t + ": another target has the same port and path"
                        + (t.fqdn() == null ? "" : " for " + t.fqdn()));
            }
        }
        this.targets = List.copyOf(targets);
        this.allowAnyPort = allowAnyPort;
    }

    /** Where a scrape goes, or why it may not. */
    public sealed interface Decision {
    }

    /** @param url the target's URL to scrape */
    public record Allowed(URI url) implements Decision {
    }

    /** @param reason says what was asked and what is allowed, for the 403 body */
    public record Refused(String reason) implements Decision {
    }

    /** The decision for a scrape of {@code requested} that came in on {@code fqdn}'s poll. */
    public Decision resolve(String fqdn, URI requested) {
        String host = requested.getHost();
        if (host == null || !host.equalsIgnoreCase(fqdn)) {
            return new Refused("target not allowed: " + requested + " names host " + host + ", not this client's fqdn "
                    + fqdn);
        }
        int port = requested.getPort() != -1 ? requested.getPort() : TunnelTarget.defaultPort(requested.getScheme());
        String path = requested.getRawPath() == null || requested.getRawPath().isEmpty() ? "/" : requested.getRawPath();
        String query = withoutScheme(requested.getRawQuery());
        for (TunnelTarget t : targets) {
            if (t.serves(fqdn) && t.port() == port && (t.path() == null || t.path().equals(path))) {
                URI u = t.url();
                return new Allowed(uri(u.getScheme(), u.getRawAuthority(), path, query));
            }
        }
        if (allowAnyPort) {
            String scheme = wantsHttps(requested.getRawQuery()) ? "https" : "http";
            return new Allowed(uri(scheme, requested.getRawAuthority(), path, query));
        }
        return new Refused("target not allowed: " + fqdn + ":" + port + path + " is not in this client's targets ("
                + declared(fqdn) + ")");
    }

    /**
     * The targets of {@code fqdn} as {@code X-Ferry-Client-Targets} lists them ({@code 9100/metrics,
     * 9187}: port and path, or the port alone when any path is served); null when the client serves
     * any port ({@code allowAnyPort}), as PushProx's client does, so the proxy lists the fqdn as PushProx does.
     */
    public String declared(String fqdn) {
        if (allowAnyPort) {
            return null;
        }
        StringJoiner j = new StringJoiner(", ");
        for (TunnelTarget t : targets) {
            if (t.serves(fqdn)) {
                j.add(t.port() + (t.path() == null ? "" : t.path()));
            }
        }
        return j.toString();
    }

    /** The targets that serve {@code fqdn}. */
    public List<TunnelTarget> targetsOf(String fqdn) {
        List<TunnelTarget> out = new ArrayList<>();
        for (TunnelTarget t : targets) {
            if (t.serves(fqdn)) {
                out.add(t);
            }
        }
        return out;
    }

    public boolean allowAnyPort() {
        return allowAnyPort;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowList a && a.targets.equals(targets) && a.allowAnyPort == allowAnyPort;
    }

    @Override
    public int hashCode() {
        return targets.hashCode() * 31 + Boolean.hashCode(allowAnyPort);
    }

    @Override
    public String toString() {
        return (allowAnyPort ? "any port, " : "") + targets;
    }

    private static URI uri(String scheme, String authority, String path, String query) {
        try {
            return new URI(scheme + "://" + authority + path + (query == null ? "" : "?" + query));
        } catch (URISyntaxException e) {
            // Every part came out of a valid URI.
            throw new IllegalStateException(e);
        }
    }

    /** The raw query without its {@code _scheme} parameters; null when nothing is left. */
    static String withoutScheme(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String param : rawQuery.split("&", -1)) {
            if (!name(param).equals(SCHEME_PARAM)) {
                kept.add(param);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    private static boolean wantsHttps(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String param : rawQuery.split("&")) {
            if (name(param).equals(SCHEME_PARAM) && param.substring(param.indexOf('=') + 1).equalsIgnoreCase("https")) {
                return true;
            }
        }
        return false;
    }

    private static String name(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param : param.substring(0, eq);
    }
}
