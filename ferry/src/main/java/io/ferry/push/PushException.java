package io.ferry.push;

/** A push or delete refused, with the HTTP status and the message the client gets. */
public final class PushException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public PushException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
