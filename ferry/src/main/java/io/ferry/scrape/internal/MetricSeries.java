package io.ferry.scrape.internal;

import io.ferry.model.ClassicSeries;
import io.ferry.model.HistogramMetric;
import io.ferry.model.LabelFields;
import io.ferry.model.Metric;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.Arrays;

/**
 * The final series of one scraped metric, in the order {@link io.ferry.model.ClassicSeries} gives
 * them, built once when the metric is first seen ({@link SeriesLabeler}) and kept in the
 * {@link SeriesCache}: later scrapes only look them up and append. A metric whose labels break a
 * limit keeps its {@link #error}, so that a target that breaks a limit fails every scrape.
 *
 * <p><b>Memory.</b> A target holds one of these per metric for as long as it exposes it, so it is
 * kept to one object and at most two arrays whatever the number of series: {@link #data} holds
 * the metric's {@link MetricKey} (after its length) and then each series' {@link LabelFields}, which a storage copies
 * as they are; {@link #ends} says where each but the last ends. A series that relabeling dropped
 * is empty.
 *
 * <pre>{@code
 * MetricSeries s = labeler.label(key, "req_seconds", false, histogram, false);
 * if (s.error() == null) samples.append(s, histogram, nowMs, false, appender);
 * }</pre>
 *
 * <p>Not thread-safe: owned by one target's recorder.
 */
public final class MetricSeries {
    /**
     * The length of the metric's key (4 bytes), the key, then the label fields of each series.
     * Never changed once built.
     */
    final byte[] data;
    /**
     * Where each series but the last ends ({@code ends[i]}: series {@code i}); the last ends with
     * {@link #data}, so a metric of one series, most of them, needs no array of its own.
     */
    private final int[] ends;
    /** The key's hash. */
    final int hash;
    /** The metric's {@code le} or {@code quantile} bounds, or null for a value; shared between metrics with the same. */
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

    private static final int[] ONE_SERIES = {};

    /**
     * @param data as {@link #data} describes it ({@link #write} writes the key)
     * @param ends {@code ends[i]}: where series {@code i} ends in {@code data}, the last at {@code data.length}
     */
    MetricSeries(byte[] data, int[] ends, int hash, double[] bounds, String error, boolean goBounds) {
        this.data = data;
        this.ends = ends.length <= 1 ? ONE_SERIES : Arrays.copyOf(ends, ends.length - 1);
        this.hash = hash;
        this.bounds = bounds;
        this.error = error;
        this.goBounds = goBounds;
    }

    /** The first limit the series break, or null. */
    public String error() {
        return error;
    }

    /** How many series the metric has, dropped ones included. */
    public int size() {
        return ends.length + 1;
    }

    /** Where series {@code i}'s label fields start in {@link #data}. */
    int start(int i) {
        return i == 0 ? keyEnd() : ends[i - 1];
    }

    /** The length of series {@code i}'s label fields; 0 when relabeling dropped it. */
    int length(int i) {
        return (i == ends.length ? data.length : ends[i]) - start(i);
    }

    /** How many series relabeling kept; counted when asked, as a target has many of these and asks once. */
    public int kept() {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            n += length(i) == 0 ? 0 : 1;
        }
        return n;
    }

    /** Whether this is the metric {@code key} names. */
    boolean is(MetricKey key) {
        return hash == key.hash() && key.matches(data, KEY_LENGTH_SIZE, keyEnd());
    }

    /** Whether {@code other} is an entry of the same metric. */
    boolean sameKey(MetricSeries other) {
        return hash == other.hash
                && Arrays.equals(data, KEY_LENGTH_SIZE, keyEnd(), other.data, KEY_LENGTH_SIZE, other.keyEnd());
    }

    /** Whether series {@code i} has the same labels as series {@code j} of {@code other}. */
    boolean sameSeries(int i, MetricSeries other, int j) {
        return LabelFields.equal(data, start(i), length(i), other.data, other.start(j), other.length(j));
    }

    /** The bytes that hold the key's length before it. */
    private static final int KEY_LENGTH_SIZE = 4;

    /** The space the key takes at the start of {@link #data}, its length included. */
    static int keySize(MetricKey key) {
        return KEY_LENGTH_SIZE + key.length();
    }

    /** Writes {@code key} after its length at the start of {@code data}; returns where it ends. */
    static int write(MetricKey key, byte[] data) {
        int n = key.length();
        data[0] = (byte) (n >>> 24);
        data[1] = (byte) (n >>> 16);
        data[2] = (byte) (n >>> 8);
        data[3] = (byte) n;
        key.copyTo(data, KEY_LENGTH_SIZE);
        return KEY_LENGTH_SIZE + n;
    }

    private int keyEnd() {
        return KEY_LENGTH_SIZE + ((data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | data[3] & 0xff);
    }

    /**
     * Whether these are the series of {@code m}: other bounds are other series, and so is a sum and
     * count that came or went (a target may expose them in one scrape and not the next).
     */
    boolean fits(Metric m, boolean goBounds) {
        return size() == ClassicSeries.count(m) && Arrays.equals(bounds, bounds(m))
                && (bounds == null || this.goBounds == goBounds);
    }

    static double[] bounds(Metric m) {
        return switch (m) {
            case ValueMetric v -> null;
            case SummaryMetric s -> s.quantiles();
            case HistogramMetric h -> h.upperBounds();
        };
    }
}
