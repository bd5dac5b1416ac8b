package io.ferry.remotewrite;

import io.ferry.http.Backoff;
import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.Http11Client;
import io.ferry.http.HttpClientFactory;
import io.ferry.http.RetryAfter;
import io.ferry.log.ErrorText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends snappy-compressed remote write 1.0 requests to one receiver over HTTP/1.1 and classifies
 * each answer as Prometheus does ({@link SendResult.Outcome}): 2xx sent; 5xx, no response, and 429
 * when {@link RemoteWriteEndpoint#retryOn429()} is set are retryable; everything else is rejected.
 *
 * <pre>{@code
 * try (RemoteWriteSender sender = new RemoteWriteSender(endpoint)) {
 *     SendResult r = sender.send(body.array(), body.length());
 *     if (!r.sent()) { log(r.detail()); countFailed(encoder.sampleCount()); }
 * }
 * }</pre>
 *
 * <p>Every request carries the spec's headers, which callers cannot change:
 * {@code Content-Encoding: snappy}, {@code Content-Type: application/x-protobuf},
 * {@code X-Prometheus-Remote-Write-Version: 0.1.0}, the endpoint's {@code User-Agent},
 * {@code Authorization} and extra headers, and on a retry Prometheus' {@code Retry-Attempt: n}.
 *
 * <p><b>Thread-safety.</b> Thread-safe: any number of threads (one per shard, later) may send
 * through one sender and its connection pool. Both send methods block the calling thread, so call
 * them from a worker or virtual thread, never from an event loop. Requests from one thread go out
 * in call order; the sender keeps no order between threads (per-series order is the caller's).
 *
 * <p><b>What a result means.</b> {@code SENT} means the receiver answered 2xx, which under the spec
 * means it accepted the batch; nothing is kept afterwards. Any other result means the batch may not
 * have been stored and is still the caller's: it decides whether to drop it (and count its samples)
 * or keep it. The body array is only read, and not after the method returns.
 */
public final class RemoteWriteSender implements AutoCloseable {
    /** The only protocol version this sender speaks. */
    public static final String PROTOCOL_VERSION = "0.1.0";
    /** How much of an error response's body a result keeps, for a log line. */
    static final int DETAIL_LIMIT = 512;

    private final RemoteWriteEndpoint endpoint;
    private final Http11Client client;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A sender over a client of its own: the JDK's TLS defaults, no proxy, no redirects followed. */
    public RemoteWriteSender(RemoteWriteEndpoint endpoint) {
        this(endpoint, Http11Client.direct(endpoint.connectTimeout(), false), Clock.systemUTC());
    }

    /**
     * A sender over {@code client}, normally from {@link HttpClientFactory} (HTTP/1.1, as in
     * Prometheus, where HTTP/2 is off for remote write by default); the sender owns it from now on
     * and shuts it down on {@link #close()}.
     */
    public RemoteWriteSender(RemoteWriteEndpoint endpoint, Http11Client client) {
        this(endpoint, client, Clock.systemUTC());
    }

    RemoteWriteSender(RemoteWriteEndpoint endpoint, Http11Client client, Clock clock) {
        this.endpoint = endpoint;
        this.client = client;
        this.clock = clock;
    }

    public RemoteWriteEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code body[0 .. length)} once and classifies the answer; never throws for anything
     * the network or the receiver does.
     *
     * @param retryAttempt 0 for a first attempt; above 0 adds {@code Retry-Attempt}
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public SendResult attempt(byte[] body, int length, int retryAttempt) throws InterruptedException {
        ClientRequest request = ClientRequest.post(endpoint.url(), body, length)
                .withHeader("Content-Encoding", "snappy")
                .withHeader("Content-Type", "application/x-protobuf")
                .withHeader("User-Agent", endpoint.userAgent())
                .withHeader("X-Prometheus-Remote-Write-Version", PROTOCOL_VERSION);
        for (var h : endpoint.headers().entrySet()) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        if (endpoint.authorization() != null) {
            request = request.withHeader("Authorization", endpoint.authorization());
        }
        if (retryAttempt > 0) {
            request = request.withHeader("Retry-Attempt", Integer.toString(retryAttempt));
        }
        ClientResponse response;
        try {
            // Read only the start of any body: the spec says it must be ignored, and a receiver that
            // streams without end must not hold the sender (stopping early just drops the connection).
            response = client.send(request, System.nanoTime() + endpoint.timeout().toNanos(),
                    s -> BodyLimit.prefix(DETAIL_LIMIT));
        } catch (IOException e) {
            // Refused, reset, timed out: the batch may succeed later, as in Prometheus.
            return new SendResult(SendResult.Outcome.RETRYABLE, 0, Duration.ZERO, 1, ErrorText.of(e));
        }
        int status = response.status();
        String detail = new String(response.body(), 0, response.length(), StandardCharsets.UTF_8).strip();
        if (status / 100 == 2) {
            return new SendResult(SendResult.Outcome.SENT, status, Duration.ZERO, 1, detail);
        }
        if (status / 100 == 5 || status == 429 && endpoint.retryOn429()) {
            Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant())
                    .orElse(Duration.ZERO);
            return new SendResult(SendResult.Outcome.RETRYABLE, status, retryAfter, 1, detail);
        }
        return new SendResult(SendResult.Outcome.REJECTED, status, Duration.ZERO, 1, detail);
    }

    /**
     * Sends {@code body[0 .. length)} until it is sent or rejected, waiting between retryable
     * attempts with the endpoint's backoff (or the receiver's {@code Retry-After}). Like
     * Prometheus it retries without limit; {@link #close()} ends the waiting, and then the last
     * retryable result is returned.
     *
     * @throws InterruptedException when the calling thread is interrupted
     */
    public SendResult send(byte[] body, int length) throws InterruptedException {
        return send(body, length, (failed, wait) -> { });
    }

    /**
     * As {@link #send(byte[], int)}, telling {@code retries} of each retryable attempt as it happens,
     * before the wait for the next one: a receiver that stays down is seen while it is down, not only
     * once a batch finally goes through.
     */
    public SendResult send(byte[] body, int length, Retries retries) throws InterruptedException {
        Backoff backoff = Backoff.doubling(endpoint.minBackoff(), endpoint.maxBackoff());
        int attempts = 0;
        while (true) {
            SendResult result = attempt(body, length, attempts).withAttempts(++attempts);
            if (!result.retryable() || isClosed()) {
                return result;
            }
            Duration sleep = backoff.next(result.retryAfter());
            retries.retrying(result, sleep);
            if (closed.await(sleep.toNanos(), TimeUnit.NANOSECONDS)) {
                return result;
            }
        }
    }

    /** Told of each retryable attempt of a send, on the sending thread, just before the wait. */
    @FunctionalInterface
    public interface Retries {
        /**
         * @param failed the retryable answer (or no answer), its {@link SendResult#attempts()} counting it
         * @param wait   how long until the next attempt
         */
        void retrying(SendResult failed, Duration wait);
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Ends every retry wait; a send already on the wire finishes. Idempotent. */
    @Override
    public void close() {
        closed.countDown();
        client.close(); // idle connections only: an exchange already started runs to its answer, as promised above
    }
}
