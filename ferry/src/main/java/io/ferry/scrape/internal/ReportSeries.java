package io.ferry.scrape.internal;

import io.ferry.model.LabelFields;
import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.model.SampleAppender;
import io.ferry.model.StaleNaN;

/**
 * The series Prometheus adds for every scrape of a target, with the target's labels: {@code up},
 * {@code scrape_duration_seconds}, {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling} and {@code scrape_series_added}.
 *
 * <pre>{@code
 * ReportSeries report = new ReportSeries(target.labels());
 * report.append(true, 0.25, 10, 8, 3, nowMs, appender);
 * report.end(laterMs, appender);   // the target has gone
 * }</pre>
 *
 * <p>Not thread-safe: one per target, used by its loop.
 */
public final class ReportSeries {
    private static final String[] NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added"};

    /** Each series' {@link LabelFields}. */
    private final byte[][] series = new byte[NAMES.length][];
    private boolean appended;

    public ReportSeries(Labels targetLabels) {
        for (int i = 0; i < NAMES.length; i++) {
            series[i] = LabelFields.of(targetLabels.with(MetricNames.NAME_LABEL, NAMES[i]));
        }
    }

    /** Appends one scrape's report: whether it succeeded, how long it took, and its sample and series counts. */
    public void append(boolean up, double durationSeconds, int scraped, int postRelabeling, int added, long timestampMs,
                       SampleAppender app) {
        double[] v = {up ? 1 : 0, durationSeconds, scraped, postRelabeling, added};
        for (int i = 0; i < series.length; i++) {
            app.append(series[i], 0, series[i].length, timestampMs, v[i]);
        }
        appended = true;
    }

    /** Marks the report series stale, if any was appended: the target has gone. */
    public void end(long timestampMs, SampleAppender app) {
        if (appended) {
            for (byte[] s : series) {
                app.append(s, 0, s.length, timestampMs, StaleNaN.VALUE);
            }
        }
    }
}
