package io.ferry.otlp;

/**
 * The bytes and data points of exports being converted and written at once, bounded so that a
 * burst of exports waits at the client (refused with a retryable status) rather than in Ferry's
 * heap. An export is admitted when it fits under both bounds, or when nothing else is in flight
 * (so an export larger than a bound still passes, alone); it is released once, when it is done.
 *
 * <pre>{@code
 * Admission admission = new Admission(256 << 20, 2_000_000);
 * if (admission.tryAcquire(bytes, points)) { try { ... } finally { admission.release(bytes, points); } }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Admission {
    private final long maxBytes;
    private final long maxPoints;
    private long bytes;
    private long points;
    private int exports;

    /**
     * @param maxBytes  the most decoded request bytes in flight ({@code otlp.max_bytes_in_flight})
     * @param maxPoints the most data points in flight ({@code otlp.max_points_in_flight})
     */
    public Admission(long maxBytes, long maxPoints) {
        this.maxBytes = maxBytes;
        this.maxPoints = maxPoints;
    }

    /** Admits an export of {@code bytes} and {@code points} if it fits; false, and nothing held, if not. */
    public synchronized boolean tryAcquire(long bytes, long points) {
        if (exports > 0 && (this.bytes + bytes > maxBytes || this.points + points > maxPoints)) {
            return false;
        }
        this.bytes += bytes;
        this.points += points;
        exports++;
        return true;
    }

    /** Gives back what {@link #tryAcquire} took for one export. */
    public synchronized void release(long bytes, long points) {
        this.bytes -= bytes;
        this.points -= points;
        exports--;
    }

    public synchronized long bytesInFlight() {
        return bytes;
    }

    public synchronized long pointsInFlight() {
        return points;
    }
}
