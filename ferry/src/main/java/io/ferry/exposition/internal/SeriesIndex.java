package io.ferry.exposition.internal;

import io.ferry.model.Labels;

/**
 * The series of one body being assembled, keyed by family, label set and timestamp: an
 * open-addressing table with linear probing. One lookup per new series line, so it replaces a
 * {@code HashMap} per family whose entry objects and (for timestamped samples) key records cost an
 * allocation each. The label set's hash is the one {@link Labels} caches.
 *
 * <p>Kept by its parser across bodies, so its arrays are sized once; {@link #clear()} drops every
 * reference it holds (only the slots used, so a small body after a large one costs little).
 * Not thread-safe.
 */
final class SeriesIndex {
    private static final int MIN_CAPACITY = 64;

    private Object[] families = new Object[MIN_CAPACITY];
    private Labels[] labels = new Labels[MIN_CAPACITY];
    private long[] timestamps = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int[] hashes = new int[MIN_CAPACITY];
    private int[] used = new int[MIN_CAPACITY / 2];
    private int size;

    /** The value stored for the key, or null. */
    Object get(Object family, Labels l, long ts) {
        int h = hash(family, l, ts);
        int mask = values.length - 1;
        for (int i = h & mask; values[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && families[i] == family && timestamps[i] == ts && labels[i].equals(l)) {
                return values[i];
            }
        }
        return null;
    }

    /** Stores {@code value} under a key the caller knows to be absent. */
    void putNew(Object family, Labels l, long ts, Object value) {
        if (2 * (size + 1) > values.length) {
            grow();
        }
        int h = hash(family, l, ts);
        int slot = insert(h, family, l, ts, value);
        used[size++] = slot;
    }

    private int insert(int h, Object family, Labels l, long ts, Object value) {
        int mask = values.length - 1;
        int i = h & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        families[i] = family;
        labels[i] = l;
        timestamps[i] = ts;
        values[i] = value;
        hashes[i] = h;
        return i;
    }

    private void grow() {
        Object[] oldFamilies = families;
        Labels[] oldLabels = labels;
        long[] oldTimestamps = timestamps;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        int[] oldUsed = used;
        int capacity = oldValues.length * 2;
        families = new Object[capacity];
        labels = new Labels[capacity];
        timestamps = new long[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
        used = new int[capacity / 2];
        for (int k = 0; k < size; k++) {
            int s = oldUsed[k];
            used[k] = insert(oldHashes[s], oldFamilies[s], oldLabels[s], oldTimestamps[s], oldValues[s]);
        }
    }

    /** Empties the index and drops its references; the capacity stays. */
    void clear() {
        for (int k = 0; k < size; k++) {
            int s = used[k];
            families[s] = null;
            labels[s] = null;
            values[s] = null;
        }
        size = 0;
    }

    int size() {
        return size;
    }

    private static int hash(Object family, Labels l, long ts) {
        // The family's identity hash is stable for its life and spreads well; the mix keeps label
        // sets that differ in one value apart in the low bits.
        long h = (l.hashCode() * 0x9E3779B97F4A7C15L) ^ (System.identityHashCode(family) * 0xC2B2AE3D27D4EB4FL) ^ ts;
        h *= 0x165667B19E3779F9L;
        return (int) (h ^ h >>> 32);
    }
}
