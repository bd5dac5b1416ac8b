package io.ferry.scrape.internal;

import io.ferry.model.PromDuration;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.http.LimitedBody;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.ScrapeSource;

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
import java.util.zip.GZIPInputStream;

/**
 * Scrapes one target over HTTP as Prometheus does: its Accept header, gzip, the scrape timeout
 * for the whole exchange, the body size limit on the uncompressed bytes, and the parser chosen
 * by the response's media type (text 0.0.4 when it is missing or unknown, as Prometheus 2 and
 * client libraries expect). A fleet's bodies are not held between scrapes: only their size is kept,
 * to size the next one's array.
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
    /** The last body's size: the next body's array starts there, and none is kept between scrapes. */
    private int lastLength = FIRST_BUFFER;

    /**
     * @param bodyLimit     uncompressed body bytes allowed, 0 for no limit
     * @param authorization the Authorization header's value per request (files are re-read)
     */
    public HttpScraper(HttpClient client, URI url, Duration timeout, String userAgent, long bodyLimit,
                       int maxLabels, Authorization authorization) {
        this.client = client;
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
            throw new ScrapeException("scrape timed out after " + request.timeout().orElseThrow().toMillis() + "ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LimitedBody.TooLarge) {
                throw new ScrapeException(c.getMessage());
            }
            if (c instanceof HttpTimeoutException) {
                throw new ScrapeException("scrape timed out after " + request.timeout().orElseThrow().toMillis() + "ms");
            }
            throw new ScrapeException("Get \"" + request.uri() + "\": " + describe(c), c);
        }
        if (response.statusCode() != 200) {
            throw new ScrapeException("server returned HTTP status " + response.statusCode());
        }
        LimitedBody body = response.body();
        lastLength = Math.max(body.length(), 1024);
        ExpositionFormat format = ExpositionFormat.ofContentType(response.headers().firstValue("Content-Type").orElse(null));
        try (InputStream in = open(body, response.headers().firstValue("Content-Encoding").orElse(""))) {
            return format.parser(parseLimits).parse(in);
        } catch (ExpositionException e) {
            throw new ScrapeException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ScrapeException("cannot read the body: " + describe(e), e);
        }
    }

    private static InputStream open(LimitedBody body, String encoding) throws IOException {
        InputStream raw = new ByteArrayInputStream(body.bytes(), 0, body.length());
        return encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw, 8192) : raw;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** The Authorization header's value for the next request; null sends none. */
    @FunctionalInterface
    public interface Authorization {
        Authorization NONE = () -> null;

        String header() throws IOException;
    }
}
