package io.ferry.remotewrite;

import java.time.Duration;

/**
 * What became of one remote write request, classified as Prometheus classifies it.
 *
 * @param outcome    {@link Outcome#SENT}, {@link Outcome#RETRYABLE} or {@link Outcome#REJECTED}
 * @param status     the HTTP status, or 0 when no response arrived (connection refused, timeout)
 * @param retryAfter the receiver's {@code Retry-After} for a retryable answer, {@link Duration#ZERO}
 *                   when absent or unparsable (then the sender's own backoff applies)
 * @param attempts   how many requests were made, 1 for a single attempt
 * @param detail     for anything but SENT: the start of the response body or the error, for a log line
 */
public record SendResult(Outcome outcome, int status, Duration retryAfter, int attempts, String detail) {

    public enum Outcome {
        /** A 2xx: the receiver took the batch. */
        SENT,
        /**
         * A 5xx, a 429 with retries on 429 enabled, or no response at all: the same batch may
         * succeed later and should be sent again after a backoff.
         */
        RETRYABLE,
        /**
         * Any other answer (4xx, including 429 when retries on it are off; 1xx, 3xx): sending the
         * same bytes again cannot help. The caller drops the batch, logs {@link #detail} and counts
         * the samples as failed.
         */
        REJECTED
    }

    public boolean sent() {
        return outcome == Outcome.SENT;
    }

    public boolean retryable() {
        return outcome == Outcome.RETRYABLE;
    }

    SendResult withAttempts(int n) {
        return new SendResult(outcome, status, retryAfter, n, detail);
    }
}
