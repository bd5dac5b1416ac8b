package io.ferry.scrape.internal;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into one array, starting with the caller's array and growing it, and
 * cancels the transfer as soon as the body passes {@code limit} bytes, so no target can make a
 * scrape hold more than the limit.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody> {
    private final CompletableFuture<LimitedBody> result = new CompletableFuture<>();
    private final long limit;
    private Flow.Subscription subscription;
    byte[] bytes;
    int length;

    LimitedBody(byte[] first, long limit) {
        this.bytes = first;
        this.limit = limit;
    }

    /** Thrown through the future when the body is larger than the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("body size limit exceeded: the body is larger than " + limit + " bytes", null, false, false);
        }
    }

    @Override
    public CompletionStage<LimitedBody> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if ((long) length + n > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
            }
            b.get(bytes, length, n);
            length += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(this);
    }
}
