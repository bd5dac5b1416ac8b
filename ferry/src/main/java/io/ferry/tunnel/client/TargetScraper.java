package io.ferry.tunnel.client;

import io.ferry.http.LimitedBody;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes the scrape a proxy handed over, against the target the allow-list chose, and returns the
 * target's answer as it came: status, headers and body, a gzip body still gzipped (the scraper's
 * {@code Accept-Encoding} goes to the target, and the JDK's client decompresses nothing). Every
 * header of the scrape passes through, as PushProx's client passes them, but for those that
 * describe one hop's connection.
 *
 * <pre>{@code
 * RelayedResponse r = new TargetScraper(client, 100L << 20).scrape(request, URI.create("http://localhost:9100/metrics"), deadline);
 * }</pre>
 *
 * <p>Thread-safe: the scrapes of a client share one.
 */
final class TargetScraper {
    /** One hop's headers, and those the JDK's client sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final HttpClient client;
    private final long maxBodyBytes;

    TargetScraper(HttpClient client, long maxBodyBytes) {
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The target's answer, whatever its status.
     *
     * @throws IOException saying why there is none: no connection, no answer by {@code deadlineNanos},
     *                     a body over the limit
     */
    RelayedResponse scrape(ScrapeRequest scrape, URI target, long deadlineNanos) throws IOException, InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new IOException(Exchanges.DEADLINE_EXCEEDED);
        }
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(target).method(scrape.method(), HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofNanos(left));
        } catch (IllegalArgumentException e) {
            // A method the JDK's client will not send, such as CONNECT.
            throw new IOException("cannot send " + scrape.method() + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> h : scrape.headers().entries()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                try {
                    b.header(h.getKey(), h.getValue());
                } catch (IllegalArgumentException e) {
                    // A header the JDK's client sets itself or cannot send: the target does without it.
                }
            }
        }
        HttpResponse<LimitedBody> r = Exchanges.await(client.sendAsync(b.build(),
                LimitedBody.handler(maxBodyBytes, 64 << 10, info -> true)), deadlineNanos);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        r.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> headers.add(Map.entry(name, v)));
            }
        });
        LimitedBody body = r.body();
        byte[] bytes = body.length() == body.bytes().length ? body.bytes() : Arrays.copyOf(body.bytes(), body.length());
        return new RelayedResponse(r.statusCode(), REASONS.getOrDefault(r.statusCode(), ""), HeaderFields.of(headers), bytes);
    }
}
