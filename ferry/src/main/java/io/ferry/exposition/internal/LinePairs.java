package io.ferry.exposition.internal;

import java.util.Arrays;

/**
 * The label pairs of one sample line as parsed, with where each pair's name and raw value lie and
 * where the pair ended (all relative to the sample's start), so that the next line can take the
 * pairs it repeats byte for byte, and, pair by pair, a name or value it repeats at another offset.
 * A bound pair ({@code le}, {@code quantile}) has a null value and its number in {@link #bound}.
 * Not thread-safe.
 */
final class LinePairs {
    int count;
    private int[] ends = new int[8];
    private int[] nameStarts = new int[8];
    private int[] valueStarts = new int[8];
    private int[] valueEnds = new int[8];
    private String[] names = new String[8];
    private String[] values = new String[8];
    private double[] bounds = new double[8];

    void clear() {
        count = 0;
    }

    /**
     * @param valueStart where the value's raw text starts (after its opening quote)
     * @param valueEnd   where its closing quote is
     */
    void add(int nameStart, int valueStart, int valueEnd, int end, String name, String value, double bound) {
        if (count == ends.length) {
            int n = count * 2;
            ends = Arrays.copyOf(ends, n);
            nameStarts = Arrays.copyOf(nameStarts, n);
            valueStarts = Arrays.copyOf(valueStarts, n);
            valueEnds = Arrays.copyOf(valueEnds, n);
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            bounds = Arrays.copyOf(bounds, n);
        }
        ends[count] = end;
        nameStarts[count] = nameStart;
        valueStarts[count] = valueStart;
        valueEnds[count] = valueEnd;
        names[count] = name;
        values[count] = value;
        bounds[count] = bound;
        count++;
    }

    int end(int i) {
        return ends[i];
    }

    int nameStart(int i) {
        return nameStarts[i];
    }

    int valueStart(int i) {
        return valueStarts[i];
    }

    int valueEnd(int i) {
        return valueEnds[i];
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
