package io.ferry.tunnel.proxy;

import java.time.Duration;

/**
 * The proxy's settings, the {@code tunnel:} section of the config file as {@code config} reads it.
 *
 * <pre>{@code
 * ProxyOptions o = ProxyOptions.DEFAULTS.withEnabled(true);
 * Duration wait = o.scrapeTimeout(request.getHeader("X-Prometheus-Scrape-Timeout-Seconds"));
 * }</pre>
 *
 * @param enabled              {@code /poll}, {@code /push}, {@code /clients} and proxy requests are served
 * @param listenAddress        a listener of the tunnel's own besides the HTTP port ({@code host:port}); empty: none
 * @param maxConnections       that listener's connection cap (long polls are idle connections)
 * @param scrapeDefaultTimeout a scrape's timeout when Prometheus sent none (PushProx {@code --scrape.default-timeout})
 * @param scrapeMaxTimeout     the longest a scrape may wait (PushProx {@code --scrape.max-timeout})
 * @param registrationTimeout  how long a client stays listed after its last poll ended
 * @param maxResponseBytes     a pushed response larger than this is refused (413)
 * @param maxQueuedScrapes     scrapes that may wait for one fqdn's poll; beyond, a scrape fails at once
 */
public record ProxyOptions(boolean enabled, String listenAddress, int maxConnections, Duration scrapeDefaultTimeout,
                           Duration scrapeMaxTimeout, Duration registrationTimeout, long maxResponseBytes,
                           int maxQueuedScrapes) {

    /** The documented defaults; the proxy is on, on the HTTP port only. */
    public static final ProxyOptions DEFAULTS = new ProxyOptions(true, "", 20_000, Duration.ofSeconds(15),
            Duration.ofMinutes(5), Duration.ofMinutes(5), 100L << 20, 64);

    public ProxyOptions {
        if (maxConnections < 1 || maxQueuedScrapes < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("tunnel limits must be positive");
        }
        if (!scrapeDefaultTimeout.isPositive() || !scrapeMaxTimeout.isPositive() || !registrationTimeout.isPositive()) {
            throw new IllegalArgumentException("tunnel timeouts must be positive");
        }
    }

    public ProxyOptions withEnabled(boolean on) {
        return new ProxyOptions(on, listenAddress, maxConnections, scrapeDefaultTimeout, scrapeMaxTimeout,
                registrationTimeout, maxResponseBytes, maxQueuedScrapes);
    }

    /**
     * How long a scrape with this {@code X-Prometheus-Scrape-Timeout-Seconds} value (null when absent)
     * waits: {@code min(value or scrape_default_timeout, scrape_max_timeout)}, as PushProx's
     * {@code GetScrapeTimeout}; a value that is not a positive number counts as absent.
     */
    public Duration scrapeTimeout(String headerSeconds) {
        Duration t = scrapeDefaultTimeout;
        if (headerSeconds != null) {
            try {
                double s = Double.parseDouble(headerSeconds.strip());
                if (s > 0 && s < 1e12) {
                    t = Duration.ofNanos(Math.round(s * 1e9));
                }
            } catch (NumberFormatException notANumber) {
                // as Go: an unparsable value means the default
            }
        }
        return t.compareTo(scrapeMaxTimeout) > 0 ? scrapeMaxTimeout : t;
    }
}
