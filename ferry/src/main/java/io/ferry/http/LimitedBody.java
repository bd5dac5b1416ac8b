package io.ferry.http;

/**
 * What every body Ferry's client reads ({@link Http11Client}, by a {@link BodyLimit}) shares: the
 * largest array a body can be, the failure past a limit, and how the array grows: from a size hint,
 * doubling but never past the limit, so that reading takes time linear in the body at every size
 * and no server can make Ferry hold more than the limit. Stateless.
 */
public final class LimitedBody {
    /** The largest array a JVM allocates reliably: the most any body can be, whatever the limit. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private LimitedBody() {
    }

    /** Thrown when the body is larger than the limit. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("body size limit exceeded: the body is larger than " + limit + " bytes", null, false, false);
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
}
