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
 * Collects a response body into one array, starting at a size hint and doubling it (never past the
 * limit), so collecting takes time linear in the body at every size; and cancels the transfer as
 * soon as the body passes {@code limit} bytes, so no server can make Ferry hold more than the limit.
 * No limit still ends at {@link #MAX_ARRAY}, the most one array holds. Bodies of answers the caller
 * refuses anyway are discarded unread.
 *
 * <pre>{@code
 * HttpResponse<LimitedBody> r = client.send(request, LimitedBody.handler(1 << 20, 64 << 10, i -> i.statusCode() == 200));
 * parse(r.body().bytes(), r.body().length());   // a failed future holds a TooLarge past the limit
 * }</pre>
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody> {
    /** The largest array a JVM allocates reliably: the most any body can be, whatever the limit. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final CompletableFuture<LimitedBody> result = new CompletableFuture<>();
    private final long limit;
    private Flow.Subscription subscription;
    private byte[] bytes;
    private int length;

    private LimitedBody(int sizeHint, long limit) {
        this.limit = Math.min(limit, MAX_ARRAY);
        this.bytes = new byte[(int) Math.min(Math.max(16, sizeHint), Math.max(16, this.limit))];
    }

    /**
     * Reads the bodies of responses {@code wanted} accepts, up to {@code limit} bytes (at most
     * {@link #MAX_ARRAY}), into an array that starts at {@code sizeHint}; other bodies are
     * discarded and read as empty.
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

    /**
     * The array's next size for {@code needed <= limit} bytes: double the current one, so each byte
     * is copied a constant number of times on average, but never past the limit (or the largest
     * array): the array is never larger than the limit, though the old and new one coexist while it grows.
     */
    static int capacityFor(int capacity, long needed, long limit) {
        return (int) Math.min(Math.min(limit, MAX_ARRAY), Math.max(needed, 2L * capacity));
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
