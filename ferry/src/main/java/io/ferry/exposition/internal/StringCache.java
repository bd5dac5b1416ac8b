package io.ferry.exposition.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small direct-mapped cache from byte ranges to Strings, so that names and label values that
 * repeat across lines (and across scrapes of one parser) share one String and cost no allocation.
 * Bounded by construction: a colliding entry simply replaces the old one. Not thread-safe.
 */
final class StringCache {
    private static final int SIZE = 4096;
    static final int MAX_KEY = 96;

    private final byte[][] keys = new byte[SIZE][];
    private final String[] values = new String[SIZE];

    /** The String for {@code b[from, to)}, which the caller knows to be ASCII. */
    String ascii(byte[] b, int from, int to) {
        int len = to - from;
        if (len > MAX_KEY) {
            return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        int slot = (h ^ h >>> 16) & (SIZE - 1);
        byte[] k = keys[slot];
        if (k != null && k.length == len && Arrays.equals(k, 0, len, b, from, to)) {
            return values[slot];
        }
        String s = new String(b, from, len, StandardCharsets.ISO_8859_1);
        keys[slot] = Arrays.copyOfRange(b, from, to);
        values[slot] = s;
        return s;
    }
}
