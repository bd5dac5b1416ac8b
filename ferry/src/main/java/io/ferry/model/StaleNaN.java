package io.ferry.model;

/**
 * Prometheus' stale marker: a NaN with its own bit pattern that tells storage a series has ended.
 * Any other NaN is an ordinary value, so code that produces NaN values must not produce these bits.
 */
public final class StaleNaN {
    public static final long BITS = 0x7ff0000000000002L;
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {
    }

    public static boolean is(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
