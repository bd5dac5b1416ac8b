package io.ferry.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The series of several families in one order, kept as that order over their lists rather than as a
 * copy: an {@code int} a series, or nothing when the parts put end to end are in order already. {@link #get} reads the part's series. Immutable and thread-safe (the
 * parts are families' lists, themselves immutable).
 */
final class SeriesMerge extends AbstractList<Metric> implements RandomAccess {
    private final List<Metric>[] parts;
    /** Where each part starts in the parts put end to end. */
    private final int[] starts;
    /** Series {@code i} is the {@code order[i]}-th of the parts put end to end; null when it is the {@code i}-th. */
    private final int[] order;
    private final int size;

    private SeriesMerge(List<Metric>[] parts, int[] starts, int[] order, int size) {
        this.parts = parts;
        this.starts = starts;
        this.order = order;
        this.size = size;
    }

    /**
     * The series of {@code parts} sorted by {@code by}, stable: equal series stay in part order. When
     * the parts put end to end are in order already (common: groups in key order, each sorted, its
     * grouping labels first) nothing is sorted; with {@link MetricFamily#SERIES_ORDER}, a part kept as
     * columns knows whether it is in order, so only where parts meet are series read and compared.
     */
    @SuppressWarnings("unchecked")
    static SeriesMerge of(List<MetricFamily> parts, Comparator<? super Metric> by) {
        List<Metric>[] lists = new List[parts.size()];
        int[] starts = new int[parts.size()];
        int n = 0;
        for (int p = 0; p < lists.length; p++) {
            lists[p] = parts.get(p).metrics();
            starts[p] = n;
            n += lists[p].size();
        }
        if (inOrder(lists, by)) {
            return new SeriesMerge(lists, starts, null, n);
        }
        Metric[] all = new Metric[n];
        Integer[] sorted = new Integer[n];
        int i = 0;
        for (List<Metric> list : lists) {
            for (Metric m : list) {
                all[i] = m;
                sorted[i] = i;
                i++;
            }
        }
        Arrays.sort(sorted, (a, b) -> by.compare(all[a], all[b])); // stable
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = sorted[k];
        }
        return new SeriesMerge(lists, starts, order, n);
    }

    private static boolean inOrder(List<Metric>[] lists, Comparator<? super Metric> by) {
        List<Metric> previous = null; // the last part with series
        for (List<Metric> list : lists) {
            if (list.isEmpty()) {
                continue;
            }
            boolean sorted = by == MetricFamily.SERIES_ORDER && list instanceof ValueColumns columns
                    ? columns.inSeriesOrder() : sorted(list, by);
            if (!sorted || previous != null && !meetInOrder(previous, list, by)) {
                return false;
            }
            previous = list;
        }
        return true;
    }

    private static boolean sorted(List<Metric> list, Comparator<? super Metric> by) {
        for (int i = 1; i < list.size(); i++) {
            if (by.compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the last series of {@code before} does not sort after the first of {@code after}. */
    private static boolean meetInOrder(List<Metric> before, List<Metric> after, Comparator<? super Metric> by) {
        if (by == MetricFamily.SERIES_ORDER && before instanceof ValueColumns a && after instanceof ValueColumns b
                && a.sameNames(b)) {
            return a.compare(a.size() - 1, b, 0) <= 0; // plain series of the same names: their values decide
        }
        return by.compare(before.get(before.size() - 1), after.get(0)) <= 0;
    }

    /** As {@link MetricFamily#forEachPlain}: false, having visited nothing, unless every part with series is columns. */
    boolean forEachPlain(MetricFamily.PlainSeries visitor) {
        for (List<Metric> part : parts) {
            if (!(part instanceof ValueColumns) && !part.isEmpty()) {
                return false;
            }
        }
        if (order == null) {
            for (List<Metric> part : parts) {
                if (part instanceof ValueColumns columns) {
                    columns.forEach(visitor);
                }
            }
            return true;
        }
        for (int at : order) {
            int p = partOf(at);
            ((ValueColumns) parts[p]).visit(at - starts[p], visitor);
        }
        return true;
    }

    @Override
    public Metric get(int index) {
        Objects.checkIndex(index, size);
        int at = order == null ? index : order[index];
        int p = partOf(at);
        return parts[p].get(at - starts[p]);
    }

    /** The part that holds the {@code at}-th series of the parts put end to end. */
    private int partOf(int at) {
        int p = Arrays.binarySearch(starts, at);
        if (p < 0) {
            return -p - 2;
        }
        while (p + 1 < starts.length && starts[p + 1] == at) {
            p++; // past empty parts, which start where the next one does
        }
        return p;
    }

    @Override
    public int size() {
        return size;
    }
}
