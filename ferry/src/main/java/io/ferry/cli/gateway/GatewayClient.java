package io.ferry.cli.gateway;

import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.Http11Client;
import io.ferry.http.RetryAfter;
import io.ferry.telemetry.BuildInfo;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Sends PUT, POST and DELETE requests to a Pushgateway or Ferry, retrying what may succeed later.
 *
 * <pre>{@code
 * try (GatewayClient client = GatewayClient.create(Credentials.NONE, null, RetryPolicy.DEFAULT, System.err::println)) {
 *     PushResult r = client.send("PUT", gateway.groupUri(group), body, ExpositionFormat.PROMETHEUS_TEXT.contentType(), new StopSignal());
 * }
 * }</pre>
 *
 * <p>Retried, within the {@link RetryPolicy}: connection errors, timeouts, 5xx and 429 (waiting at
 * least what {@code Retry-After} asks on 429 and 503). Not retried: any other answer, which is a
 * {@link PushResult.Refused} with the gateway's message, and a failed TLS handshake (a certificate
 * problem does not heal). Redirects are not followed, so credentials never go to another host.
 * Each retry is reported to the notice consumer; no notice or result ever holds the credentials.
 *
 * <p>Thread-safe: concurrent {@link #send} calls share one connection pool.
 */
public final class GatewayClient implements AutoCloseable {
    /** How much of an error body to keep: enough for any Pushgateway or Ferry message. */
    private static final int MAX_MESSAGE_BYTES = 2048;

    private final Http11Client http;
    private final Credentials credentials;
    private final RetryPolicy policy;
    private final Consumer<String> notices;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private final String userAgent = "ferry/" + BuildInfo.version();

    GatewayClient(Http11Client http, Credentials credentials, RetryPolicy policy, Consumer<String> notices,
                  RandomGenerator random, LongSupplier nanoTime, Pause pause) {
        this.http = http;
        this.credentials = credentials;
        this.policy = policy;
        this.notices = notices;
        this.random = random;
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    /** Waits between attempts; true when the whole wait passed, false when stopped. Replaceable by tests. */
    @FunctionalInterface
    interface Pause {
        boolean sleep(Duration wait, StopSignal stop) throws InterruptedException;
    }

    /**
     * A client over Ferry's HTTP/1.1 client (which every Pushgateway speaks), not following redirects.
     *
     * @param tls the context for https, or null for the JDK's defaults
     */
    public static GatewayClient create(Credentials credentials, SSLContext tls, RetryPolicy policy, Consumer<String> notices) {
        // Not ThreadLocalRandom.current(): send runs on other threads too (ferry run's start push), where that
        // instance draws from a seed never initialised, the same in every process, so jobs would retry in step.
        return new GatewayClient(http(tls, policy), credentials, policy, notices, new Random(), System::nanoTime,
                (wait, stop) -> stop.sleep(wait));
    }

    /** The HTTP client {@link #create} sends with: no redirects, no proxy, connecting within an attempt's time. */
    static Http11Client http(SSLContext tls, RetryPolicy policy) {
        return new Http11Client(policy.attemptTimeout(), false, tls, null, null, null);
    }

    /**
     * Sends one request, retrying as the policy allows, and says how it ended.
     *
     * @param body        the body, or null for none (DELETE)
     * @param contentType the body's media type; ignored without a body
     * @param stop        ends the retries early when stopped
     */
    public PushResult send(String method, URI uri, byte[] body, String contentType, StopSignal stop) {
        long start = nanoTime.getAsLong();
        int attempt = 0;
        while (true) {
            attempt++;
            Attempt a = attempt(method, uri, body, contentType);
            if (a.result() != null) {
                return withAttempts(a.result(), attempt);
            }
            if (attempt > policy.retries()) {
                return new PushResult.Undelivered(a.failure() + " (gave up after " + attempt + plural(attempt) + ")", attempt);
            }
            Duration wait = policy.backoff(attempt, random);
            if (a.retryAfter().isPresent() && a.retryAfter().get().compareTo(wait) > 0) {
                wait = a.retryAfter().get();
            }
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
            if (elapsed.plus(wait).compareTo(policy.maxTime()) > 0) {
                return new PushResult.Undelivered(a.failure() + " (gave up after " + attempt + plural(attempt)
                        + ": the next one would start past the retry time of " + seconds(policy.maxTime()) + ")", attempt);
            }
            if (stop.isStopped()) {
                return new PushResult.Undelivered(a.failure() + " (stopped after " + attempt + plural(attempt) + ")", attempt);
            }
            notices.accept("attempt " + attempt + " of " + (policy.retries() + 1) + " failed: " + a.failure()
                    + "; retrying in " + seconds(wait));
            try {
                if (!pause.sleep(wait, stop)) {
                    return new PushResult.Undelivered(a.failure() + " (stopped after " + attempt + plural(attempt) + ")", attempt);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new PushResult.Undelivered(a.failure() + " (interrupted)", attempt);
            }
        }
    }

    /** One attempt: a final result, or a failure worth retrying with the wait the server asked for. */
    private record Attempt(PushResult result, String failure, Optional<Duration> retryAfter) {
        static Attempt done(PushResult r) {
            return new Attempt(r, null, Optional.empty());
        }

        static Attempt retry(String failure, Optional<Duration> retryAfter) {
            return new Attempt(null, failure, retryAfter);
        }
    }

    private Attempt attempt(String method, URI uri, byte[] body, String contentType) {
        ClientRequest r = new ClientRequest(method, uri, List.of(), body, body == null ? 0 : body.length)
                .withHeader("User-Agent", userAgent);
        if (body != null) {
            r = r.withHeader("Content-Type", contentType);
        }
        Optional<String> authorization = credentials.authorization();
        if (authorization.isPresent()) {
            r = r.withHeader("Authorization", authorization.get());
        }
        ClientResponse response;
        try {
            response = http.send(r, System.nanoTime() + policy.attemptTimeout().toNanos(),
                    status -> BodyLimit.prefix(MAX_MESSAGE_BYTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.done(new PushResult.Undelivered("interrupted", 0));
        } catch (IOException e) {
            if (handshakeFailure(e)) {
                return Attempt.done(new PushResult.Undelivered("TLS handshake with " + uri.getHost() + " failed: "
                        + rootMessage(e), 0));
            }
            return Attempt.retry(describe(e), Optional.empty());
        }
        int status = response.status();
        String message = new String(response.body(), 0, response.length(), StandardCharsets.UTF_8).strip();
        if (status >= 200 && status < 300) {
            return Attempt.done(new PushResult.Delivered(status, 0));
        }
        String answer = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 429 || status >= 500 && status < 600) {
            Optional<Duration> retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.header("Retry-After"), Instant.now())
                    : Optional.empty();
            return Attempt.retry(answer, retryAfter);
        }
        return Attempt.done(new PushResult.Refused(status, message, 0));
    }

    private String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + seconds(policy.attemptTimeout());
        }
        if (e instanceof ConnectException) {
            return "cannot connect: " + (e.getMessage() == null ? "connection refused" : rootMessage(e));
        }
        return rootMessage(e);
    }

    private static boolean handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    private static PushResult withAttempts(PushResult r, int attempts) {
        return switch (r) {
            case PushResult.Delivered d -> new PushResult.Delivered(d.status(), attempts);
            case PushResult.Refused f -> new PushResult.Refused(f.status(), f.message(), attempts);
            case PushResult.Undelivered u -> new PushResult.Undelivered(u.reason(), attempts);
        };
    }

    private static String plural(int attempts) {
        return attempts == 1 ? " attempt" : " attempts";
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    @Override
    public void close() {
        http.close();
    }
}
