package io.ferry.tunnel.client;

import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.Http11Client;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes the scrape a proxy handed over, against the target the allow-list chose, and returns the
 * target's answer as it came: status, headers and body, a gzip body still gzipped (the scraper's
 * {@code Accept-Encoding} goes to the target, and the client decompresses nothing). Every header of
 * the scrape passes through, as PushProx's client passes them, but for those that describe one
 * hop's connection. The client is the one scrapes use ({@link Http11Client}).
 *
 * <pre>{@code
 * RelayedResponse r = new TargetScraper(client, 100L << 20).scrape(request, URI.create("http://localhost:9100/metrics"), deadline);
 * }</pre>
 *
 * <p>Thread-safe: the scrapes of a client share one.
 */
final class TargetScraper {
    /** One hop's headers, and those the client sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final Http11Client client;
    private final long maxBodyBytes;

    TargetScraper(Http11Client client, long maxBodyBytes) {
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The target's answer, whatever its status.
     *
     * @throws IOException saying why there is none: no connection, no answer by {@code deadlineNanos}
     *                     ({@link Exchanges#DEADLINE_EXCEEDED}), a body over the limit
     */
    RelayedResponse scrape(ScrapeRequest scrape, URI target, long deadlineNanos) throws IOException, InterruptedException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new IOException(Exchanges.DEADLINE_EXCEEDED);
        }
        if (scrape.method().equals("CONNECT")) {
            throw new IOException("cannot send CONNECT to a target");  // it would ask the target for a tunnel
        }
        ClientRequest request;
        try {
            request = new ClientRequest(scrape.method(), target, List.of(), null, 0);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot scrape " + target + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> h : scrape.headers().entries()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                try {
                    request = request.withHeader(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    // A header that cannot be sent as it is: the target does without it.
                }
            }
        }
        ClientResponse r = Exchanges.send(client, request, deadlineNanos, BodyLimit.failAbove(maxBodyBytes, 64 << 10));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < r.headers().size(); i += 2) {
            String name = r.headers().get(i);
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(Map.entry(name, r.headers().get(i + 1)));
            }
        }
        byte[] bytes = r.length() == r.body().length ? r.body() : Arrays.copyOf(r.body(), r.length());
        return new RelayedResponse(r.status(), REASONS.getOrDefault(r.status(), ""), HeaderFields.of(headers), bytes);
    }
}
