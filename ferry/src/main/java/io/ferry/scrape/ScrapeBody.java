package io.ferry.scrape;

import io.ferry.exposition.Compression;
import io.ferry.exposition.DuplicateSeries;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.log.ErrorText;
import io.ferry.model.MetricFamily;
import io.ferry.model.PromDuration;
import io.ferry.scrape.ScrapeSource.ScrapeException;
import io.ferry.scrape.internal.DeadlineInputStream;
import io.ferry.telemetry.Counter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every scrape shares, whatever carries it (an HTTP connection, a tunnel): the headers that
 * ask for a body Ferry can read, the credentials, the wait for the response within the deadline,
 * and reading the body as Prometheus does. The body size limit counts the bytes received and again
 * the bytes decompressed; {@code Content-Encoding} is undone; the parser is chosen by the media type
 * (text 0.0.4 when it is missing or unknown, as Prometheus 2 and client libraries expect).
 * Decompressing and parsing stop within one read of the scrape's deadline, however much a small
 * body expands.
 *
 * <pre>{@code
 * ScrapeBody body = new ScrapeBody(timeout, job.limits().bodySizeLimitOrDefault(), labelLimit, tooLarge);
 * ScrapeBody.requestHeaders(userAgent, timeout).forEach(request::header);
 * String auth = ScrapeBody.authorization(credentials);      // null: none
 * Response r = body.await(client.sendAsync(request), deadlineNanos, 0);  // status not 200: throw ScrapeBody.badStatus(status, "")
 * List<MetricFamily> families = body.read(contentType, contentEncoding, bytes, length, deadlineNanos);
 * }</pre>
 *
 * <p>One per target: it remembers the format of the last body it read. Not thread-safe; a target's
 * loop calls it from one thread at a time.
 */
public final class ScrapeBody {
    /**
     * Prometheus 3's default Accept header, with the escaping Prometheus asks for when names are
     * validated the legacy way, which is what Ferry's parsers accept.
     */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private final Duration timeout;
    private final long limit;
    private final ParseLimits parseLimits;
    private final Counter.Child bodyTooLarge;
    private ExpositionFormat lastFormat = ExpositionFormat.PROMETHEUS_TEXT;

    /**
     * @param timeout      the scrape timeout, named in the error of a scrape that ran out of time
     * @param bodyLimit    body bytes allowed, received and decompressed, 0 for no limit
     * @param maxLabels    labels a series may have, when more than the parser's default
     * @param bodyTooLarge counts scrapes that failed for a body over {@code bodyLimit}
     */
    public ScrapeBody(Duration timeout, long bodyLimit, int maxLabels, Counter.Child bodyTooLarge) {
        this.timeout = timeout;
        this.limit = bodyLimit > 0 ? bodyLimit : Long.MAX_VALUE;
        this.parseLimits = new ParseLimits(limit, ParseLimits.DEFAULT.maxLineBytes(),
                Math.max(ParseLimits.DEFAULT.maxLabelsPerSeries(), maxLabels));
        this.bodyTooLarge = bodyTooLarge;
    }

    /**
     * The headers of a scrape request, in the order they are sent, as Prometheus sends them: Accept,
     * gzip, the User-Agent and the timeout in seconds.
     */
    public static SequencedMap<String, String> requestHeaders(String userAgent, Duration timeout) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        headers.put("Accept-Encoding", "gzip");
        headers.put("User-Agent", userAgent);
        headers.put("X-Prometheus-Scrape-Timeout-Seconds", PromDuration.seconds(timeout));
        return Collections.unmodifiableSequencedMap(headers);
    }

    /** The {@code Authorization} header's value for the next scrape; null sends none. */
    @FunctionalInterface
    public interface Credentials {
        Credentials NONE = () -> null;

        /** Reads files each time, so a rotated secret needs no reload. */
        String header() throws IOException;
    }

    /** The {@code Authorization} value {@code credentials} give now, or null; a file that cannot be read fails the scrape. */
    public static String authorization(Credentials credentials) throws ScrapeException {
        try {
            return credentials.header();
        } catch (IOException e) {
            throw new ScrapeException("cannot read credentials: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for a scrape's response until {@code deadlineNanos}, plus {@code graceNanos} for a call
     * that has a timeout of its own to report first; a call still running then, or a wait that is
     * interrupted, is cancelled and fails the scrape.
     *
     * @throws ExecutionException what the call itself failed with, for the caller to put in words
     */
    public <T> T await(CompletableFuture<T> call, long deadlineNanos, long graceNanos)
            throws ScrapeException, ExecutionException {
        try {
            return call.get(Math.max(0, deadlineNanos - System.nanoTime()) + graceNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        }
    }

    /** The body bytes allowed, received or decompressed: {@link Long#MAX_VALUE} for no limit. */
    public long limit() {
        return limit;
    }

    /** The format of the last body read successfully; text 0.0.4 before the first. */
    public ExpositionFormat lastFormat() {
        return lastFormat;
    }

    /**
     * Parses a 200 response's body of {@code length} bytes, decompressing it as it goes.
     *
     * @param contentType     the response's Content-Type, null when it had none
     * @param contentEncoding the response's Content-Encoding, null when it had none
     * @param deadlineNanos   on the {@link System#nanoTime()} scale
     * @throws ScrapeException in words fit for the targets page: too large (counted), timed out, a parse error
     */
    public List<MetricFamily> read(String contentType, String contentEncoding, byte[] body, int length,
                                   long deadlineNanos) throws ScrapeException {
        if (length > limit) {
            throw tooLarge(limit);
        }
        ExpositionFormat format = ExpositionFormat.ofContentType(contentType);
        // Every read of the received bytes checks the deadline: the gzip reader's and the parser's.
        DeadlineInputStream raw = new DeadlineInputStream(new ByteArrayInputStream(body, 0, length), deadlineNanos);
        try (InputStream in = Compression.decode(raw, contentEncoding)) {
            List<MetricFamily> families = format.parser(parseLimits, DuplicateSeries.KEEP).parse(in);
            lastFormat = format;
            return families;
        } catch (ExpositionException e) {
            if (raw.passed()) {
                throw timedOut();
            }
            throw e.bodyTooLarge() ? tooLarge(limit) : new ScrapeException(e.getMessage(), e);
        } catch (IOException e) {
            throw raw.passed() ? timedOut() : new ScrapeException("cannot read the body: " + ErrorText.of(e), e);
        }
    }

    /** Prometheus' error for a scrape that ran out of time. */
    public ScrapeException timedOut() {
        return new ScrapeException("scrape timed out after " + timeout.toMillis() + "ms");
    }

    /** Prometheus' {@code errBodySizeLimit}, with the limit, counted. */
    public ScrapeException tooLarge(long limit) {
        bodyTooLarge.inc();
        return new ScrapeException("body size limit exceeded: the body is larger than " + limit + " bytes");
    }

    /**
     * Prometheus' error for a status other than 200, followed by {@code detail} (what the response
     * said, when that helps) after a colon unless it is empty.
     */
    public static ScrapeException badStatus(int status, String detail) {
        return new ScrapeException("server returned HTTP status " + status + (detail.isEmpty() ? "" : ": " + detail));
    }
}
