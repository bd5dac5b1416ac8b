package io.ferry.telemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} values of something, for the small plots of the status pages: a scrape
 * loop's last scrapes, a remote-write queue's depth over the last minutes. Older values fall out
 * as new ones come; nothing is kept on disk.
 *
 * <pre>{@code
 * Recent<Long> depth = new Recent<>(60);
 * depth.add(queue.pendingSamples());   // every 10 s
 * List<Long> plot = depth.values();    // oldest first
 * }</pre>
 *
 * <p><b>Thread-safety and cost.</b> Every method may be called from any thread at once; each
 * takes the object's lock briefly. Memory: one array of {@code capacity} references, allocated
 * once. {@link #values} copies, so what it returns never changes under the reader.
 *
 * @param <T> the values, which should be immutable
 */
public final class Recent<T> {
    private final Object[] ring;
    private int next;
    private int size;

    /** @param capacity how many values are kept, at least 1 */
    public Recent(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.ring = new Object[capacity];
    }

    /** Appends {@code value}, dropping the oldest one when full. */
    public synchronized void add(T value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The values kept, oldest first; a copy. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> values() {
        List<T> out = new ArrayList<>(size);
        int start = Math.floorMod(next - size, ring.length);
        for (int i = 0; i < size; i++) {
            out.add((T) ring[(start + i) % ring.length]);
        }
        return List.copyOf(out);
    }

    /** Copies {@code other}'s values into this one (oldest first), as a replacement takes over a history. */
    public void addAll(Recent<T> other) {
        for (T v : other.values()) {
            add(v);
        }
    }

    public int capacity() {
        return ring.length;
    }
}
