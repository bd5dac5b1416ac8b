package io.ferry.config;

import java.time.Duration;

/**
 * What bounds the HTTP server's connections and the request bodies it reads at once, so that no
 * client, however slow or numerous, exhausts file descriptors or heap (see docs/security.md).
 *
 * <pre>{@code
 * WebLimits l = WebLimits.DEFAULTS.withMaxConnections(200).withIdleTimeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param maxConnections         connections open at once (flag {@code --web.max-connections}); more are closed
 *                               at once, except a few probe slots
 * @param readHeaderTimeout      from a connection's opening to the end of its first request's headers, and the
 *                               TLS handshake's limit (flag {@code --web.read-header-timeout})
 * @param readTimeout            from the end of a request's headers to the end of its body (flag
 *                               {@code --web.read-timeout})
 * @param idleTimeout            how long a connection may wait, between requests, for the next request's headers
 *                               to be complete (flag {@code --web.idle-timeout})
 * @param maxBodyBytesInFlight   bytes of push bodies being read at once across all connections; 0 means a quarter
 *                               of the maximum heap, or the largest push body when more (flag
 *                               {@code --web.max-body-bytes-in-flight})
 */
public record WebLimits(int maxConnections, Duration readHeaderTimeout, Duration readTimeout, Duration idleTimeout,
                        long maxBodyBytesInFlight) {

    public static final WebLimits DEFAULTS = new WebLimits(512, Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(2), 0);

    public WebLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        }
        requirePositive("read header timeout", readHeaderTimeout);
        requirePositive("read timeout", readTimeout);
        requirePositive("idle timeout", idleTimeout);
        if (maxBodyBytesInFlight < 0) {
            throw new IllegalArgumentException("max body bytes in flight must not be negative");
        }
    }

    /**
     * The body budget in bytes: the one set, or a quarter of the largest heap this JVM may use, and
     * never less than {@code largestPushBody}, so that a small heap's budget still reads the largest
     * push the limits allow.
     */
    public long effectiveMaxBodyBytesInFlight(long largestPushBody) {
        return maxBodyBytesInFlight > 0 ? maxBodyBytesInFlight
                : Math.max(Runtime.getRuntime().maxMemory() / 4, largestPushBody);
    }

    public WebLimits withMaxConnections(int n) {
        return new WebLimits(n, readHeaderTimeout, readTimeout, idleTimeout, maxBodyBytesInFlight);
    }

    public WebLimits withReadHeaderTimeout(Duration d) {
        return new WebLimits(maxConnections, d, readTimeout, idleTimeout, maxBodyBytesInFlight);
    }

    public WebLimits withReadTimeout(Duration d) {
        return new WebLimits(maxConnections, readHeaderTimeout, d, idleTimeout, maxBodyBytesInFlight);
    }

    public WebLimits withIdleTimeout(Duration d) {
        return new WebLimits(maxConnections, readHeaderTimeout, readTimeout, d, maxBodyBytesInFlight);
    }

    public WebLimits withMaxBodyBytesInFlight(long bytes) {
        return new WebLimits(maxConnections, readHeaderTimeout, readTimeout, idleTimeout, bytes);
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }
}
