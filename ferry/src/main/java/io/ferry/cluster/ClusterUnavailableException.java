package io.ferry.cluster;

import io.ferry.state.GroupStore;

import java.time.Duration;

/**
 * Kafka could not take a mutation, or did not confirm it in time: the push is answered 503 with
 * {@code Retry-After}. A send that timed out may still be committed later, so its outcome is unknown
 * (the message says so); it is never answered as written.
 */
public final class ClusterUnavailableException extends GroupStore.UnavailableException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
