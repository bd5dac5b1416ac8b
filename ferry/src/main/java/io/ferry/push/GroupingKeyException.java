package io.ferry.push;

/**
 * A push path whose grouping key the Pushgateway refuses. The message is exactly the Pushgateway's
 * error text, e.g. {@code improper label name "__x"}, so the HTTP layer answers 400 with the
 * message (and a newline, as Go's {@code http.Error} adds) as the body.
 *
 * <p>Checked: the path is untrusted input, and a caller of {@link GroupingKey#parse} must decide
 * what to answer rather than let a 500 escape. No stack trace is recorded, since the cause is
 * always the request, never the code.
 */
public final class GroupingKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    GroupingKeyException(String message) {
        super(message, null, false, false);
    }
}
