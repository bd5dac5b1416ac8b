package io.ferry.exposition.internal;

import java.util.Arrays;

/**
 * The label pairs of one sample line as parsed, with where each ended (relative to the sample's
 * start), so that the next line can take the pairs it repeats byte for byte. A bound pair
 * ({@code le}, {@code quantile}) has a null value and its number in {@link #bound}. Not thread-safe.
 */
final class LinePairs {
    int count;
    private int[] ends = new int[8];
    private String[] names = new String[8];
    private String[] values = new String[8];
    private double[] bounds = new double[8];

    void clear() {
        count = 0;
    }

    void add(int end, String name, String value, double bound) {
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
            bounds = Arrays.copyOf(bounds, count * 2);
        }
        ends[count] = end;
        names[count] = name;
        values[count] = value;
        bounds[count] = bound;
        count++;
    }

    int end(int i) {
        return ends[i];
    }

    String name(int i) {
        return names[i];
    }

    String value(int i) {
        return values[i];
    }

    double bound(int i) {
        return bounds[i];
    }
}
