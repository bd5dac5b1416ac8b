package io.ferry.remotewrite;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a {@link RemoteWriteSender} sends: the receiver's URL, the {@code Authorization}
 * header (basic or bearer, or none), the per-request timeout, and the retry settings, with
 * Prometheus' defaults ({@code remote_timeout} 30s, {@code min_backoff} 30ms, {@code max_backoff}
 * 5s, {@code retry_on_http_429} false).
 *
 * <pre>{@code
 * RemoteWriteEndpoint endpoint = RemoteWriteEndpoint.of(URI.create("http://127.0.0.1:9090/api/v1/write"))
 *         .withBasicAuth("ferry", password)
 *         .withRetryOn429(true);
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} hides the credentials.
 */
public record RemoteWriteEndpoint(URI url, String authorization, Duration timeout, Duration connectTimeout,
                                  boolean retryOn429, Duration minBackoff, Duration maxBackoff, String userAgent,
                                  Map<String, String> headers) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final String DEFAULT_USER_AGENT = "Ferry";

    public RemoteWriteEndpoint {
        Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("remote write url must be http or https: " + url);
        }
        requirePositive("timeout", timeout);
        requirePositive("connect timeout", connectTimeout);
        // Zero is allowed, as in Prometheus' config: the first retry goes out at once (see http.Backoff).
        if (minBackoff == null || minBackoff.isNegative()) {
            throw new IllegalArgumentException("min_backoff must not be negative, was " + minBackoff);
        }
        requirePositive("max_backoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("max_backoff " + maxBackoff + " is below min_backoff " + minBackoff);
        }
        Objects.requireNonNull(userAgent, "userAgent");
        headers = Map.copyOf(headers);
    }

    /** {@code url} with no authorization and Prometheus' defaults. */
    public static RemoteWriteEndpoint of(URI url) {
        return new RemoteWriteEndpoint(url, null, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, false,
                DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_USER_AGENT, Map.of());
    }

    public RemoteWriteEndpoint withBasicAuth(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withAuthorization("Basic " + token);
    }

    public RemoteWriteEndpoint withBearerToken(String token) {
        return withAuthorization("Bearer " + token);
    }

    /** {@code Authorization: <type> <credentials>} (a remote_write's {@code authorization:}). */
    public RemoteWriteEndpoint withAuthorization(String type, String credentials) {
        return withAuthorization(type + " " + credentials);
    }

    /** The whole {@code Authorization} header's value, as {@link io.ferry.http.HttpClientFactory#authorization()} makes it. */
    public RemoteWriteEndpoint withAuthorization(String header) {
        return new RemoteWriteEndpoint(url, header, timeout, connectTimeout, retryOn429, minBackoff, maxBackoff, userAgent, headers);
    }

    /** The whole-request timeout ({@code remote_timeout}); connecting gets the same limit. */
    public RemoteWriteEndpoint withTimeout(Duration requestTimeout) {
        return new RemoteWriteEndpoint(url, authorization, requestTimeout, requestTimeout, retryOn429, minBackoff, maxBackoff, userAgent, headers);
    }

    public RemoteWriteEndpoint withRetryOn429(boolean retry) {
        return new RemoteWriteEndpoint(url, authorization, timeout, connectTimeout, retry, minBackoff, maxBackoff, userAgent, headers);
    }

    public RemoteWriteEndpoint withBackoff(Duration min, Duration max) {
        return new RemoteWriteEndpoint(url, authorization, timeout, connectTimeout, retryOn429, min, max, userAgent, headers);
    }

    /** {@code name/version}, e.g. {@code Ferry/0.1.0}; the spec asks for the sender's name and version. */
    public RemoteWriteEndpoint withUserAgent(String agent) {
        return new RemoteWriteEndpoint(url, authorization, timeout, connectTimeout, retryOn429, minBackoff, maxBackoff, agent, headers);
    }

    /**
     * Extra request headers ({@code headers:} of a remote_write); the protocol's own and
     * {@code Authorization} must not be among them (the config reader refuses them).
     */
    public RemoteWriteEndpoint withHeaders(Map<String, String> extra) {
        return new RemoteWriteEndpoint(url, authorization, timeout, connectTimeout, retryOn429, minBackoff, maxBackoff,
                userAgent, extra);
    }

    @Override
    public String toString() {
        String scheme = authorization == null ? "none" : authorization.substring(0, authorization.indexOf(' ')) + " <secret>";
        return "RemoteWriteEndpoint[url=" + url + ", authorization=" + scheme + ", timeout=" + timeout
                + ", retryOn429=" + retryOn429 + ", backoff=" + minBackoff + ".." + maxBackoff
                + ", userAgent=" + userAgent + ", headers=" + headers.keySet() + "]";
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
