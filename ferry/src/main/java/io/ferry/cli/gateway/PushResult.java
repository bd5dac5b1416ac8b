package io.ferry.cli.gateway;

/** How a request to the gateway ended, after every attempt it was allowed. */
public sealed interface PushResult {
    /** Attempts made, the successful or last one included. */
    int attempts();

    /** A 2xx: the gateway took the request. */
    record Delivered(int status, int attempts) implements PushResult {
    }

    /** An answer that retrying cannot change (a 4xx other than 429, a 3xx), with the gateway's message. */
    record Refused(int status, String message, int attempts) implements PushResult {
    }

    /** No answer that counts: connection errors, timeouts, 5xx or 429 until the retries ran out, or stopped. */
    record Undelivered(String reason, int attempts) implements PushResult {
    }
}
