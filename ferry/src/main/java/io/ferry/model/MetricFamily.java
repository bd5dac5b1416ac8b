package io.ferry.model;

import java.util.Comparator;
import java.util.List;

/**
 * A named group of series of one type, with optional HELP and UNIT: the unit every format, the
 * store and the writers share.
 *
 * <pre>{@code
 * MetricFamily f = new MetricFamily("jobs_done_total", MetricType.COUNTER, "Jobs done.", null,
 *         List.of(ValueMetric.of(Labels.of("job", "etl"), 42)));
 * }</pre>
 *
 * <p><b>Naming.</b> For single-value types the family name is the series name as Prometheus stores
 * it: a counter is {@code jobs_done_total}, an info family {@code build_info}. For histograms and
 * summaries it is the base name to which {@code _bucket}, {@code _sum} and {@code _count} are added.
 * The OpenMetrics codec strips and re-adds {@code _total} and {@code _info} on its metadata lines.
 *
 * @param name    the family name, valid by {@link MetricNames#isValidMetricName}
 * @param type    the type, which fixes the kind of every metric
 * @param help    the HELP text, or null when the exposition had no HELP line
 * @param unit    the OpenMetrics UNIT, or null
 * @param metrics the series, in exposition order
 */
public record MetricFamily(String name, MetricType type, String help, String unit, List<Metric> metrics) {
    /**
     * The order of series within a family on {@code /metrics}, client_golang's metric sorter: by labels
     * ({@link Labels#compareTo}), then by timestamp with series without one last.
     */
    public static final Comparator<Metric> SERIES_ORDER = MetricFamily::compareSeries;

    public MetricFamily {
        if (name == null || type == null) {
            throw new NullPointerException("name and type are required");
        }
        // Columns and merges are immutable and hold series of one shape: no copy, and one check of the shape.
        List<Metric> each = metrics instanceof ValueColumns || metrics instanceof SeriesMerge
                ? metrics.subList(0, Math.min(1, metrics.size()))
                : (metrics = List.copyOf(metrics));
        for (Metric m : each) {
            if (!fits(type.shape(), m)) {
                throw new IllegalArgumentException(
                        "family " + name + " of type " + type + " cannot hold " + m.getClass().getSimpleName());
            }
        }
    }

    private static boolean fits(MetricType.Shape shape, Metric m) {
        return switch (shape) {
            case VALUE -> m instanceof ValueMetric;
            case HISTOGRAM -> m instanceof HistogramMetric;
            case SUMMARY -> m instanceof SummaryMetric;
        };
    }

    /**
     * This family in less memory, for holding it long: when its series are all plain values (no
     * timestamp, created time or exemplar) with the same label names, their labels and values are
     * kept as columns; otherwise this family itself. The result equals this family; its
     * {@code metrics()} builds each series as it is read, so readers that go over it often pay for
     * that: meant for stores, not for a scrape's passing families.
     */
    public MetricFamily compacted() {
        if (metrics instanceof ValueColumns) {
            return this;
        }
        ValueColumns columns = ValueColumns.of(metrics);
        // Every group pushes the same names and HELP texts: one copy of each is enough.
        return columns == null ? this : new MetricFamily(name.intern(), type, help == null ? null : help.intern(),
                unit, columns);
    }

    /**
     * This family with the series of {@code parts} sorted by {@code order} (stable: equal series stay in
     * the order of the parts), kept as that order over the parts' lists: an {@code int} a series
     * rather than a copy, for a merge held for long. Every part must have this family's shape.
     */
    public MetricFamily withSeriesOf(List<MetricFamily> parts, Comparator<? super Metric> order) {
        for (MetricFamily p : parts) {
            if (p.type().shape() != type.shape()) {
                throw new IllegalArgumentException("family " + name + " of type " + type + " cannot hold the series of "
                        + p.name() + " of type " + p.type());
            }
        }
        return new MetricFamily(name, type, help, unit, SeriesMerge.of(parts, order));
    }

    /**
     * Whether the series are in {@link #SERIES_ORDER}: known without reading them for a family kept
     * as columns ({@link #compacted}), which found it once.
     */
    public boolean inSeriesOrder() {
        if (metrics instanceof ValueColumns columns) {
            return columns.inSeriesOrder();
        }
        for (int i = 1; i < metrics.size(); i++) {
            if (compareSeries(metrics.get(i - 1), metrics.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static int compareSeries(Metric a, Metric b) {
        int c = a.labels().compareTo(b.labels());
        if (c != 0 || a.timestampMs() == b.timestampMs()) {
            return c;
        }
        // Equal labels should not happen; client_golang then puts series without a timestamp last.
        if (!a.hasTimestamp()) {
            return 1;
        }
        return !b.hasTimestamp() ? -1 : Long.compare(a.timestampMs(), b.timestampMs());
    }

    /**
     * A plain value series (no timestamp, created time or exemplar) as columns hold it: its label
     * names, sorted, its label values at {@code labelValues[from, from + names.length)}, and its value.
     * The arrays are the family's own: read them, never change them.
     */
    @FunctionalInterface
    public interface PlainSeries {
        void accept(String[] names, String[] labelValues, int from, double value);
    }

    /**
     * Hands each series, in order, to {@code visitor} without building it, when this family is kept
     * as columns ({@link #compacted}) or merges only such families ({@link #withSeriesOf}): what a
     * writer of a large stored family reads instead of {@link #metrics()}, which builds every series.
     *
     * @return whether it did; when false it visited nothing, and the caller reads {@link #metrics()}
     */
    public boolean forEachPlain(PlainSeries visitor) {
        if (metrics instanceof ValueColumns columns) {
            columns.forEach(visitor);
            return true;
        }
        return metrics instanceof SeriesMerge merge && merge.forEachPlain(visitor);
    }

    /** This family with other metrics. */
    public MetricFamily withMetrics(List<Metric> newMetrics) {
        return new MetricFamily(name, type, help, unit, newMetrics);
    }
}
