package io.ferry.scrape.internal;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.http.LimitedBody;
import io.ferry.log.ErrorText;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeBody;
import io.ferry.scrape.ScrapeSource;
import io.ferry.telemetry.Counter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Scrapes one target over HTTP as Prometheus does: the request headers of
 * {@link ScrapeBody#requestHeaders}, the body size limit on the bytes as they are received, then the
 * body read by {@link ScrapeBody} (decompressed and parsed within the deadline). The scrape timeout
 * covers the whole scrape. The body is held as received (compressed or not) and decompressed as it is
 * parsed. A fleet's bodies are not held between scrapes: only their size is kept, to size the next
 * one's array.
 */
public final class HttpScraper implements ScrapeSource {
    private static final int FIRST_BUFFER = 64 << 10;

    private final HttpClient client;
    private final HttpRequest request;
    private final ScrapeBody reader;
    private final ScrapeBody.Credentials credentials;
    /** The last body's size: the next body's array starts there, and none is kept between scrapes. */
    private int lastLength = FIRST_BUFFER;

    /**
     * @param bodyLimit     body bytes allowed, received and decompressed, 0 for no limit
     * @param credentials   the Authorization header's value per request (files are re-read)
     * @param bodyTooLarge  counts scrapes that failed for a body over {@code bodyLimit}
     */
    public HttpScraper(HttpClient client, URI url, Duration timeout, String userAgent, long bodyLimit,
                       int maxLabels, ScrapeBody.Credentials credentials, Counter.Child bodyTooLarge) {
        this.client = client;
        this.reader = new ScrapeBody(timeout, bodyLimit, maxLabels, bodyTooLarge);
        this.credentials = credentials;
        HttpRequest.Builder b = HttpRequest.newBuilder(url).GET().timeout(timeout);
        ScrapeBody.requestHeaders(userAgent, timeout).forEach(b::header);
        this.request = b.build();
    }

    @Override
    public ExpositionFormat lastFormat() {
        return reader.lastFormat();
    }

    @Override
    public List<MetricFamily> scrape(long deadlineNanos) throws ScrapeException {
        HttpRequest r = request;
        String auth = ScrapeBody.authorization(credentials);
        if (auth != null) {
            r = HttpRequest.newBuilder(request, (n, v) -> true).header("Authorization", auth).build();
        }
        CompletableFuture<HttpResponse<LimitedBody>> call = client.sendAsync(r,
                LimitedBody.handler(reader.limit(), lastLength + (lastLength >> 3), info -> info.statusCode() == 200));
        HttpResponse<LimitedBody> response;
        try {
            response = reader.await(call, deadlineNanos, 0);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LimitedBody.TooLarge) {
                throw reader.tooLarge(Math.min(reader.limit(), LimitedBody.MAX_ARRAY));
            }
            if (c instanceof HttpTimeoutException) {
                throw reader.timedOut();
            }
            throw new ScrapeException("Get \"" + request.uri() + "\": " + ErrorText.of(c), c);
        }
        if (response.statusCode() != 200) {
            throw ScrapeBody.badStatus(response.statusCode(), "");
        }
        LimitedBody body = response.body();
        lastLength = Math.max(body.length(), 1024);
        return reader.read(response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Content-Encoding").orElse(null), body.bytes(), body.length(), deadlineNanos);
    }
}
