package io.ferry.tunnel.client;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One scrape handed over by a poll, from the request to the push: the scrape's deadline from
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, the allow-list's decision, the scrape, and the push
 * of what came of it, as PushProx's client does: the target's answer, or a synthetic 403 (refused by
 * the allow-list) or 500 ({@code failed to scrape <url>: <err>}, or a request without a usable
 * timeout), with {@code Id} and {@code X-Prometheus-Scrape-Timeout} (the seconds left, {@code %f})
 * set. The push must end by the scrape's deadline: after it, nobody waits for the answer.
 *
 * <pre>{@code
 * relay.run("gw", request, System.nanoTime());   // on its own virtual thread
 * }</pre>
 *
 * <p>Thread-safe: stateless beyond what it is given.
 */
final class ScrapeRelay {
    private static final Logger LOG = Log.logger();
    /** What a push of an answer to a request without a usable timeout may take. */
    static final Duration NO_TIMEOUT_PUSH = Duration.ofSeconds(15);
    /** The most a scrape leaves of its timeout for the push. */
    static final Duration MAX_PUSH_RESERVE = Duration.ofSeconds(1);

    private final AllowList allowList;
    private final TargetScraper scraper;
    private final ProxyEndpoint proxy;
    private final ClientMetrics metrics;

    ScrapeRelay(AllowList allowList, TargetScraper scraper, ProxyEndpoint proxy, ClientMetrics metrics) {
        this.allowList = allowList;
        this.scraper = scraper;
        this.proxy = proxy;
        this.metrics = metrics;
    }

    /** Scrapes and pushes {@code request}, received at {@code receivedNanos} on {@code fqdn}'s poll. */
    void run(String fqdn, ScrapeRequest request, long receivedNanos) throws InterruptedException {
        String id = request.header(TunnelHeaders.ID).orElse("");
        String timeoutHeader = request.header(TunnelHeaders.SCRAPE_TIMEOUT_SECONDS).orElse(null);
        Duration timeout = timeout(timeoutHeader);
        if (timeout == null) {
            metrics.scraped(fqdn, ClientMetrics.Result.BAD_REQUEST);
            long deadline = receivedNanos + NO_TIMEOUT_PUSH.toNanos();
            push(fqdn, id, text(500, "Internal Server Error", "invalid " + TunnelHeaders.SCRAPE_TIMEOUT_SECONDS + " header: "
                    + (timeoutHeader == null ? "missing" : "\"" + timeoutHeader + "\" is not a number of seconds")), deadline);
            return;
        }
        long deadline = receivedNanos + timeout.toNanos();
        RelayedResponse answer = switch (allowList.resolve(fqdn, request.url())) {
            case AllowList.Refused refused -> {
                metrics.scraped(fqdn, ClientMetrics.Result.REFUSED);
                LOG.warn("scrape refused by the allow-list", "fqdn", fqdn, "url", request.url(), "reason", refused.reason());
                yield text(403, "Forbidden", refused.reason());
            }
            case AllowList.Allowed allowed -> scrape(fqdn, request, allowed, deadline - pushReserve(timeout));
        };
        push(fqdn, id, answer, deadline);
    }

    private RelayedResponse scrape(String fqdn, ScrapeRequest request, AllowList.Allowed allowed, long deadline)
            throws InterruptedException {
        try {
            RelayedResponse r = scraper.scrape(request, allowed.url(), deadline);
            metrics.scraped(fqdn, ClientMetrics.Result.SUCCESS);
            return r;
        } catch (IOException e) {
            metrics.scraped(fqdn, ClientMetrics.Result.FAILED);
            LOG.debug("scrape failed", "fqdn", fqdn, "url", allowed.url(), "err", e.getMessage());
            return text(500, "Internal Server Error", "failed to scrape " + request.url() + ": " + e.getMessage());
        }
    }

    private void push(String fqdn, String id, RelayedResponse answer, long deadline) throws InterruptedException {
        double left = Math.max(0, deadline - System.nanoTime()) / 1e9;
        RelayedResponse pushed = answer.withHeader(TunnelHeaders.ID, id)
                .withHeader(TunnelHeaders.PUSHED_SCRAPE_TIMEOUT, String.format(Locale.ROOT, "%f", left));
        try {
            int status = proxy.push(pushed.toWire(), deadline);
            if (status != 200) {
                metrics.pushFailed();
                LOG.warn("push refused by the proxy", "fqdn", fqdn, "id", id, "status", status);
            }
        } catch (IOException e) {
            metrics.pushFailed();
            LOG.warn("push failed", "fqdn", fqdn, "id", id, "err", e.getMessage());
        }
    }

    /** The timeout the header says, or null when it says none: absent, not a number, not positive. */
    static Duration timeout(String header) {
        if (header == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.strip());
            return seconds > 0 && seconds < 1e9 ? Duration.ofNanos((long) (seconds * 1e9)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Time kept from the scrape for its push: a tenth of the timeout, at most {@link #MAX_PUSH_RESERVE}. */
    static long pushReserve(Duration timeout) {
        return Math.min(timeout.toNanos() / 10, MAX_PUSH_RESERVE.toNanos());
    }

    static RelayedResponse text(int status, String reason, String body) {
        return new RelayedResponse(status, reason, HeaderFields.of("Content-Type", "text/plain; charset=utf-8"),
                (body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
