package io.ferry.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Collects a response body into one array, starting at a size hint and growing it, and cancels
 * the transfer as soon as the body passes {@code limit} bytes, so no server can make Ferry hold
 * more than the limit. Bodies of answers the caller refuses anyway are discarded unread.
 *
 * <pre>{@code
 * HttpResponse<LimitedBody> r = client.send(request, LimitedBody.handler(1 << 20, 64 << 10, i -> i.statusCode() == 200));
 * parse(r.body().bytes(), r.body().length());   // a failed future holds a TooLarge past the limit
 * }</pre>
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody> {
    private final CompletableFuture<LimitedBody> result = new CompletableFuture<>();
    private final long limit;
    private Flow.Subscription subscription;
    private byte[] bytes;
    private int length;

    private LimitedBody(int sizeHint, long limit) {
        this.bytes = new byte[Math.max(16, sizeHint)];
        this.limit = limit;
    }

    /**
     * Reads the bodies of responses {@code wanted} accepts, up to {@code limit} bytes, into an
     * array that starts at {@code sizeHint}; other bodies are discarded and read as empty.
     */
    public static HttpResponse.BodyHandler<LimitedBody> handler(long limit, int sizeHint,
                                                                 Predicate<HttpResponse.ResponseInfo> wanted) {
        return info -> wanted.test(info) ? new LimitedBody(sizeHint, limit)
                : HttpResponse.BodySubscribers.replacing(new LimitedBody(0, 0));
    }

    /** The array holding the body in {@code [0, length())}; it may be longer. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Thrown through the future when the body is larger than the limit. */
    public static final class TooLarge extends RuntimeException {
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
                bytes = Arrays.copyOf(bytes, capacityFor(bytes.length, (long) length + n, limit));
            }
            b.get(bytes, length, n);
            length += n;
        }
    }

    /** The array's next size, for {@code needed} bytes under {@code limit}. */
    static int capacityFor(int capacity, long needed, long limit) {
        return Math.max((int) needed, capacity * 2);
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
