package io.ferry.scrape.internal;

import io.ferry.exposition.Compression;
import io.ferry.exposition.DuplicateSeries;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.http.LimitedBody;
import io.ferry.log.ErrorText;
import io.ferry.model.MetricFamily;
import io.ferry.model.PromDuration;
import io.ferry.scrape.ScrapeSource;
import io.ferry.telemetry.Counter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes one target over HTTP as Prometheus does: its Accept header, gzip, the body size limit
 * on the bytes received and again on the bytes decompressed, and the parser chosen by the
 * response's media type (text 0.0.4 when it is missing or unknown, as Prometheus 2 and client
 * libraries expect). The scrape timeout covers the whole scrape, decompressing and parsing
 * included: both stop within one read of the deadline, however much a small body expands. The body
 * is held as received (compressed or not) and decompressed as it is parsed. A fleet's bodies are
 * not held between scrapes: only their size is kept, to size the next one's array.
 */
public final class HttpScraper implements ScrapeSource {
    /**
     * Prometheus 3's default Accept header, with the escaping Prometheus asks for when names are
     * validated the legacy way, which is what Ferry's parsers accept.
     */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    private static final int FIRST_BUFFER = 64 << 10;

    private final HttpClient client;
    private final HttpRequest request;
    private final long bodyLimit;
    private final ParseLimits parseLimits;
    private final Authorization authorization;
    private final Counter.Child bodyTooLarge;
    /** The last body's size: the next body's array starts there, and none is kept between scrapes. */
    private int lastLength = FIRST_BUFFER;
    private ExpositionFormat lastFormat = ExpositionFormat.PROMETHEUS_TEXT;

    /**
     * @param bodyLimit     body bytes allowed, received and decompressed, 0 for no limit
     * @param authorization the Authorization header's value per request (files are re-read)
     * @param bodyTooLarge  counts scrapes that failed for a body over {@code bodyLimit}
     */
    public HttpScraper(HttpClient client, URI url, Duration timeout, String userAgent, long bodyLimit,
                       int maxLabels, Authorization authorization, Counter.Child bodyTooLarge) {
        this.client = client;
        this.bodyTooLarge = bodyTooLarge;
        this.bodyLimit = bodyLimit > 0 ? bodyLimit : Long.MAX_VALUE;
        this.parseLimits = new ParseLimits(this.bodyLimit, ParseLimits.DEFAULT.maxLineBytes(),
                Math.max(ParseLimits.DEFAULT.maxLabelsPerSeries(), maxLabels));
        this.authorization = authorization;
        this.request = HttpRequest.newBuilder(url)
                .GET()
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", userAgent)
                .header("X-Prometheus-Scrape-Timeout-Seconds", PromDuration.seconds(timeout))
                .build();
    }

    @Override
    public ExpositionFormat lastFormat() {
        return lastFormat;
    }

    @Override
    public List<MetricFamily> scrape(long deadlineNanos) throws ScrapeException {
        HttpRequest r = request;
        String auth;
        try {
            auth = authorization.header();
        } catch (IOException e) {
            throw new ScrapeException("cannot read credentials: " + e.getMessage(), e);
        }
        if (auth != null) {
            r = HttpRequest.newBuilder(request, (n, v) -> true).header("Authorization", auth).build();
        }
        CompletableFuture<HttpResponse<LimitedBody>> call = client.sendAsync(r,
                LimitedBody.handler(bodyLimit, lastLength + (lastLength >> 3), info -> info.statusCode() == 200));
        HttpResponse<LimitedBody> response;
        try {
            response = call.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LimitedBody.TooLarge) {
                throw tooLarge(Math.min(bodyLimit, LimitedBody.MAX_ARRAY));
            }
            if (c instanceof HttpTimeoutException) {
                throw timedOut();
            }
            throw new ScrapeException("Get \"" + request.uri() + "\": " + ErrorText.of(c), c);
        }
        if (response.statusCode() != 200) {
            throw new ScrapeException("server returned HTTP status " + response.statusCode());
        }
        LimitedBody body = response.body();
        lastLength = Math.max(body.length(), 1024);
        return parse(body, response, deadlineNanos);
    }

    /** Decompresses and parses within the deadline: the parser's body limit counts decompressed bytes. */
    private List<MetricFamily> parse(LimitedBody body, HttpResponse<?> response, long deadlineNanos) throws ScrapeException {
        ExpositionFormat format = ExpositionFormat.ofContentType(response.headers().firstValue("Content-Type").orElse(null));
        // Every read of the received bytes checks the deadline: the gzip reader's and the parser's.
        DeadlineInputStream raw = new DeadlineInputStream(new ByteArrayInputStream(body.bytes(), 0, body.length()), deadlineNanos);
        try (InputStream in = Compression.decode(raw, response.headers().firstValue("Content-Encoding").orElse(null))) {
            List<MetricFamily> families = format.parser(parseLimits, DuplicateSeries.KEEP).parse(in);
            lastFormat = format;
            return families;
        } catch (ExpositionException e) {
            if (raw.passed()) {
                throw timedOut();
            }
            throw e.bodyTooLarge() ? tooLarge(bodyLimit) : new ScrapeException(e.getMessage(), e);
        } catch (IOException e) {
            throw raw.passed() ? timedOut() : new ScrapeException("cannot read the body: " + ErrorText.of(e), e);
        }
    }

    private ScrapeException timedOut() {
        return new ScrapeException("scrape timed out after " + request.timeout().orElseThrow().toMillis() + "ms");
    }

    /** Prometheus' {@code errBodySizeLimit}, with the limit, counted. */
    private ScrapeException tooLarge(long limit) {
        bodyTooLarge.inc();
        return new ScrapeException("body size limit exceeded: the body is larger than " + limit + " bytes");
    }

    /** The Authorization header's value for the next request; null sends none. */
    @FunctionalInterface
    public interface Authorization {
        Authorization NONE = () -> null;

        String header() throws IOException;
    }
}
