package io.ferry.tunnel.internal;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeBody;
import io.ferry.scrape.ScrapeSource;
import io.ferry.scrape.ScrapeTarget;
import io.ferry.telemetry.Counter;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.proxy.TunnelClient;
import io.ferry.tunnel.proxy.TunnelProxy;
import io.ferry.tunnel.proxy.TunnelScrapeException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes one target through the tunnel proxy in-process: the request Prometheus would send through
 * {@code proxy_url} goes to {@link TunnelProxy#scrape}, and the response the client pushed is read
 * by {@link ScrapeBody}. Every failure becomes a {@link ScrapeException} that says what happened in
 * the tunnel (no client registered, the client stopped polling, it did not answer in time, the
 * target's own error), for the targets page and {@code up}.
 *
 * <p>Used by one scrape loop at a time; not thread-safe.
 */
public final class TunnelScraper implements ScrapeSource {
    /** The most of a failed response's body shown in the error: enough for the client's own message. */
    private static final int DETAIL_CHARS = 300;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TunnelProxy proxy;
    private final ScrapeRequest request;
    private final String fqdn;
    private final ScrapeBody reader;
    private final ScrapeBody.Credentials credentials;

    /**
     * @param bodyLimit    body bytes allowed, received and decompressed, 0 for no limit
     * @param bodyTooLarge counts scrapes that failed for a body over {@code bodyLimit}
     */
    public TunnelScraper(TunnelProxy proxy, ScrapeTarget target, String userAgent, long bodyLimit, int maxLabels,
                         ScrapeBody.Credentials credentials, Counter.Child bodyTooLarge) {
        this.proxy = proxy;
        this.reader = new ScrapeBody(target.timeout(), bodyLimit, maxLabels, bodyTooLarge);
        this.credentials = credentials;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        ScrapeBody.requestHeaders(userAgent, target.timeout()).forEach((n, v) -> headers.add(Map.entry(n, v)));
        this.request = new ScrapeRequest("GET", proxyUrl(target.url()), HeaderFields.of(headers));
        this.fqdn = request.hostname();
    }

    /**
     * The URL the proxy is asked for: plain {@code http}, as PushProx' clients expect, with
     * {@code _scheme=https} when the target is to be scraped over TLS (the client then does).
     */
    static URI proxyUrl(URI url) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return url;
        }
        String query = url.getRawQuery() == null ? "_scheme=https" : url.getRawQuery() + "&_scheme=https";
        try {
            return new URI("http://" + url.getRawAuthority() + url.getRawPath() + "?" + query);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e); // made of a valid URI's own parts
        }
    }

    @Override
    public ExpositionFormat lastFormat() {
        return reader.lastFormat();
    }

    @Override
    public List<MetricFamily> scrape(long deadlineNanos) throws ScrapeException {
        ScrapeRequest r = request;
        String auth = ScrapeBody.authorization(credentials);
        if (auth != null) {
            r = r.withHeader("Authorization", auth);
        }
        CompletableFuture<RelayedResponse> call = proxy.scrape(r,
                Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
        RelayedResponse response;
        try {
            // The proxy's own timeout fails the call first, with its words; the grace only bounds the wait.
            response = reader.await(call, deadlineNanos, GRACE_NANOS);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
        if (response.status() != 200) {
            throw ScrapeBody.badStatus(response.status(), detail(response.body()));
        }
        byte[] body = response.body();
        return reader.read(response.header("Content-Type").orElse(null), response.header("Content-Encoding").orElse(null),
                body, body.length, deadlineNanos);
    }

    /** What the tunnel's failure means for this target, with the proxy's own words. */
    private ScrapeException failed(Throwable cause) {
        if (!(cause instanceof TunnelScrapeException t)) {
            return new ScrapeException("tunnel: " + cause, cause);
        }
        if (t.reason() != TunnelScrapeException.Reason.TIMEOUT) {
            return new ScrapeException("tunnel: " + t.getMessage(), t);
        }
        TunnelClient client = proxy.client(fqdn).orElse(null);
        String why;
        if (client == null) {
            why = "no tunnel client is registered as \"" + fqdn + "\"";
        } else if (!client.connected()) {
            why = "the tunnel client \"" + fqdn + "\" stopped polling (its last poll: " + client.lastPoll() + ")";
        } else {
            why = "the tunnel client \"" + fqdn + "\" did not answer in time";
        }
        return new ScrapeException(why + ": " + t.getMessage(), t);
    }

    /** The first line of a failed response's body, when it is short text: the client's or target's reason. */
    private static String detail(byte[] body) {
        int end = 0;
        while (end < body.length && end < DETAIL_CHARS && body[end] != '\n' && body[end] != '\r') {
            if (body[end] < 0x20 && body[end] != '\t') {
                return ""; // not text
            }
            end++;
        }
        return new String(body, 0, end, StandardCharsets.UTF_8).strip();
    }
}
