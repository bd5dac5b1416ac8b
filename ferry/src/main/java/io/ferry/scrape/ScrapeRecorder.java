package io.ferry.scrape;

import io.ferry.exposition.BoundText;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricNames;
import io.ferry.model.MetricType;
import io.ferry.model.SampleAppender;
import io.ferry.model.SeriesRef;
import io.ferry.model.StaleNaN;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one target's scrapes into samples, as Prometheus' scrape loop does: the target's labels
 * joined to each series ({@code honor_labels}), {@code metric_relabel_configs}, the limits, the
 * timestamps ({@code honor_timestamps}), and a stale marker for every series that was in the last
 * scrape and is not in this one.
 *
 * <pre>{@code
 * ScrapeRecorder r = new ScrapeRecorder(target, job.honorLabels(), job.honorTimestamps(), relabeler, limits);
 * ScrapeRecorder.Counts c = r.record(families, scrapeStartMs, appender);  // throws Failure: roll back
 * }</pre>
 *
 * <p><b>The series cache.</b> Like Prometheus' scrape cache, each metric (family name and labels)
 * maps to the final label sets of its series, built and relabeled once, when first seen; later
 * scrapes only look them up. The same map tells which series went away. Entries whose labels break
 * a limit are kept with their error, so a target that breaks a limit fails every scrape.
 *
 * <p>Not thread-safe: one recorder per target, used by its loop.
 */
public final class ScrapeRecorder {
    /** Prometheus' NaN for scraped NaN values, whose bits never equal the stale marker's. */
    private static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);
    private static final String[] REPORT_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added"};

    private final Labels targetLabels;
    private final boolean honorLabels;
    private final boolean honorTimestamps;
    private final Relabeler relabeler;
    private final RelabelScratch scratch;
    private final ScrapeLimits limits;
    private final SeriesRef[] reportSeries;
    private Map<Key, Entry> cache = new HashMap<>();
    private int iteration;
    private boolean reported;

    public ScrapeRecorder(Labels targetLabels, boolean honorLabels, boolean honorTimestamps, Relabeler metricRelabeler,
                          ScrapeLimits limits) {
        this.targetLabels = targetLabels;
        this.honorLabels = honorLabels;
        this.honorTimestamps = honorTimestamps;
        this.relabeler = metricRelabeler;
        this.scratch = metricRelabeler.newScratch();
        this.limits = limits;
        this.reportSeries = new SeriesRef[REPORT_NAMES.length];
        for (int i = 0; i < REPORT_NAMES.length; i++) {
            reportSeries[i] = new SeriesRef(targetLabels.with(MetricNames.NAME_LABEL, REPORT_NAMES[i]));
        }
    }

    /** What one scrape gave: the numbers of the report series. */
    public record Counts(int scraped, int postRelabeling, int added) {
    }

    /** A scrape that breaks a limit: nothing of it may be stored. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** A metric's identity within a scrape. */
    private record Key(String family, Labels labels) {
    }

    /** The final series of one metric, in sample order; a null series was dropped by relabeling. */
    private static final class Entry {
        final SeriesRef[] series;
        final double[] bounds;
        final String error;
        int seen;
        /** Whether its series were ever stored, so that stale markers only end series that began. */
        boolean stored;
        /** Samples with their own timestamp are not marked stale, as in Prometheus. */
        boolean ownTimestamps;

        Entry(SeriesRef[] series, double[] bounds, String error) {
            this.series = series;
            this.bounds = bounds;
            this.error = error;
        }
    }

    /**
     * Appends the samples of {@code families}, scraped at {@code timestampMs}, and the stale
     * markers of the series the last scrape had and this one lacks. On {@link Failure} the caller
     * rolls back the appender and calls {@link #recordFailure}.
     */
    public Counts record(List<MetricFamily> families, long timestampMs, SampleAppender app) throws Failure {
        int it = ++iteration;
        int scraped = 0;
        int kept = 0;
        int added = 0;
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                double[] values = values(f.type(), m);
                if (values == null) {
                    continue; // a native histogram without classic buckets: remote write 1.0 has no place for it
                }
                scraped += values.length;
                Key key = new Key(f.name(), m.labels());
                Entry e = cache.get(key);
                if (e == null || !Arrays.equals(e.bounds, bounds(m))) {
                    Entry fresh = entry(f, m);
                    if (e != null) {
                        staleAllBut(e, fresh, timestampMs, app);
                    }
                    e = fresh;
                    cache.put(key, e);
                    for (SeriesRef s : e.series) {
                        added += s == null ? 0 : 1;
                    }
                }
                if (e.error != null) {
                    throw new Failure(e.error);
                }
                e.seen = it;
                long ts = honorTimestamps && m.hasTimestamp() ? m.timestampMs() : timestampMs;
                e.ownTimestamps = honorTimestamps && m.hasTimestamp();
                for (int i = 0; i < values.length; i++) {
                    SeriesRef s = e.series[i];
                    if (s != null) {
                        double v = values[i];
                        app.append(s, ts, v != v ? NORMAL_NAN : v);
                        kept++;
                    }
                }
            }
        }
        if (limits.sampleLimit() > 0 && kept > limits.sampleLimit()) {
            throw new Failure("sample_limit exceeded: " + kept + " samples, the limit is " + limits.sampleLimit());
        }
        for (Iterator<Entry> i = cache.values().iterator(); i.hasNext(); ) {
            Entry e = i.next();
            if (e.seen != it) {
                stale(e, timestampMs, app);
                i.remove();
            }
        }
        return new Counts(scraped, kept, added);
    }

    /** Marks every series it stored stale and forgets them: the target failed or has gone. */
    public void recordFailure(long timestampMs, SampleAppender app) {
        for (Entry e : cache.values()) {
            stale(e, timestampMs, app);
        }
        cache = new HashMap<>();
    }

    /** Called once the samples of the last {@link #record} are durable. */
    public void stored() {
        for (Entry e : cache.values()) {
            if (e.seen == iteration) {
                e.stored = true;
            }
        }
    }

    /** Appends {@code up} and the other report series; {@code counts} null for a failed scrape. */
    public void report(boolean up, double durationSeconds, Counts counts, long timestampMs, SampleAppender app) {
        double[] v = {up ? 1 : 0, durationSeconds, counts == null ? 0 : counts.scraped(),
                counts == null ? 0 : counts.postRelabeling(), counts == null ? 0 : counts.added()};
        for (int i = 0; i < reportSeries.length; i++) {
            app.append(reportSeries[i], timestampMs, v[i]);
        }
        reported = true;
    }

    /** The target has gone: ends every series it had, the report series included. */
    public void end(long timestampMs, SampleAppender app) {
        recordFailure(timestampMs, app);
        if (reported) {
            for (SeriesRef s : reportSeries) {
                app.append(s, timestampMs, StaleNaN.VALUE);
            }
        }
    }

    private static void stale(Entry e, long timestampMs, SampleAppender app) {
        if (!e.stored || e.ownTimestamps) {
            return;
        }
        for (SeriesRef s : e.series) {
            if (s != null) {
                app.append(s, timestampMs, StaleNaN.VALUE);
            }
        }
    }

    /** A metric's buckets changed: ends the old series the new entry does not have. */
    private static void staleAllBut(Entry old, Entry fresh, long timestampMs, SampleAppender app) {
        if (!old.stored || old.ownTimestamps) {
            return;
        }
        Set<Labels> keep = new HashSet<>();
        for (SeriesRef s : fresh.series) {
            if (s != null) {
                keep.add(s.labels());
            }
        }
        for (SeriesRef s : old.series) {
            if (s != null && !keep.contains(s.labels())) {
                app.append(s, timestampMs, StaleNaN.VALUE);
            }
        }
    }

    /** A metric's values in series order, or null when it has no series remote write 1.0 can carry. */
    private static double[] values(MetricType type, Metric m) {
        return switch (m) {
            case ValueMetric v -> new double[] {v.value()};
            case SummaryMetric s -> {
                double[] q = s.values();
                if (!s.hasCount()) {
                    yield q.clone();
                }
                double[] out = Arrays.copyOf(q, q.length + 2);
                out[q.length] = s.sum();
                out[q.length + 1] = s.count();
                yield out;
            }
            case HistogramMetric h -> {
                double[] c = h.cumulativeCounts();
                if (c.length == 0 && !h.hasCount()) {
                    yield null;
                }
                boolean addInf = h.hasCount() && !endsWithInf(h.upperBounds());
                int n = c.length + (addInf ? 1 : 0);
                double[] out = Arrays.copyOf(c, n + (h.hasCount() ? 2 : 0));
                if (addInf) {
                    out[c.length] = h.count();
                }
                if (h.hasCount()) {
                    out[n] = h.sum();
                    out[n + 1] = h.count();
                }
                yield out;
            }
        };
    }

    private static double[] bounds(Metric m) {
        return switch (m) {
            case ValueMetric v -> null;
            case SummaryMetric s -> s.quantiles();
            case HistogramMetric h -> h.upperBounds();
        };
    }

    private static boolean endsWithInf(double[] bounds) {
        return bounds.length > 0 && bounds[bounds.length - 1] == Double.POSITIVE_INFINITY;
    }

    /** Builds the final series of a metric first seen: names, bounds, target labels, relabeling, limits. */
    private Entry entry(MetricFamily f, Metric m) {
        List<Labels> raw = new ArrayList<>();
        String name = f.name();
        Labels l = m.labels();
        switch (m) {
            case ValueMetric v -> raw.add(l.with(MetricNames.NAME_LABEL, name));
            case SummaryMetric s -> {
                for (double q : s.quantiles()) {
                    raw.add(l.with("quantile", BoundText.of(q)).with(MetricNames.NAME_LABEL, name));
                }
                if (s.hasCount()) {
                    raw.add(l.with(MetricNames.NAME_LABEL, name + "_sum"));
                    raw.add(l.with(MetricNames.NAME_LABEL, name + "_count"));
                }
            }
            case HistogramMetric h -> {
                boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
                Labels bucket = l.with(MetricNames.NAME_LABEL, name + "_bucket");
                for (double le : h.upperBounds()) {
                    raw.add(bucket.with("le", BoundText.of(le)));
                }
                if (h.hasCount()) {
                    if (!endsWithInf(h.upperBounds())) {
                        raw.add(bucket.with("le", "+Inf"));
                    }
                    raw.add(l.with(MetricNames.NAME_LABEL, name + (gauge ? "_gsum" : "_sum")));
                    raw.add(l.with(MetricNames.NAME_LABEL, name + (gauge ? "_gcount" : "_count")));
                }
            }
        }
        SeriesRef[] series = new SeriesRef[raw.size()];
        String error = null;
        for (int i = 0; i < series.length; i++) {
            Labels s = relabeler.apply(withTarget(raw.get(i)), scratch);
            if (s != null && s.get(MetricNames.NAME_LABEL) == null) {
                s = null; // relabeling took the name away: Prometheus drops such a series
            }
            if (s != null && error == null) {
                error = checkLimits(s);
            }
            series[i] = s == null ? null : new SeriesRef(s);
        }
        return new Entry(series, bounds(m), error);
    }

    /** Joins the target's labels to a series' own, as Prometheus' {@code mutateSampleLabels} does. */
    Labels withTarget(Labels series) {
        Labels out = series;
        if (honorLabels) {
            for (int i = 0; i < targetLabels.size(); i++) {
                String v = series.get(targetLabels.name(i));
                if (v == null || v.isEmpty()) {
                    out = out.with(targetLabels.name(i), targetLabels.value(i));
                }
            }
        } else {
            List<String> conflicts = null;
            for (int i = 0; i < targetLabels.size(); i++) {
                String n = targetLabels.name(i);
                String exposed = series.get(n);
                if (exposed != null && !exposed.isEmpty()) {
                    (conflicts == null ? conflicts = new ArrayList<>() : conflicts).add(n);
                }
                out = out.with(n, targetLabels.value(i));
            }
            if (conflicts != null) {
                conflicts.sort((a, b) -> Integer.compare(a.length(), b.length()));
                for (String n : conflicts) {
                    String renamed = "exported_" + n;
                    while (series.get(renamed) != null || targetLabels.get(renamed) != null || out.get(renamed) != null) {
                        renamed = "exported_" + renamed;
                    }
                    out = out.with(renamed, series.get(n));
                }
            }
        }
        return withoutEmpty(out);
    }

    private static Labels withoutEmpty(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            if (l.value(i).isEmpty()) {
                Labels.Builder b = Labels.builder();
                for (int j = 0; j < l.size(); j++) {
                    if (!l.value(j).isEmpty()) {
                        b.add(l.name(j), l.value(j));
                    }
                }
                return b.build();
            }
        }
        return l;
    }

    private String checkLimits(Labels s) {
        if (limits.labelLimit() > 0 && s.size() > limits.labelLimit()) {
            return "label_limit exceeded: " + s + " has " + s.size() + " labels, the limit is " + limits.labelLimit();
        }
        for (int i = 0; i < s.size(); i++) {
            if (limits.labelNameLengthLimit() > 0 && s.name(i).length() > limits.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded: label name \"" + s.name(i) + "\" is longer than "
                        + limits.labelNameLengthLimit();
            }
            if (limits.labelValueLengthLimit() > 0 && s.value(i).length() > limits.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded: the value of label \"" + s.name(i) + "\" of " + s.get("__name__")
                        + " is longer than " + limits.labelValueLengthLimit();
            }
        }
        return null;
    }
}
