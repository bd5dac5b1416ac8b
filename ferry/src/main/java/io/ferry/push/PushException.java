package io.ferry.push;

/** A push or delete refused, with the HTTP status and the message the client gets. */
public final class PushException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String limit;

    public PushException(int status, String message) {
        this(status, message, null);
    }

    /** @param limit the config key of the limit that refused it ({@code max_series_per_push}), or null */
    public PushException(int status, String message, String limit) {
        super(message);
        this.status = status;
        this.limit = limit;
    }

    public int status() {
        return status;
    }

    /** The config key of the limit that refused the push, or null when no limit did. */
    public String limit() {
        return limit;
    }
}
