package io.ferry.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The series of a value family kept as columns, for families held for long (the push store): when
 * every series is a plain {@link ValueMetric} (no timestamp, created time or exemplar) and all have
 * the same label names, the names are kept once, the label values in one array and the values in
 * another. A series then costs its label value references and one {@code double}: 20 bytes with
 * three labels, against about 110 as a {@link ValueMetric} with its own {@link Labels}.
 *
 * <p>{@link #get} builds the series it returns, equal to the one stored, each time; readers that keep
 * what they read keep those objects. Immutable and thread-safe.
 */
final class ValueColumns extends AbstractList<Metric> implements RandomAccess {
    /** The label names of every series, sorted. */
    private final String[] names;
    /** The label values: series {@code i}'s are at {@code [i * names.length, (i + 1) * names.length)}. */
    private final String[] labelValues;
    private final double[] values;
    /** Whether the series are in {@link MetricFamily#SERIES_ORDER}, found once as the columns are made. */
    private final boolean inSeriesOrder;
    /**
     * The names of the last columns made: families of a store mostly share their label names, so
     * they share one array. Arrays are never changed, so a stale read only costs a copy.
     */
    private static volatile String[] lastNames = new String[0];

    private ValueColumns(String[] names, String[] labelValues, double[] values) {
        this.names = names;
        this.labelValues = labelValues;
        this.values = values;
        this.inSeriesOrder = labelValuesInOrder(labelValues, names.length);
    }

    /**
     * Whether the series are in {@link MetricFamily#SERIES_ORDER}, known without building them. With
     * the same label names and no timestamps that order is the label values', pairwise in name order.
     */
    boolean inSeriesOrder() {
        return inSeriesOrder;
    }

    private static boolean labelValuesInOrder(String[] labelValues, int k) {
        for (int at = k; at < labelValues.length; at += k) {
            for (int j = 0; j < k; j++) {
                int c = Labels.compareUtf8(labelValues[at - k + j], labelValues[at + j]);
                if (c != 0) {
                    if (c > 0) {
                        return false;
                    }
                    break;
                }
            }
        }
        return true;
    }

    /** {@code metrics} as columns, or null when they do not fit: not all plain values of the same label names. */
    static ValueColumns of(List<Metric> metrics) {
        if (metrics instanceof ValueColumns c) {
            return c;
        }
        int n = metrics.size();
        if (n == 0 || !(metrics.get(0) instanceof ValueMetric first)) {
            return null;
        }
        String[] names = first.labels().names();
        String[] shared = lastNames;
        if (Arrays.equals(names, shared)) {
            names = shared;
        }
        int k = names.length;
        String[] labelValues = new String[n * k];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(metrics.get(i) instanceof ValueMetric m) || !isPlain(m) || !m.labels().copyValuesIfNamed(names,
                    labelValues, i * k)) {
                return null;
            }
            values[i] = m.value();
        }
        lastNames = names;
        return new ValueColumns(names, labelValues, values);
    }

    private static boolean isPlain(ValueMetric m) {
        return !m.hasTimestamp() && !m.hasCreated() && m.exemplar() == null;
    }

    /** Hands every series to {@code visitor}, in order, without building it. */
    void forEach(MetricFamily.PlainSeries visitor) {
        int k = names.length;
        for (int i = 0; i < values.length; i++) {
            visitor.accept(names, labelValues, i * k, values[i]);
        }
    }

    /** Hands series {@code index} to {@code visitor} without building it. */
    void visit(int index, MetricFamily.PlainSeries visitor) {
        visitor.accept(names, labelValues, index * names.length, values[index]);
    }

    /**
     * {@link MetricFamily#SERIES_ORDER} between series {@code i} here and series {@code j} of {@code other},
     * compared without building either; only for columns with the same label names.
     */
    int compare(int i, ValueColumns other, int j) {
        int k = names.length;
        for (int n = 0; n < k; n++) {
            int c = Labels.compareUtf8(labelValues[i * k + n], other.labelValues[j * k + n]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Whether {@code other}'s series have the same label names as these. */
    boolean sameNames(ValueColumns other) {
        return names == other.names || Arrays.equals(names, other.names);
    }

    @Override
    public Metric get(int index) {
        java.util.Objects.checkIndex(index, values.length);
        return ValueMetric.of(Labels.ofColumns(names, labelValues, index * names.length), values[index]);
    }

    @Override
    public int size() {
        return values.length;
    }
}
