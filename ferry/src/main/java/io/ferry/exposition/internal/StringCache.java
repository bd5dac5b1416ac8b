package io.ferry.exposition.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small two-way set-associative cache from byte ranges to Strings, so that names and label values that
 * repeat across lines (and across scrapes of one parser) share one String and cost no allocation.
 * Bounded by construction: a colliding entry simply replaces the old one. Not thread-safe.
 */
final class StringCache {
    private static final int SIZE = 4096;
    static final int MAX_KEY = 96;

    private final byte[][] keys = new byte[SIZE][];
    private final String[] values = new String[SIZE];

    /**
     * A hash of the length and of three 8-byte words (start, middle, end) for keys of 8 bytes or
     * more: constant time whatever the length, and names that share a prefix and a suffix but differ
     * in the middle still spread.
     */
    private static int slot(byte[] b, int from, int len) {
        long h;
        if (len >= 8) {
            h = Swar.longAt(b, from) * 0x9E3779B97F4A7C15L
                    ^ Swar.longAt(b, from + (len - 8) / 2) * 0xC2B2AE3D27D4EB4FL
                    ^ Swar.longAt(b, from + len - 8) * 0x165667B19E3779F9L;
        } else {
            h = 0;
            for (int i = from; i < from + len; i++) {
                h = h << 8 | (b[i] & 0xFF);
            }
            h *= 0x9E3779B97F4A7C15L;
        }
        h ^= len;
        return (int) (h ^ h >>> 32 ^ h >>> 17) & (SIZE - 1);
    }

    /** The String for {@code b[from, to)}, which the caller knows to be ASCII. */
    String ascii(byte[] b, int from, int to) {
        int len = to - from;
        if (len > MAX_KEY) {
            return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }
        // Two ways per set, so two frequent keys that hash alike do not evict each other forever.
        int slot = slot(b, from, len);
        if (matches(slot, b, from, len)) {
            return values[slot];
        }
        int other = slot ^ 1;
        if (matches(other, b, from, len)) {
            return values[other];
        }
        String s = new String(b, from, len, StandardCharsets.ISO_8859_1);
        keys[other] = keys[slot];
        values[other] = values[slot];
        keys[slot] = Arrays.copyOfRange(b, from, from + len);
        values[slot] = s;
        return s;
    }

    private boolean matches(int slot, byte[] b, int from, int len) {
        byte[] k = keys[slot];
        return k != null && k.length == len && Arrays.equals(k, 0, len, b, from, from + len);
    }
}
