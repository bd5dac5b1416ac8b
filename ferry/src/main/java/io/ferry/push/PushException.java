package io.ferry.push;

/** A push or delete refused, with the HTTP status and the message the client gets. */
public final class PushException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String limit;
    private final transient java.time.Duration retryAfter;

    public PushException(int status, String message) {
        this(status, message, null);
    }

    /** @param limit the config key of the limit that refused it ({@code max_series_per_push}), or null */
    public PushException(int status, String message, String limit) {
        this(status, message, limit, null);
    }

    /** @param retryAfter when the client may try again ({@code Retry-After}); null: not said */
    public PushException(int status, String message, String limit, java.time.Duration retryAfter) {
        super(message);
        this.status = status;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** When the client may try again, for {@code Retry-After}; null when not said. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public int status() {
        return status;
    }

    /** The config key of the limit that refused the push, or null when no limit did. */
    public String limit() {
        return limit;
    }
}
