package io.ferry.scrape.internal;

import io.ferry.model.LabelFields;

/**
 * The series a scrape appended, each with a timestamp, compared by their {@link LabelFields}'
 * bytes: an open-addressing table of the ranges (array, start, length), at most half full, that
 * copies no bytes and makes no object per series.
 *
 * <pre>{@code
 * SeriesSet appended = new SeriesSet(expected);
 * if (!appended.add(data, start, length, timestampMs)) duplicates++;
 * }</pre>
 *
 * <p>Not thread-safe: one per scrape.
 */
public final class SeriesSet {
    private byte[][] arrays;
    private int[] starts;
    private int[] lengths;
    private long[] times;
    private int[] hashes;
    private int size;

    /** A set with room for about {@code expected} series before it grows. */
    public SeriesSet(int expected) {
        allocate(Integer.highestOneBit(Math.max(8, 2 * expected - 1)) << 1);
    }

    public int size() {
        return size;
    }

    /** Adds the series {@code data[start .. start + length)} at {@code timestampMs}; false when it is there already. */
    public boolean add(byte[] data, int start, int length, long timestampMs) {
        int hash = LabelFields.hash(data, start, length) * 31 + Long.hashCode(timestampMs);
        int mask = arrays.length - 1;
        int i = (hash ^ hash >>> 16) & mask;
        for (; arrays[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && times[i] == timestampMs
                    && LabelFields.equal(arrays[i], starts[i], lengths[i], data, start, length)) {
                return false;
            }
        }
        arrays[i] = data;
        starts[i] = start;
        lengths[i] = length;
        times[i] = timestampMs;
        hashes[i] = hash;
        if (++size * 2 > arrays.length) {
            grow();
        }
        return true;
    }

    private void grow() {
        byte[][] oldArrays = arrays;
        int[] oldStarts = starts;
        int[] oldLengths = lengths;
        long[] oldTimes = times;
        int[] oldHashes = hashes;
        allocate(oldArrays.length * 2);
        int mask = arrays.length - 1;
        for (int j = 0; j < oldArrays.length; j++) {
            if (oldArrays[j] != null) {
                int i = (oldHashes[j] ^ oldHashes[j] >>> 16) & mask;
                while (arrays[i] != null) {
                    i = (i + 1) & mask;
                }
                arrays[i] = oldArrays[j];
                starts[i] = oldStarts[j];
                lengths[i] = oldLengths[j];
                times[i] = oldTimes[j];
                hashes[i] = oldHashes[j];
            }
        }
    }

    private void allocate(int slots) {
        arrays = new byte[slots][];
        starts = new int[slots];
        lengths = new int[slots];
        times = new long[slots];
        hashes = new int[slots];
    }
}
