package io.ferry.tunnel.client;

import io.ferry.http.TlsSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a tunnel client does: {@code ferry tunnel-client}'s flags, or {@code tunnel_client:} of the
 * config file for the client {@code ferry serve} runs.
 *
 * <pre>{@code
 * TunnelClientOptions o = TunnelClientOptions.of(URI.create("https://central:9091/"), List.of("site-a-gw"),
 *         new AllowList(List.of(TunnelTarget.parse("http://localhost:9091/metrics")), false));
 * }</pre>
 *
 * @param proxyUrl             the proxy; {@code poll} and {@code push} are resolved against it, which ends in one {@code /}
 * @param fqdns                one or more, each polled by its own loop
 * @param tokenFile            null: no token; else read at each poll and push (a rotated file needs no restart)
 * @param tls                  to reach the proxy (CA, client certificate, server name); its CA and
 *                             certificate serve https targets too, its server name does not
 * @param pollRenew            sent as {@code X-Ferry-Poll-Renew-Seconds}; ZERO sends none (a PushProx
 *                             proxy holds a poll until a scrape)
 * @param retryInitialWait     the first wait after a failed poll ({@code --proxy.retry.initial-wait})
 * @param retryMaxWait         the longest wait before jitter ({@code --proxy.retry.max-wait})
 * @param maxConcurrentScrapes scrapes at once beyond one per fqdn (a waiting poll holds a slot); beyond, polling waits for one to end
 * @param maxResponseBytes     largest target body relayed; a larger one is pushed as a failed scrape
 */
public record TunnelClientOptions(URI proxyUrl, List<String> fqdns, AllowList allowList, ClientLabels labels,
                                  Path tokenFile, TlsSettings tls, Duration pollRenew, Duration retryInitialWait,
                                  Duration retryMaxWait, int maxConcurrentScrapes, long maxResponseBytes) {
    public static final Duration DEFAULT_POLL_RENEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_INITIAL_WAIT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX_WAIT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONCURRENT_SCRAPES = 64;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 100L << 20;

    /** @throws IllegalArgumentException naming the option that is wrong */
    public TunnelClientOptions {
        String scheme = proxyUrl.getScheme() == null ? "" : proxyUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || proxyUrl.getHost() == null) {
            throw new IllegalArgumentException("proxy URL " + proxyUrl + ": must be http:// or https:// with a host");
        }
        proxyUrl = withOneSlash(proxyUrl);
        if (fqdns.isEmpty()) {
            throw new IllegalArgumentException("fqdn: at least one is needed");
        }
        for (String f : fqdns) {
            if (f.isBlank() || !f.equals(f.strip()) || f.contains("/") || f.contains(":")) {
                throw new IllegalArgumentException("fqdn \"" + f + "\": must be a host name (no spaces, '/' or ':')");
            }
        }
        if (fqdns.stream().map(f -> f.toLowerCase(Locale.ROOT)).distinct().count() != fqdns.size()) {
            throw new IllegalArgumentException("fqdn: " + fqdns + " names one more than once");
        }
        fqdns = List.copyOf(fqdns);
        for (String f : fqdns) {
            if (!allowList.allowAnyPort() && allowList.targetsOf(f).isEmpty()) {
                throw new IllegalArgumentException("fqdn " + f + ": no target serves it (give a --target for it, "
                        + "or --allow-any-port)");
            }
        }
        requireNonNegative("poll renew", pollRenew);
        requirePositive("retry initial wait", retryInitialWait);
        requirePositive("retry max wait", retryMaxWait);
        if (retryMaxWait.compareTo(retryInitialWait) < 0) {
            throw new IllegalArgumentException("retry max wait " + retryMaxWait + " is below the initial wait "
                    + retryInitialWait);
        }
        if (maxConcurrentScrapes < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("max concurrent scrapes and max response bytes must be positive");
        }
    }

    /** A client with the defaults for everything but what it needs. */
    public static TunnelClientOptions of(URI proxyUrl, List<String> fqdns, AllowList allowList) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, ClientLabels.NONE, null, TlsSettings.DEFAULTS,
                DEFAULT_POLL_RENEW, DEFAULT_RETRY_INITIAL_WAIT, DEFAULT_RETRY_MAX_WAIT, DEFAULT_MAX_CONCURRENT_SCRAPES,
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    public TunnelClientOptions withPollRenew(Duration d) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, labels, tokenFile, tls, d, retryInitialWait,
                retryMaxWait, maxConcurrentScrapes, maxResponseBytes);
    }

    public TunnelClientOptions withRetry(Duration initial, Duration max) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, labels, tokenFile, tls, pollRenew, initial, max,
                maxConcurrentScrapes, maxResponseBytes);
    }

    public TunnelClientOptions withTokenFile(Path f) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, labels, f, tls, pollRenew, retryInitialWait,
                retryMaxWait, maxConcurrentScrapes, maxResponseBytes);
    }

    public TunnelClientOptions withTls(TlsSettings t) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, labels, tokenFile, t, pollRenew, retryInitialWait,
                retryMaxWait, maxConcurrentScrapes, maxResponseBytes);
    }

    public TunnelClientOptions withLabels(ClientLabels l) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, l, tokenFile, tls, pollRenew, retryInitialWait,
                retryMaxWait, maxConcurrentScrapes, maxResponseBytes);
    }

    public TunnelClientOptions withLimits(int concurrentScrapes, long responseBytes) {
        return new TunnelClientOptions(proxyUrl, fqdns, allowList, labels, tokenFile, tls, pollRenew, retryInitialWait,
                retryMaxWait, concurrentScrapes, responseBytes);
    }

    /** PushProx's normalisation: the URL ends in exactly one {@code /}. */
    private static URI withOneSlash(URI u) {
        String s = u.toString();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(s.substring(0, end) + "/");
    }

    private static void requireNonNegative(String what, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
