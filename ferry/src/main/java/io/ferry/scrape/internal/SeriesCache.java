package io.ferry.scrape.internal;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;
import io.ferry.model.SeriesRef;
import io.ferry.model.StaleNaN;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One target's scrape cache, as Prometheus keeps it: each metric (family name and labels) maps to
 * its {@link MetricSeries}, so that a metric seen before costs one lookup. The same map tells which
 * series went away: each gets a stale marker once, in the scrape that lacks it, if it was ever
 * stored and its samples did not carry their own timestamps.
 *
 * <pre>{@code
 * cache.beginScrape();
 * MetricSeries s = cache.get(family, m, goBounds);
 * if (s == null) cache.put(family, m, s = labeler.label(family, gauge, m, goBounds), nowMs, appender);
 * cache.seen(s, false);
 * ...
 * cache.endScrape(nowMs, appender);   // stale markers for what this scrape lacked
 * cache.stored();                     // once the appender committed
 * }</pre>
 *
 * <p>Not thread-safe: one per target, used by its loop.
 */
public final class SeriesCache {
    private Map<Key, MetricSeries> entries = new HashMap<>();
    private int scrape;

    /** A metric's identity within a scrape. */
    private record Key(String family, Labels labels) {
    }

    /** Starts a scrape: the metrics it sees are kept at its end, the others end. */
    public void beginScrape() {
        scrape++;
    }

    /**
     * The cached series of metric {@code m} with bounds written in Go's form or not, or null when it
     * is new, its bounds changed, or they were written in the other form.
     */
    public MetricSeries get(String family, Metric m, boolean goBounds) {
        MetricSeries s = entries.get(new Key(family, m.labels()));
        return s != null && s.fits(m, goBounds) ? s : null;
    }

    /**
     * Caches {@code fresh} as metric {@code m}'s series. When its bounds changed, the old series that
     * {@code fresh} lacks are marked stale at {@code timestampMs}.
     */
    public void put(String family, Metric m, MetricSeries fresh, long timestampMs, SampleAppender app) {
        MetricSeries old = entries.put(new Key(family, m.labels()), fresh);
        if (old != null) {
            staleAllBut(old, fresh, timestampMs, app);
        }
    }

    /** Notes that this scrape saw {@code s}, with samples that carried their own timestamp or not. */
    public void seen(MetricSeries s, boolean ownTimestamps) {
        s.seen = scrape;
        s.ownTimestamps = ownTimestamps;
    }

    /** Ends a scrape: marks stale and forgets the metrics it did not see. */
    public void endScrape(long timestampMs, SampleAppender app) {
        for (Iterator<MetricSeries> i = entries.values().iterator(); i.hasNext(); ) {
            MetricSeries s = i.next();
            if (s.seen != scrape) {
                stale(s, timestampMs, app);
                i.remove();
            }
        }
    }

    /** Marks every series it stored stale and forgets them: the target failed or has gone. */
    public void endAll(long timestampMs, SampleAppender app) {
        for (MetricSeries s : entries.values()) {
            stale(s, timestampMs, app);
        }
        entries = new HashMap<>();
    }

    /** Called once the samples of the last scrape are durable. */
    public void stored() {
        for (MetricSeries s : entries.values()) {
            if (s.seen == scrape) {
                s.stored = true;
            }
        }
    }

    private static void stale(MetricSeries s, long timestampMs, SampleAppender app) {
        if (!s.stored || s.ownTimestamps) {
            return;
        }
        for (SeriesRef r : s.series) {
            if (r != null) {
                app.append(r, timestampMs, StaleNaN.VALUE);
            }
        }
    }

    /** A metric's bounds changed: ends the old series the new ones do not include. */
    private static void staleAllBut(MetricSeries old, MetricSeries fresh, long timestampMs, SampleAppender app) {
        if (!old.stored || old.ownTimestamps) {
            return;
        }
        Set<Labels> keep = new HashSet<>();
        for (SeriesRef r : fresh.series) {
            if (r != null) {
                keep.add(r.labels());
            }
        }
        for (SeriesRef r : old.series) {
            if (r != null && !keep.contains(r.labels())) {
                app.append(r, timestampMs, StaleNaN.VALUE);
            }
        }
    }
}
