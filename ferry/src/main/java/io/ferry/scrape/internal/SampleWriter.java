package io.ferry.scrape.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.Exemplar;
import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;

/**
 * Appends a scraped metric's values to its cached series, skipping the series relabeling dropped.
 * A scraped NaN is stored as Prometheus' ordinary NaN, whose bits never equal the stale marker's.
 *
 * <p>A series is appended once per scrape and timestamp: a later sample of a series already
 * appended (the body repeats it, or {@code honor_labels} or {@code metric_relabel_configs} made two
 * series one) is dropped and counted in {@link #duplicates()}, as Prometheus keeps the first and
 * counts the rest in {@code prometheus_target_scrapes_sample_duplicate_timestamp_total}.
 *
 * <pre>{@code
 * samples.beginScrape();
 * int kept = samples.append(metricSeries, metric, timestampMs, false, appender);
 * int dropped = samples.duplicates();
 * samples.endScrape();
 * }</pre>
 *
 * <p>Allocates only to remember the series of a scrape: a {@link SeriesSet} made at its start, sized
 * by the last one, and let go at its end, so nothing of it stays between scrapes. Not thread-safe:
 * one per target, reused for every metric.
 */
public final class SampleWriter implements ClassicSeries.Visitor {
    /** Prometheus' NaN for scraped NaN values, whose bits never equal the stale marker's. */
    private static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    /** A scrape's samples at the scrape's time are noted at this time, which no sample has. */
    private static final long SCRAPE_TIME = Long.MIN_VALUE;

    private MetricSeries series;
    private int next;
    private int kept;
    private long timestampMs;
    private SampleAppender app;
    /** The series appended in this scrape, with their own timestamp or {@link #SCRAPE_TIME}; null between scrapes. */
    private SeriesSet appended;
    private int lastCount;
    private boolean ownTimestamp;
    private int duplicates;

    /** Starts a scrape: forgets the series of the last one. */
    public void beginScrape() {
        appended = new SeriesSet(lastCount);
        duplicates = 0;
    }

    /** Ends a scrape, letting go of what it remembered. */
    public void endScrape() {
        if (appended != null) {
            lastCount = appended.size();
            appended = null;
        }
    }

    /** The samples of this scrape dropped because their series was already appended. */
    public int duplicates() {
        return duplicates;
    }

    /**
     * Appends the values of {@code m}, whose series are {@code target}'s, at {@code timestampMs}
     * (the sample's own timestamp when {@code ownTimestamp}, else the scrape's); returns how many
     * samples it appended.
     */
    public int append(MetricSeries target, Metric m, long timestampMs, boolean ownTimestamp, SampleAppender app) {
        this.ownTimestamp = ownTimestamp;
        this.series = target;
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
        int i = next++;
        int length = series.length(i);
        if (length > 0) {
            int start = series.start(i);
            if (!appended.add(series.data, start, length, ownTimestamp ? timestampMs : SCRAPE_TIME)) {
                duplicates++;
                return;
            }
            app.append(series.data, start, length, timestampMs, v != v ? NORMAL_NAN : v);
            kept++;
        }
    }
}
