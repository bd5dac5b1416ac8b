package io.ferry.scrape.discovery.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * A response body read into memory up to a limit; past it the exchange is cancelled and the body
 * fails, so a server cannot make Ferry buffer without bound. Bodies of answers the caller will refuse
 * anyway (wrong status or type) are discarded unread.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private LimitedBody(long limit) {
        this.limit = limit;
    }

    /** Reads bodies of responses {@code wanted} accepts, up to {@code limit} bytes; others become empty. */
    public static HttpResponse.BodyHandler<byte[]> handler(long limit, Predicate<HttpResponse.ResponseInfo> wanted) {
        return info -> wanted.test(info) ? new LimitedBody(limit)
                : HttpResponse.BodySubscribers.replacing(new byte[0]);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (buf.size() + (long) b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new IOException("response body larger than " + limit + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buf.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buf.toByteArray());
    }
}
