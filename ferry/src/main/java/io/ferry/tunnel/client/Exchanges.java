package io.ferry.tunnel.client;

import io.ferry.http.LimitedBody;
import io.ferry.log.ErrorText;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for an exchange of the JDK's client, as the client's polls and pushes wait. Stateless. */
final class Exchanges {
    /** Go's words for a deadline that passed, which PushProx's texts carry. */
    static final String DEADLINE_EXCEEDED = "context deadline exceeded";

    private Exchanges() {
    }

    /**
     * The answer by {@code deadlineNanos} ({@link Long#MAX_VALUE}: no deadline); an interrupt (a
     * stop) or the deadline cancels the exchange.
     *
     * @throws IOException saying why there is no answer: {@link #DEADLINE_EXCEEDED}, a body over its
     *                     limit, or the network's reason in words
     */
    static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> call, long deadlineNanos)
            throws IOException, InterruptedException {
        try {
            return deadlineNanos == Long.MAX_VALUE ? call.get()
                    : call.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException(DEADLINE_EXCEEDED);
        } catch (CancellationException e) {
            throw new IOException("cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                throw new IOException(DEADLINE_EXCEEDED, c);
            }
            throw new IOException(c instanceof LimitedBody.TooLarge ? c.getMessage() : ErrorText.of(c), c);
        }
    }
}
