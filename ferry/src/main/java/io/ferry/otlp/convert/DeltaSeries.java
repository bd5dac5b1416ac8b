package io.ferry.otlp.convert;

import io.ferry.model.Exemplar;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricType;
import io.ferry.otlp.convert.internal.DeltaArithmetic;

/**
 * One delta point to add to a stored cumulative series: a monotonic delta sum (type
 * {@link MetricType#COUNTER}), a non-monotonic delta sum ({@link MetricType#GAUGE}, accumulated as
 * Prometheus' {@code deltatocumulative} does: points 0, 1, 2 give 0, 1, 3), or a delta histogram or
 * exponential histogram ({@link MetricType#HISTOGRAM}, with {@link #histogram()}). Immutable.
 *
 * <p>Only the arithmetic is here. Which stored series a point may be added to (aligned start times,
 * gaps, out-of-order points, restarts) is the ingest's rule, which keeps each stream's times.
 *
 * <pre>{@code
 * Metric stored = group.find(d.family(), d.labels());   // null when there is none yet
 * Metric next = DeltaSeries.accumulate(stored, d);      // store next in place of stored
 * }</pre>
 *
 * @param family         the family name (with {@code _total} for a counter)
 * @param type           COUNTER, GAUGE or HISTOGRAM
 * @param help           the family's HELP (the OTLP description), or null
 * @param unit           the family's unit word, or null
 * @param labels         the series' labels, group key labels included
 * @param startTimeNanos the start of the interval the point covers (0 when unset)
 * @param timeNanos      the end of the interval
 * @param value          the increment of a sum ({@link io.ferry.model.StaleNaN} for a point with no
 *                       recorded value); NaN for a histogram
 * @param exemplar       a sum's exemplar, or null
 * @param histogram      a histogram's increment, null for a sum
 */
public record DeltaSeries(String family, MetricType type, String help, String unit, Labels labels,
                          long startTimeNanos, long timeNanos, double value, Exemplar exemplar,
                          HistogramDelta histogram) {

    /** The contract's shape: a delta without an exemplar. */
    public DeltaSeries(String family, MetricType type, String help, String unit, Labels labels, long startTimeNanos,
                       long timeNanos, double value, HistogramDelta histogram) {
        this(family, type, help, unit, labels, startTimeNanos, timeNanos, value, null, histogram);
    }

    /**
     * The series after adding {@code d} to {@code stored}. Stateless and thread-safe.
     * <ul>
     * <li>{@code stored} null, a stale marker, or of another kind: the series starts from {@code d}
     * (its created time is {@code d}'s start time for counters and histograms).
     * <li>Otherwise values, sums, counts and buckets add up; the created time stays, the timestamp
     * and exemplars become {@code d}'s. A classic histogram whose bounds changed, or a native one of
     * a different flavour, starts again from {@code d}. Native buckets of different schemas are added
     * at the coarser schema, with the wider zero bucket.
     * <li>{@code d} with no recorded value gives a stale marker ({@link io.ferry.model.StaleNaN}).
     * </ul>
     */
    public static Metric accumulate(Metric stored, DeltaSeries d) {
        return DeltaArithmetic.accumulate(stored, d);
    }
}
