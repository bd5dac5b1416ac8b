package io.ferry.exposition.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"): the text parsers spend most of
 * their time looking for newlines, quotes and backslashes.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;

    private Swar() {
    }

    static long longAt(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Flags (high bit per byte) the bytes of {@code w} equal to the byte repeated in {@code pattern}; the lowest flag is exact. */
    private static long equalBytes(long w, long pattern) {
        long x = w ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /** Index of the first newline in {@code b[from, to)}, or -1. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = equalBytes(longAt(b, i), NEWLINES);
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first quote, backslash or non-ASCII byte in {@code b[from, to)}, or {@code to}. */
    static int indexOfQuoteBackslashOrHigh(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = longAt(b, i);
            long t = equalBytes(w, QUOTES) | equalBytes(w, BACKSLASHES) | w & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0) {
                return i;
            }
        }
        return to;
    }
}
