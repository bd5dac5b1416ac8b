package io.ferry.http;

/**
 * How much of a response's body {@link Http11Client} reads: up to {@code limit} bytes, and past it
 * either fails the exchange ({@link LimitedBody.TooLarge}) or keeps the start ({@code truncate}).
 * A body not read to its end closes its connection instead of keeping it alive, so no server can
 * make Ferry read more than it asked for.
 *
 * <pre>{@code
 * client.send(request, deadline, status -> status == 200 ? BodyLimit.failAbove(limit, lastSize) : BodyLimit.prefix(0));
 * }</pre>
 *
 * @param limit    bytes at most, capped at {@link LimitedBody#MAX_ARRAY}
 * @param sizeHint the array's first size when the body's length is not announced
 */
public record BodyLimit(long limit, int sizeHint, boolean truncate) {
    /** None of the body is kept. */
    public static final BodyLimit NONE = prefix(0);

    public BodyLimit {
        limit = Math.min(Math.max(0, limit), LimitedBody.MAX_ARRAY);
    }

    /** The whole body, which must not be longer than {@code limit}. */
    public static BodyLimit failAbove(long limit, int sizeHint) {
        return new BodyLimit(limit, sizeHint, false);
    }

    /** At most the first {@code bytes} of the body; the rest is not read. */
    public static BodyLimit prefix(int bytes) {
        return new BodyLimit(bytes, bytes, true);
    }
}
