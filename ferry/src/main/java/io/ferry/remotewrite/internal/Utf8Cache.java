package io.ferry.remotewrite.internal;

import java.nio.charset.StandardCharsets;

/**
 * A bounded map from a {@link String} instance to its UTF-8 bytes, so that a label string met again
 * (the same {@code job} value on every series of a target, the same {@code le} names on every
 * bucket, the same label sets scrape after scrape when the producer keeps them) is converted once.
 *
 * <p>Keyed by identity, not content: a hit costs an identity hash and one comparison, and a string
 * equal to a cached one but a different instance is simply converted again. Direct-mapped: each
 * string has one slot, and a newcomer replaces whatever was there, so memory stays at
 * {@code slots} entries and no eviction bookkeeping runs. The strings held are kept alive until
 * replaced.
 *
 * <p>Not thread-safe: one per encoder.
 */
public final class Utf8Cache {
    private final String[] keys;
    private final byte[][] values;
    private final int mask;

    /** {@code slots} rounded up to a power of two. */
    public Utf8Cache(int slots) {
        int n = Integer.highestOneBit(Math.max(16, slots - 1) << 1);
        keys = new String[n];
        values = new byte[n][];
        mask = n - 1;
    }

    /** The UTF-8 bytes of {@code s}; the caller must not change them. */
    public byte[] bytes(String s) {
        int h = System.identityHashCode(s);
        int i = (h ^ (h >>> 16)) & mask & ~1;
        if (keys[i] == s) {
            return values[i];
        }
        if (keys[i + 1] == s) {
            return values[i + 1];
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        keys[i + 1] = keys[i];
        values[i + 1] = values[i];
        keys[i] = s;
        values[i] = b;
        return b;
    }
}
