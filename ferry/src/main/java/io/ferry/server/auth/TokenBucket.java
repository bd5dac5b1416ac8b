package io.ferry.server.auth;

/**
 * One token bucket: it holds at most {@code burst} tokens and earns them back at {@code perSecond};
 * a request takes one. Time is given by the caller in nanoseconds ({@link System#nanoTime}), so
 * tests move it by hand. Thread-safe; never blocks beyond a short lock.
 */
public final class TokenBucket {
    /** What {@link #take} answers once the bucket is {@linkplain #retireIfIdle retired}. */
    public static final long RETIRED = -1;
    private final double perSecond;
    private final int burst;
    private double tokens;
    private long updated;
    private boolean retired;

    /** A full bucket at {@code now}. */
    public TokenBucket(double perSecond, int burst, long now) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.updated = now;
    }

    /**
     * Takes a token at {@code now}: 0 when there was one, else the nanoseconds until there is;
     * {@link #RETIRED} and nothing taken once the bucket is retired.
     */
    public synchronized long take(long now) {
        if (retired) {
            return RETIRED;
        }
        tokens = Math.min(burst, tokens + (now - updated) * perSecond / 1e9);
        updated = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) ((1 - tokens) / perSecond * 1e9));
    }

    /**
     * Retires the bucket when nothing was taken for more than {@code nanos} before {@code now}, so
     * that whoever still holds it learns to look for a new one instead of taking from a bucket that
     * is no longer kept. Whether it is retired.
     */
    public synchronized boolean retireIfIdle(long now, long nanos) {
        retired |= now - updated > nanos;
        return retired;
    }
}
