package io.ferry.scrape.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Metric;
import io.ferry.model.SeriesRef;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.Arrays;

/**
 * The final series of one scraped metric, in the order {@link io.ferry.model.ClassicSeries} gives
 * them, built once when the metric is first seen ({@link SeriesLabeler}) and kept in the
 * {@link SeriesCache}: later scrapes only look them up and append. A null series was dropped by
 * relabeling. A metric whose labels break a limit keeps its {@link #error}, so that a target that
 * breaks a limit fails every scrape.
 *
 * <pre>{@code
 * MetricSeries s = labeler.label("req_seconds", false, histogram, false);
 * if (s.error() == null) samples.append(s, histogram, nowMs, appender);
 * }</pre>
 *
 * <p>Not thread-safe: owned by one target's recorder.
 */
public final class MetricSeries {
    final SeriesRef[] series;
    /** The metric's {@code le} or {@code quantile} bounds, or null for a value. */
    private final double[] bounds;
    private final String error;
    /** Whether the bounds were written in Go's form rather than the canonical one. */
    private final boolean goBounds;
    /** The scrape that last saw the metric ({@link SeriesCache}'s count). */
    int seen;
    /** Whether its series were ever stored, so that stale markers only end series that began. */
    boolean stored;
    /** Samples with their own timestamp are not marked stale, as in Prometheus. */
    boolean ownTimestamps;

    /** The series of {@code m}, built for its bounds. */
    MetricSeries(SeriesRef[] series, Metric m, String error, boolean goBounds) {
        this.goBounds = goBounds;
        this.series = series;
        this.bounds = bounds(m);
        this.error = error;
    }

    /** The first limit the series break, or null. */
    public String error() {
        return error;
    }

    /** How many series relabeling kept; counted when asked, as a target has many of these and asks once. */
    public int kept() {
        int n = 0;
        for (SeriesRef s : series) {
            n += s == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Whether these are the series of {@code m}: other bounds are other series, and so is a sum and
     * count that came or went (a target may expose them in one scrape and not the next).
     */
    boolean fits(Metric m, boolean goBounds) {
        return series.length == ClassicSeries.count(m) && Arrays.equals(bounds, bounds(m))
                && (bounds == null || this.goBounds == goBounds);
    }

    private static double[] bounds(Metric m) {
        return switch (m) {
            case ValueMetric v -> null;
            case SummaryMetric s -> s.quantiles();
            case HistogramMetric h -> h.upperBounds();
        };
    }
}
