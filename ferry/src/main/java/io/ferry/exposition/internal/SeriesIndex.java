package io.ferry.exposition.internal;

import io.ferry.exposition.internal.FamilyAssembler.Family;
import io.ferry.exposition.internal.FamilyAssembler.Point;
import io.ferry.model.Labels;

/**
 * The series of one body being assembled, found by family, label set and timestamp: an
 * open-addressing table of points with linear probing. One lookup per new series line, so it
 * replaces a {@code HashMap} per family whose entry objects and (for timestamped samples) key
 * records cost an allocation each. A point carries its own key; beside it the table keeps only
 * the key's hash, so an insert touches two arrays. The label set's hash is the one {@link Labels}
 * caches.
 *
 * <p>Kept by its parser across bodies, so its arrays are sized once; {@link #clear()} drops every
 * reference it holds (only the slots used, so a small body after a large one costs little), and
 * arrays grown past {@link #MAX_KEPT_CAPACITY} slots: a parser kept per thread (the push path)
 * must not hold megabytes for one large body it once read. Not thread-safe.
 */
final class SeriesIndex {
    private static final int MIN_CAPACITY = 64;
    /** 4,096 series; about 80 KB of arrays. */
    static final int MAX_KEPT_CAPACITY = 8192;

    private Point[] points = new Point[MIN_CAPACITY];
    private int[] hashes = new int[MIN_CAPACITY];
    private int[] used = new int[MIN_CAPACITY / 2];
    private int size;

    /** The point of this family, label set and timestamp, or null. */
    Point get(Family family, Labels labels, long ts) {
        int h = hash(family, labels, ts);
        int mask = points.length - 1;
        Point p;
        for (int i = h & mask; (p = points[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && p.family == family && p.ts == ts && p.labels.equals(labels)) {
                return p;
            }
        }
        return null;
    }

    /** Adds a point whose key the caller knows to be absent. */
    void putNew(Point p) {
        if (2 * (size + 1) > points.length) {
            grow();
        }
        used[size++] = insert(hash(p.family, p.labels, p.ts), p);
    }

    private int insert(int h, Point p) {
        int mask = points.length - 1;
        int i = h & mask;
        while (points[i] != null) {
            i = (i + 1) & mask;
        }
        points[i] = p;
        hashes[i] = h;
        return i;
    }

    private void grow() {
        Point[] oldPoints = points;
        int[] oldHashes = hashes;
        int[] oldUsed = used;
        int capacity = oldPoints.length * 2;
        points = new Point[capacity];
        hashes = new int[capacity];
        used = new int[capacity / 2];
        for (int k = 0; k < size; k++) {
            int s = oldUsed[k];
            used[k] = insert(oldHashes[s], oldPoints[s]);
        }
    }

    /** Empties the index and drops its references; the capacity stays up to {@link #MAX_KEPT_CAPACITY}. */
    void clear() {
        if (points.length > MAX_KEPT_CAPACITY) {
            points = new Point[MAX_KEPT_CAPACITY];
            hashes = new int[MAX_KEPT_CAPACITY];
            used = new int[MAX_KEPT_CAPACITY / 2];
        } else {
            for (int k = 0; k < size; k++) {
                points[used[k]] = null;
            }
        }
        size = 0;
    }

    int capacity() {
        return points.length;
    }

    private static int hash(Family family, Labels labels, long ts) {
        // The mix keeps label sets that differ in one value apart in the low bits the table uses.
        long h = (labels.hashCode() * 0x9E3779B97F4A7C15L) ^ (family.id * 0xC2B2AE3D27D4EB4FL) ^ ts;
        h *= 0x165667B19E3779F9L;
        return (int) (h ^ h >>> 32);
    }
}
