package io.ferry.scrape.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.Exemplar;
import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;
import io.ferry.model.SeriesRef;

/**
 * Appends a scraped metric's values to its cached series, skipping the series relabeling dropped.
 * A scraped NaN is stored as Prometheus' ordinary NaN, whose bits never equal the stale marker's.
 *
 * <pre>{@code
 * int kept = samples.append(metricSeries, metric, timestampMs, appender);
 * }</pre>
 *
 * <p>Allocates nothing. Not thread-safe: one per target, reused for every metric.
 */
public final class SampleWriter implements ClassicSeries.Visitor {
    /** Prometheus' NaN for scraped NaN values, whose bits never equal the stale marker's. */
    private static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    private SeriesRef[] series;
    private int next;
    private int kept;
    private long timestampMs;
    private SampleAppender app;

    /**
     * Appends the values of {@code m}, whose series are {@code target}'s, at {@code timestampMs};
     * returns how many samples it appended.
     */
    public int append(MetricSeries target, Metric m, long timestampMs, SampleAppender app) {
        this.series = target.series;
        this.next = 0;
        this.kept = 0;
        this.timestampMs = timestampMs;
        this.app = app;
        // The series are in visiting order whatever their names, so gauge naming does not matter here.
        ClassicSeries.visit(m, false, this);
        this.app = null;
        return kept;
    }

    @Override
    public void bounded(String suffix, String boundLabel, double bound, double value, Exemplar exemplar) {
        append(value);
    }

    @Override
    public void unbounded(String suffix, double value) {
        append(value);
    }

    private void append(double v) {
        SeriesRef s = series[next++];
        if (s != null) {
            app.append(s, timestampMs, v != v ? NORMAL_NAN : v);
            kept++;
        }
    }
}
