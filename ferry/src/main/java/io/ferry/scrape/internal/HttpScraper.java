package io.ferry.scrape.internal;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.Http11Client;
import io.ferry.http.LimitedBody;
import io.ferry.log.ErrorText;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeBody;
import io.ferry.scrape.ScrapeSource;
import io.ferry.telemetry.Counter;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Scrapes one target over HTTP as Prometheus does: the request headers of
 * {@link ScrapeBody#requestHeaders}, the body size limit on the bytes as they are received, then the
 * body read by {@link ScrapeBody} (decompressed and parsed within the deadline). The scrape timeout
 * covers the whole scrape. The exchange runs on the scrape loop's own thread ({@link Http11Client}),
 * over a connection kept alive between scrapes. The body is held as received (compressed or not) and
 * decompressed as it is parsed. A fleet's bodies are not held between scrapes: only their size is
 * kept, to size the next one's array when the target does not announce it.
 */
public final class HttpScraper implements ScrapeSource {
    private static final int FIRST_BUFFER = 64 << 10;

    private final Http11Client client;
    private final ClientRequest request;
    private final ScrapeBody reader;
    private final ScrapeBody.Credentials credentials;
    /** The last body's size: the next body's array starts there, and none is kept between scrapes. */
    private int lastLength = FIRST_BUFFER;

    /**
     * @param bodyLimit     body bytes allowed, received and decompressed, 0 for no limit
     * @param credentials   the Authorization header's value per request (files are re-read)
     * @param bodyTooLarge  counts scrapes that failed for a body over {@code bodyLimit}
     */
    public HttpScraper(Http11Client client, URI url, Duration timeout, String userAgent, long bodyLimit,
                       int maxLabels, ScrapeBody.Credentials credentials, Counter.Child bodyTooLarge) {
        this.client = client;
        this.reader = new ScrapeBody(timeout, bodyLimit, maxLabels, bodyTooLarge);
        this.credentials = credentials;
        ClientRequest r = ClientRequest.get(url);
        for (var h : ScrapeBody.requestHeaders(userAgent, timeout).entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        this.request = r;
    }

    @Override
    public ExpositionFormat lastFormat() {
        return reader.lastFormat();
    }

    @Override
    public List<MetricFamily> scrape(long deadlineNanos) throws ScrapeException {
        ClientRequest r = request;
        String auth = ScrapeBody.authorization(credentials);
        if (auth != null) {
            r = r.withHeader("Authorization", auth);
        }
        BodyLimit wanted = BodyLimit.failAbove(reader.limit(), lastLength + (lastLength >> 3));
        IntFunction<BodyLimit> bodies = status -> status == 200 ? wanted : BodyLimit.NONE;
        ClientResponse response;
        try {
            response = client.send(r, deadlineNanos, bodies);
        } catch (LimitedBody.TooLarge e) {
            throw reader.tooLarge(Math.min(reader.limit(), LimitedBody.MAX_ARRAY));
        } catch (SocketTimeoutException e) {
            throw reader.timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        } catch (IOException | RuntimeException e) {
            throw new ScrapeException("Get \"" + request.uri() + "\": " + ErrorText.of(e), e);
        }
        if (response.status() != 200) {
            throw ScrapeBody.badStatus(response.status(), "");
        }
        lastLength = Math.max(response.length(), 1024);
        return reader.read(response.header("Content-Type"), response.header("Content-Encoding"), response.body(),
                response.length(), deadlineNanos);
    }
}
