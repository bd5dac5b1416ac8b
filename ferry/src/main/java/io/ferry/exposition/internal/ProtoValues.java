package io.ferry.exposition.internal;

/**
 * Conversions between the model's doubles and the client_model wire types that the protobuf
 * parser and writer must agree on: unsigned 64-bit counts and {@code google.protobuf.Timestamp}.
 */
public final class ProtoValues {
    private static final double TWO_TO_63 = 0x1p63;
    private static final double TWO_TO_64 = 0x1p64;

    private ProtoValues() {
    }

    /** A uint64 read as a Java long, as the double nearest to its unsigned value. */
    public static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // Halve with a sticky low bit so the one rounding to double stays correct, then double.
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** Whether a count can go in a uint64 field exactly: integral, at least 0 and below 2^63. */
    public static boolean fitsUInt64(double count) {
        return count >= 0 && count < TWO_TO_63 && count == Math.rint(count);
    }

    /**
     * The uint64 nearest to {@code count}, for fields that have no float alternative (a summary's
     * count): negative values and NaN give 0, values past 2^64 - 1 give 2^64 - 1.
     */
    public static long toUInt64Saturated(double count) {
        if (!(count > 0)) {
            return 0;
        }
        if (count < TWO_TO_63) {
            return Math.round(count);
        }
        if (count >= TWO_TO_64) {
            return -1L;
        }
        return (long) (count - TWO_TO_63) + Long.MIN_VALUE;
    }

    /**
     * A Timestamp as seconds since the epoch. When the nanoseconds are whole milliseconds the
     * result is computed as {@code ms / 1000.0} in one rounding, so a time that was written from
     * whole milliseconds reads back as exactly the same double.
     */
    public static double timestampToSeconds(long seconds, int nanos) {
        if (nanos % 1_000_000 == 0 && Math.abs(seconds) < (1L << 42)) {
            return (seconds * 1000 + nanos / 1_000_000) / 1000.0;
        }
        return seconds + nanos / 1e9;
    }

    /** The whole seconds of a Timestamp for {@code secondsSinceEpoch} (see {@link #timestampNanos}). */
    public static long timestampSeconds(double secondsSinceEpoch) {
        long ms = wholeMillis(secondsSinceEpoch);
        if (ms != Long.MIN_VALUE) {
            return Math.floorDiv(ms, 1000);
        }
        double s = Math.floor(secondsSinceEpoch);
        long nanos = Math.round((secondsSinceEpoch - s) * 1e9);
        return (long) s + (nanos >= 1_000_000_000L ? 1 : 0);
    }

    /** The nanoseconds (0 to 999,999,999) of a Timestamp for {@code secondsSinceEpoch}. */
    public static int timestampNanos(double secondsSinceEpoch) {
        long ms = wholeMillis(secondsSinceEpoch);
        if (ms != Long.MIN_VALUE) {
            return Math.floorMod(ms, 1000) * 1_000_000;
        }
        double s = Math.floor(secondsSinceEpoch);
        long nanos = Math.round((secondsSinceEpoch - s) * 1e9);
        return nanos >= 1_000_000_000L ? 0 : (int) nanos;
    }

    /** The milliseconds {@code seconds} was made from by {@code ms / 1000.0}, or Long.MIN_VALUE. */
    private static long wholeMillis(double seconds) {
        if (!(Math.abs(seconds) < (double) (1L << 42))) {
            return Long.MIN_VALUE;
        }
        long ms = Math.round(seconds * 1000);
        return ms / 1000.0 == seconds ? ms : Long.MIN_VALUE;
    }

    /** A Timestamp as milliseconds since the epoch, rounding down to the millisecond. */
    public static long timestampToMillis(long seconds, int nanos) {
        return Math.multiplyExact(seconds, 1000L) + Math.floorDiv(nanos, 1_000_000);
    }
}
