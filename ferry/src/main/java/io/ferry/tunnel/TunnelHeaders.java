package io.ferry.tunnel;

/**
 * The names of every header the tunnel reads or writes, PushProx's and Ferry's own. Header names
 * compare case-insensitively on the wire; these are the spellings Ferry writes.
 *
 * <pre>{@code
 * String id = request.header(TunnelHeaders.ID).orElseThrow();
 * }</pre>
 */
public final class TunnelHeaders {
    private TunnelHeaders() {
    }

    /**
     * PushProx's scrape correlation: the proxy adds it (a UUIDv4) to each scrape request it hands to
     * a client, the client copies it into the response it pushes; the proxy removes it before the
     * response reaches Prometheus.
     */
    public static final String ID = "Id";

    /**
     * Set by Prometheus on every scrape: the scrape's timeout in seconds (a decimal). The proxy
     * waits {@code min(this or scrape_default_timeout, scrape_max_timeout)}; the client scrapes with
     * it. Removed from a pushed response, as PushProx does.
     */
    public static final String SCRAPE_TIMEOUT_SECONDS = "X-Prometheus-Scrape-Timeout-Seconds";

    /**
     * What PushProx's client sets on a pushed response: the seconds left, {@code %f}, without the
     * {@code -Seconds} suffix. PushProx's proxy does not read or remove it; neither does Ferry's.
     */
    public static final String PUSHED_SCRAPE_TIMEOUT = "X-Prometheus-Scrape-Timeout";

    /**
     * Ferry, client to proxy on {@code /poll}: answer {@code 204 No Content} after this many
     * seconds without a scrape, so that a poll never sits idle longer than a load balancer allows.
     * Absent: the poll is held until a scrape or a newer poll, as PushProx does.
     */
    public static final String POLL_RENEW_SECONDS = "X-Ferry-Poll-Renew-Seconds";

    /** Ferry, client to proxy on {@code /poll}: a JSON object of labels shown in {@code /clients} and tunnel_sd. */
    public static final String CLIENT_LABELS = "X-Ferry-Client-Labels";

    /**
     * Ferry, client to proxy on {@code /poll}: the client's allow-list as {@code port/path} entries
     * separated by commas ({@code 9100/metrics, 9256/probe}); an empty path means any path.
     */
    public static final String CLIENT_TARGETS = "X-Ferry-Client-Targets";

    /**
     * Prometheus to proxy: credentials for a scrape through the proxy (from {@code proxy_url}'s
     * user info). The proxy checks it and removes it before the request reaches the client.
     */
    public static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
}
