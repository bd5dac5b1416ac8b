package io.ferry.scrape.internal;

import io.ferry.model.Metric;
import io.ferry.model.SampleAppender;
import io.ferry.model.StaleNaN;

/**
 * One target's scrape cache, as Prometheus keeps it: each metric (its {@link MetricKey}) maps to its
 * {@link MetricSeries}, so that a metric seen before costs one lookup. The same table tells which
 * series went away: each gets a stale marker once, in the scrape that lacks it, if it was ever
 * stored and its samples did not carry their own timestamps.
 *
 * <pre>{@code
 * cache.beginScrape();
 * MetricSeries s = cache.get(key.set(family, m.labels()), m, goBounds);
 * if (s == null) cache.put(s = labeler.label(key, family, gauge, m, goBounds), nowMs, appender);
 * cache.seen(s, false);
 * ...
 * cache.endScrape(nowMs, appender);   // stale markers for what this scrape lacked
 * cache.stored();                     // once the appender committed
 * }</pre>
 *
 * <p><b>Memory.</b> An open-addressing table of the entries themselves (linear probing, at most half
 * full), so a metric costs its entry and one slot; which scrape saw an entry is a number on it, so
 * staleness needs no set.
 *
 * <p>Not thread-safe: one per target, used by its loop.
 */
public final class SeriesCache {
    private static final int MIN_SLOTS = 16;

    private MetricSeries[] table = new MetricSeries[MIN_SLOTS];
    private int size;
    private int scrape;

    /** Starts a scrape: the metrics it sees are kept at its end, the others end. */
    public void beginScrape() {
        scrape++;
    }

    /** How many metrics it holds. */
    public int size() {
        return size;
    }

    /**
     * The cached series of metric {@code m}, whose key is {@code key}, with bounds written in Go's form
     * or not; null when it is new, its bounds changed, or they were written in the other form.
     */
    public MetricSeries get(MetricKey key, Metric m, boolean goBounds) {
        MetricSeries s = table[slotOf(key)];
        return s != null && s.fits(m, goBounds) ? s : null;
    }

    /**
     * Caches {@code fresh}, replacing the entry of the same metric. When its bounds changed, the old
     * series that {@code fresh} lacks are marked stale at {@code timestampMs}.
     */
    public void put(MetricSeries fresh, long timestampMs, SampleAppender app) {
        int slot = slotOf(fresh);
        MetricSeries old = table[slot];
        table[slot] = fresh;
        if (old != null) {
            staleAllBut(old, fresh, timestampMs, app);
            return;
        }
        if (++size * 2 > table.length) {
            rehash(table.length * 2);
        }
    }

    /** Notes that this scrape saw {@code s}, with samples that carried their own timestamp or not. */
    public void seen(MetricSeries s, boolean ownTimestamps) {
        s.seen = scrape;
        s.ownTimestamps = ownTimestamps;
    }

    /** Ends a scrape: marks stale and forgets the metrics it did not see. */
    public void endScrape(long timestampMs, SampleAppender app) {
        int gone = 0;
        for (int i = 0; i < table.length; i++) {
            MetricSeries s = table[i];
            if (s != null && s.seen != scrape) {
                stale(s, timestampMs, app);
                table[i] = null;
                gone++;
            }
        }
        if (gone > 0) {
            size -= gone;
            rehash(slotsFor(size)); // probe chains broken by the removals are mended by placing all again
        }
    }

    /** Marks every series it stored stale and forgets them: the target failed or has gone. */
    public void endAll(long timestampMs, SampleAppender app) {
        for (MetricSeries s : table) {
            if (s != null) {
                stale(s, timestampMs, app);
            }
        }
        table = new MetricSeries[MIN_SLOTS];
        size = 0;
    }

    /** Called once the samples of the last scrape are durable. */
    public void stored() {
        for (MetricSeries s : table) {
            if (s != null && s.seen == scrape) {
                s.stored = true;
            }
        }
    }

    /** The slot of the metric {@code key}: where it is, or the empty one where it would go. */
    private int slotOf(MetricKey key) {
        int mask = table.length - 1;
        for (int i = spread(key.hash()) & mask; ; i = (i + 1) & mask) {
            MetricSeries s = table[i];
            if (s == null || s.is(key)) {
                return i;
            }
        }
    }

    private int slotOf(MetricSeries entry) {
        int mask = table.length - 1;
        for (int i = spread(entry.hash) & mask; ; i = (i + 1) & mask) {
            MetricSeries s = table[i];
            if (s == null || s.sameKey(entry)) {
                return i;
            }
        }
    }

    private void rehash(int slots) {
        MetricSeries[] old = table;
        table = new MetricSeries[slots];
        int mask = slots - 1;
        for (MetricSeries s : old) {
            if (s != null) {
                int i = spread(s.hash) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = s;
            }
        }
    }

    /** The smallest power of two at least twice {@code n}, and at least {@link #MIN_SLOTS}. */
    private static int slotsFor(int n) {
        return Math.max(MIN_SLOTS, Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private static void stale(MetricSeries s, long timestampMs, SampleAppender app) {
        if (!s.stored || s.ownTimestamps) {
            return;
        }
        for (int i = 0; i < s.size(); i++) {
            if (s.length(i) > 0) {
                app.append(s.data, s.start(i), s.length(i), timestampMs, StaleNaN.VALUE);
            }
        }
    }

    /** A metric's bounds changed: ends the old series the new ones do not include. */
    private static void staleAllBut(MetricSeries old, MetricSeries fresh, long timestampMs, SampleAppender app) {
        if (!old.stored || old.ownTimestamps) {
            return;
        }
        for (int i = 0; i < old.size(); i++) {
            if (old.length(i) > 0 && !inFresh(old, i, fresh)) {
                app.append(old.data, old.start(i), old.length(i), timestampMs, StaleNaN.VALUE);
            }
        }
    }

    private static boolean inFresh(MetricSeries old, int i, MetricSeries fresh) {
        for (int j = 0; j < fresh.size(); j++) {
            if (old.sameSeries(i, fresh, j)) {
                return true;
            }
        }
        return false;
    }
}
