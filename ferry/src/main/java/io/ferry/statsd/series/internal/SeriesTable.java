package io.ferry.statsd.series.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One segment of the series store: an open-addressing hash table (linear probing, backward-shift
 * deletion, so no tombstones) from encoded series keys to values held in parallel primitive arrays.
 *
 * <pre>{@code
 * table.lock.lock();
 * try {
 *     int slot = table.find(buf, len, hash);
 *     if (slot < 0) slot = table.insert(-slot - 1, Arrays.copyOf(buf, len), hash);
 *     table.values[slot] += 1;
 * } finally {
 *     table.lock.unlock();
 * }
 * }</pre>
 *
 * <p>Per series a slot costs an {@code int} hash, the key reference, a {@code double} value, a
 * {@code long} deadline and a state reference (a histogram's, summary's or set's mutable state;
 * null for counters and gauges): 28 bytes, at a load factor between 3/8 and 3/4.
 *
 * <p>Not thread-safe by itself: every access, reads included, holds {@link #lock}. Slots move when
 * the table grows or a series is removed, so a slot number is valid only while the lock is held.
 */
public final class SeriesTable {
    private static final int INITIAL = 16;

    public final ReentrantLock lock = new ReentrantLock();
    public int[] hashes;
    public byte[][] keys;
    public double[] values;
    /** When the series expires, in clock milliseconds; {@code Long.MAX_VALUE} for never. */
    public long[] deadlines;
    public Object[] states;
    private int size;

    public SeriesTable() {
        allocate(INITIAL);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return keys.length;
    }

    /** The slot holding the key, or {@code -(free slot) - 1} when absent. */
    public int find(byte[] buf, int len, int hash) {
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return -i - 1;
            }
            if (hashes[i] == hash && Arrays.equals(k, 0, k.length, buf, 0, len)) {
                return i;
            }
        }
    }

    /** Stores a new key at the free slot {@link #find} returned; returns its slot (moved if the table grew). */
    public int insert(int freeSlot, byte[] key, int hash) {
        if ((size + 1) * 4L > keys.length * 3L) {
            resize(keys.length * 2);
            freeSlot = -find(key, key.length, hash) - 1;
        }
        keys[freeSlot] = key;
        hashes[freeSlot] = hash;
        values[freeSlot] = 0;
        deadlines[freeSlot] = Long.MAX_VALUE;
        states[freeSlot] = null;
        size++;
        return freeSlot;
    }

    /**
     * Removes the series at {@code slot}, shifting later members of its probe run back so lookups
     * need no tombstones. A caller scanning slots in ascending order must look at {@code slot} again,
     * since another series may have moved into it.
     */
    public void removeAt(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int i = (slot + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            int home = hashes[i] & mask;
            // The entry at i may fill the hole if its home slot is not cyclically within (hole, i].
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                move(i, hole);
                hole = i;
            }
        }
        keys[hole] = null;
        states[hole] = null;
        size--;
        if (size == 0 && keys.length > INITIAL) {
            allocate(INITIAL); // give an emptied segment's memory back
        }
    }

    private void move(int from, int to) {
        copySlot(hashes, keys, values, deadlines, states, from, to);
    }

    /** Copies slot {@code from} of the given arrays into slot {@code to} of this table's arrays. */
    private void copySlot(int[] h, byte[][] k, double[] v, long[] d, Object[] s, int from, int to) {
        hashes[to] = h[from];
        keys[to] = k[from];
        values[to] = v[from];
        deadlines[to] = d[from];
        states[to] = s[from];
    }

    private void resize(int capacity) {
        int[] oldHashes = hashes;
        byte[][] oldKeys = keys;
        double[] oldValues = values;
        long[] oldDeadlines = deadlines;
        Object[] oldStates = states;
        int oldSize = size;
        allocate(capacity);
        size = oldSize;
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                copySlot(oldHashes, oldKeys, oldValues, oldDeadlines, oldStates, j, i);
            }
        }
    }

    private void allocate(int capacity) {
        hashes = new int[capacity];
        keys = new byte[capacity][];
        values = new double[capacity];
        deadlines = new long[capacity];
        states = new Object[capacity];
        size = 0;
    }
}
