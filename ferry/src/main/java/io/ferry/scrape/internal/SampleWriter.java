package io.ferry.scrape.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.Exemplar;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;
import io.ferry.model.SeriesRef;

import java.util.HashSet;
import java.util.Set;

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
 * int kept = samples.append(metricSeries, metric, timestampMs, appender);
 * int dropped = samples.duplicates();
 * }</pre>
 *
 * <p>Allocates only to remember the series of a scrape (a set reused from one scrape to the next,
 * and a key for each sample with its own timestamp). Not thread-safe: one per target, reused for
 * every metric.
 */
public final class SampleWriter implements ClassicSeries.Visitor {
    /** Prometheus' NaN for scraped NaN values, whose bits never equal the stale marker's. */
    private static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    private SeriesRef[] series;
    private int next;
    private int kept;
    private long timestampMs;
    private SampleAppender app;
    /** The series appended at the scrape's time, and those appended at their own. */
    private final Set<Labels> appended = new HashSet<>();
    private final Set<Timed> appendedTimed = new HashSet<>();
    private boolean ownTimestamp;
    private int duplicates;

    private record Timed(Labels labels, long timestampMs) {
    }

    /** Forgets the series of the last scrape. */
    public void beginScrape() {
        appended.clear();
        appendedTimed.clear();
        duplicates = 0;
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
            if (!(ownTimestamp ? appendedTimed.add(new Timed(s.labels(), timestampMs)) : appended.add(s.labels()))) {
                duplicates++;
                return;
            }
            app.append(s, timestampMs, v != v ? NORMAL_NAN : v);
            kept++;
        }
    }
}
