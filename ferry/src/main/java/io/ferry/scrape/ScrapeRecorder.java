package io.ferry.scrape;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.ClassicSeries;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SampleAppender;
import io.ferry.relabel.Relabeler;
import io.ferry.scrape.internal.MetricKey;
import io.ferry.scrape.internal.MetricSeries;
import io.ferry.scrape.internal.ReportSeries;
import io.ferry.scrape.internal.SampleWriter;
import io.ferry.scrape.internal.ScrapeLimitCheck;
import io.ferry.scrape.internal.SeriesCache;
import io.ferry.scrape.internal.SeriesLabeler;
import io.ferry.scrape.internal.TargetLabels;

import java.util.List;

/**
 * Turns one target's scrapes into samples, as Prometheus' scrape loop does: each metric's
 * {@link ClassicSeries}, the target's labels joined to each ({@code honor_labels}),
 * {@code metric_relabel_configs}, the limits, the timestamps ({@code honor_timestamps}), a stale
 * marker for every series that was in the last scrape and is not in this one, and the report series.
 *
 * <pre>{@code
 * ScrapeRecorder r = new ScrapeRecorder(target, job.honorLabels(), job.honorTimestamps(), relabeler, limits);
 * ScrapeRecorder.Counts c = r.record(families, scrapeStartMs, appender);  // throws Failure: roll back
 * }</pre>
 *
 * <p>The parts, one job each: {@link SeriesLabeler} builds a metric's final series when it is first
 * seen ({@link TargetLabels}, relabeling, {@link ScrapeLimitCheck}); {@link SeriesCache} keeps them,
 * so later scrapes only look them up, and writes the stale markers; {@link SampleWriter} appends the
 * values; {@link ReportSeries} writes {@code up} and the other report series.
 *
 * <p>Not thread-safe: one recorder per target, used by its loop.
 */
public final class ScrapeRecorder {
    private static final Counts NONE = new Counts(0, 0, 0, 0);

    private final boolean honorTimestamps;
    private final boolean normalizeLeAndQuantile;
    private final ScrapeLimitCheck limits;
    private final SeriesLabeler labeler;
    private final SeriesCache cache = new SeriesCache();
    private final MetricKey key = new MetricKey();
    private final SampleWriter samples = new SampleWriter();
    private final ReportSeries report;

    public ScrapeRecorder(Labels targetLabels, boolean honorLabels, boolean honorTimestamps, Relabeler metricRelabeler,
                          ScrapeLimits limits) {
        this(targetLabels, honorLabels, honorTimestamps, metricRelabeler, limits, true);
    }

    /**
     * @param normalizeLeAndQuantile write {@code le} and {@code quantile} in OpenMetrics' canonical form
     *                               whatever the format (Prometheus 3); false writes a text 0.0.4 body's
     *                               in Go's form (Prometheus 2 with a Go client)
     */
    public ScrapeRecorder(Labels targetLabels, boolean honorLabels, boolean honorTimestamps, Relabeler metricRelabeler,
                          ScrapeLimits limits, boolean normalizeLeAndQuantile) {
        this.normalizeLeAndQuantile = normalizeLeAndQuantile;
        this.honorTimestamps = honorTimestamps;
        this.limits = new ScrapeLimitCheck(limits);
        this.labeler = new SeriesLabeler(new TargetLabels(targetLabels, honorLabels), metricRelabeler, this.limits);
        this.report = new ReportSeries(targetLabels);
    }

    /**
     * What one scrape gave: the numbers of the report series, and the samples dropped because their
     * series was already in the scrape.
     */
    public record Counts(int scraped, int postRelabeling, int added, int duplicates) {
        /** Counts of a scrape without duplicates. */
        public Counts(int scraped, int postRelabeling, int added) {
            this(scraped, postRelabeling, added, 0);
        }
    }

    /**
     * A scrape that breaks a limit: nothing of it may be stored. Its {@link #counts} are what the
     * scrape gave up to the failure, for the report series, as Prometheus reports them.
     */
    public static final class Failure extends Exception {
        private final transient Counts counts;

        public Failure(String message, Counts counts) {
            super(message, null, false, false);
            this.counts = counts;
        }

        public Counts counts() {
            return counts;
        }
    }

    /**
     * Appends the samples of {@code families}, scraped at {@code timestampMs}, and the stale
     * markers of the series the last scrape had and this one lacks. On {@link Failure} the caller
     * rolls back the appender and calls {@link #recordFailure}.
     */
    public Counts record(List<MetricFamily> families, long timestampMs, SampleAppender app) throws Failure {
        return record(families, ExpositionFormat.OPENMETRICS, timestampMs, app);
    }

    /**
     * As {@link #record(List, long, SampleAppender)}, for families read from a body in {@code format},
     * which decides how {@code le} and {@code quantile} are written when they are not normalised.
     */
    public Counts record(List<MetricFamily> families, ExpositionFormat format, long timestampMs, SampleAppender app)
            throws Failure {
        boolean goBounds = !normalizeLeAndQuantile && format == ExpositionFormat.PROMETHEUS_TEXT;
        cache.beginScrape();
        samples.beginScrape();
        try {
            int scraped = 0;
            int kept = 0;
            int added = 0;
            for (MetricFamily f : families) {
                boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
                for (Metric m : f.metrics()) {
                    int n = ClassicSeries.count(m);
                    if (n == 0) {
                        continue; // no classic series, as a native histogram without a count: remote write 1.0 cannot carry it
                    }
                    scraped += n;
                    MetricSeries s = cache.get(key.set(f.name(), m.labels()), m, goBounds);
                    if (s == null) {
                        s = labeler.label(key, f.name(), gauge, m, goBounds);
                        cache.put(s, timestampMs, app);
                        added += s.error() == null ? s.kept() : 0;
                    }
                    if (s.error() != null) {
                        throw new Failure(s.error(), new Counts(scraped, kept + samples.duplicates(), added));
                    }
                    boolean ownTimestamp = honorTimestamps && m.hasTimestamp();
                    cache.seen(s, ownTimestamp);
                    kept += samples.append(s, m, ownTimestamp ? m.timestampMs() : timestampMs, ownTimestamp, app);
                }
            }
            // After relabeling, duplicates included: what Prometheus reports as post_metric_relabeling.
            Counts counts = new Counts(scraped, kept + samples.duplicates(), added, samples.duplicates());
            String overLimit = limits.samples(kept);
            if (overLimit != null) {
                throw new Failure(overLimit, counts);
            }
            cache.endScrape(timestampMs, app);
            return counts;
        } finally {
            samples.endScrape();
        }
    }

    /** Marks every series it stored stale and forgets them: the target failed or has gone. */
    public void recordFailure(long timestampMs, SampleAppender app) {
        cache.endAll(timestampMs, app);
    }

    /** Called once the samples of the last {@link #record} are durable. */
    public void stored() {
        cache.stored();
    }

    /** Appends {@code up} and the other report series; {@code counts} null for a scrape that got no body. */
    public void report(boolean up, double durationSeconds, Counts counts, long timestampMs, SampleAppender app) {
        Counts c = counts == null ? NONE : counts;
        report.append(up, durationSeconds, c.scraped(), c.postRelabeling(), c.added(), timestampMs, app);
    }

    /** The target has gone: ends every series it had, the report series included. */
    public void end(long timestampMs, SampleAppender app) {
        recordFailure(timestampMs, app);
        report.end(timestampMs, app);
    }
}
