package io.ferry.statsd.mapping.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded cache of lookup results, keyed by a name and a small kind index (0 to {@code kinds - 1}):
 * one entry per name holds a slot per kind, so a lookup allocates nothing and costs one
 * {@link ConcurrentHashMap#get}.
 *
 * <pre>{@code
 * ResultCache<Mapping> cache = new ResultCache<>(10_000, 3);
 * Mapping m = cache.get("a.b", 0);
 * if (m == null) {
 *     cache.put("a.b", 0, m = compute());
 * }
 * }</pre>
 *
 * <p>Eviction is by generations rather than per entry: names go into the current generation; when
 * it holds half the capacity it becomes the previous one and the one before is dropped whole. A
 * name found in the previous generation moves to the current one, so names in use stay, and at
 * most about {@code capacity} names are held. No lock on the read path and none on insertion
 * except at a turn of generation. Thread-safe; a value put is seen by every later {@code get}.
 */
public final class ResultCache<V> {
    private final int kinds;
    private final int generationSize;
    private final Object turnLock = new Object();
    private volatile Generations<V> generations = new Generations<>(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());

    private record Generations<V>(ConcurrentHashMap<String, AtomicReferenceArray<V>> current,
            ConcurrentHashMap<String, AtomicReferenceArray<V>> previous) {
    }

    /** @param capacity the most names held, at least 1 */
    public ResultCache(int capacity, int kinds) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.kinds = kinds;
        this.generationSize = Math.max(1, capacity / 2);
    }

    /** The value cached for {@code name} and {@code kind}, or null. */
    public V get(String name, int kind) {
        Generations<V> g = generations;
        AtomicReferenceArray<V> slots = g.current.get(name);
        if (slots == null) {
            slots = g.previous.get(name);
            if (slots == null) {
                return null;
            }
            promote(g, name, slots);
        }
        return slots.get(kind);
    }

    public void put(String name, int kind, V value) {
        Generations<V> g = generations;
        AtomicReferenceArray<V> slots = g.current.get(name);
        if (slots == null) {
            AtomicReferenceArray<V> old = g.previous.get(name);
            slots = old != null ? old : new AtomicReferenceArray<>(kinds);
            slots = promote(g, name, slots);
        }
        slots.set(kind, value);
    }

    /** The number of names held now (for tests and metrics). */
    public int size() {
        Generations<V> g = generations;
        return g.current.size() + g.previous.size();
    }

    private AtomicReferenceArray<V> promote(Generations<V> g, String name, AtomicReferenceArray<V> slots) {
        AtomicReferenceArray<V> raced = g.current.putIfAbsent(name, slots);
        if (raced != null) {
            return raced;
        }
        if (g.current.size() >= generationSize) {
            turn(g);
        }
        return slots;
    }

    private void turn(Generations<V> seen) {
        synchronized (turnLock) {
            if (generations == seen) {
                generations = new Generations<>(new ConcurrentHashMap<>(), seen.current);
            }
        }
    }
}
