package io.ferry.model;

/**
 * The flat series a metric stands for, as the text formats write them and Prometheus stores them:
 * a value is one series; a histogram is a {@code _bucket} series per bound ({@code le}), a
 * {@code +Inf} bucket holding the count when no bucket has that bound, then {@code _sum} and
 * {@code _count} ({@code _gsum} and {@code _gcount} for a gauge histogram); a summary is a series per
 * {@code quantile}, then {@code _sum} and {@code _count}. Sum and count (and the added bucket) exist
 * only when the metric {@linkplain HistogramMetric#hasCount has a count}. Native buckets have no
 * classic series: a native histogram gives the {@code +Inf} bucket, sum and count, if it has a count.
 *
 * <pre>{@code
 * int n = ClassicSeries.count(metric);                 // how many series visit will give
 * ClassicSeries.visit(metric, gaugeHistogram, visitor); // each in order, as primitive arguments
 * }</pre>
 *
 * <p>One expansion for the text writers and the scraper, so that a series written on
 * {@code /metrics} and the series scraped from it are the same ones. It allocates nothing: series
 * are handed to the {@link Visitor} one call each, with the suffixes as constants.
 */
public final class ClassicSeries {
    public static final String BUCKET = "_bucket";
    public static final String SUM = "_sum";
    public static final String COUNT = "_count";
    public static final String GAUGE_SUM = "_gsum";
    public static final String GAUGE_COUNT = "_gcount";
    /** The suffix of a value's and a quantile's series: none, the family name itself. */
    public static final String NONE = "";
    public static final String LE = "le";
    public static final String QUANTILE = "quantile";

    private ClassicSeries() {
    }

    /**
     * Receives a metric's series in order. The labels and timestamp are the metric's own, which the
     * caller holds; each call adds what tells the series apart.
     */
    public interface Visitor {
        /**
         * A bucket (suffix {@link #BUCKET}, {@code boundLabel} {@link #LE}) or a quantile (suffix
         * {@link #NONE}, {@code boundLabel} {@link #QUANTILE}): the metric's labels plus
         * {@code boundLabel} set to {@code bound}.
         *
         * @param exemplar the bucket's exemplar, or null (always for quantiles and the added {@code +Inf} bucket)
         */
        void bounded(String suffix, String boundLabel, double bound, double value, Exemplar exemplar);

        /** A series with only the metric's labels: a value ({@link #NONE}), a sum or a count. */
        void unbounded(String suffix, double value);
    }

    /** The number of series {@link #visit} gives for {@code m}; 0 for a native histogram without a count. */
    public static int count(Metric m) {
        return switch (m) {
            case ValueMetric v -> 1;
            case SummaryMetric s -> s.quantiles().length + (s.hasCount() ? 2 : 0);
            case HistogramMetric h -> h.bucketCount() + (h.hasCount() ? (hasInf(h.upperBounds()) ? 2 : 3) : 0);
        };
    }

    /**
     * Hands {@code m}'s series to {@code visitor} in order.
     *
     * @param gaugeHistogram whether a histogram's sum and count take the gauge histogram's names
     *                       (OpenMetrics); text 0.0.4, which has no gauge histogram, passes false
     */
    public static void visit(Metric m, boolean gaugeHistogram, Visitor visitor) {
        switch (m) {
            case ValueMetric v -> visitor.unbounded(NONE, v.value());
            case SummaryMetric s -> visitSummary(s, visitor);
            case HistogramMetric h -> visitHistogram(h, gaugeHistogram, visitor);
        }
    }

    private static void visitSummary(SummaryMetric s, Visitor visitor) {
        double[] q = s.quantiles();
        double[] values = s.values();
        for (int i = 0; i < q.length; i++) {
            visitor.bounded(NONE, QUANTILE, q[i], values[i], null);
        }
        if (s.hasCount()) {
            visitor.unbounded(SUM, s.sum());
            visitor.unbounded(COUNT, s.count());
        }
    }

    private static void visitHistogram(HistogramMetric h, boolean gauge, Visitor visitor) {
        double[] le = h.upperBounds();
        double[] counts = h.cumulativeCounts();
        for (int i = 0; i < le.length; i++) {
            visitor.bounded(BUCKET, LE, le[i], counts[i], h.exemplar(i));
        }
        if (h.hasCount()) {
            if (!hasInf(le)) {
                visitor.bounded(BUCKET, LE, Double.POSITIVE_INFINITY, h.count(), null);
            }
            visitor.unbounded(gauge ? GAUGE_SUM : SUM, h.sum());
            visitor.unbounded(gauge ? GAUGE_COUNT : COUNT, h.count());
        }
    }

    /**
     * Whether any bound is {@code +Inf}, wherever it stands: the parsers keep bounds in the order
     * exposed. Searched from the end, where it usually is.
     */
    private static boolean hasInf(double[] bounds) {
        for (int i = bounds.length - 1; i >= 0; i--) {
            if (bounds[i] == Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }
}
