package io.ferry.otlp;

import java.time.Duration;

/**
 * An export refused as a whole for now, which the client should send again: ingest cannot keep up
 * ({@link Reason#OVERLOADED}: HTTP 429, gRPC {@code UNAVAILABLE}) or the store cannot write
 * ({@link Reason#STORE_UNAVAILABLE}: HTTP 503, gRPC {@code UNAVAILABLE}); both carry the delay to
 * tell the client ({@code Retry-After}, {@code RetryInfo}). Nothing of a refused export is kept,
 * except when the store failed after some of its resources were written (then sending it again
 * adds those resources' deltas twice: docs/otlp.md).
 */
public final class OtlpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the export was refused. */
    public enum Reason {
        OVERLOADED("overloaded"),
        STORE_UNAVAILABLE("store_unavailable");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The value of the {@code reason} label of the refusal counter. */
        public String label() {
            return label;
        }
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    public OtlpRefusal(Reason reason, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** How long the client should wait before sending the export again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
