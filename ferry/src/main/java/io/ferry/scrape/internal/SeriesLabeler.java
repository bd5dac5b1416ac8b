package io.ferry.scrape.internal;

import io.ferry.exposition.BoundText;
import io.ferry.model.ClassicSeries;
import io.ferry.model.Exemplar;
import io.ferry.model.LabelFields;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricNames;
import io.ferry.relabel.RelabelScratch;
import io.ferry.relabel.Relabeler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gives the series of a metric first seen their final labels, as Prometheus' scrape loop does:
 * the {@link ClassicSeries} names, the {@code le} and {@code quantile} values in OpenMetrics'
 * canonical form ({@link BoundText}), the target's labels ({@link TargetLabels}),
 * {@code metric_relabel_configs} (a series left without {@code __name__} is dropped), and the label
 * limits ({@link ScrapeLimitCheck}).
 *
 * <pre>{@code
 * SeriesLabeler labeler = new SeriesLabeler(new TargetLabels(target, false), relabeler, new ScrapeLimitCheck(limits));
 * MetricSeries s = labeler.label(key.set("req_seconds", histogram.labels()), "req_seconds", false, histogram, false);
 * }</pre>
 *
 * <p>The series are kept as {@link LabelFields} after the metric's key, in one array
 * ({@link MetricSeries}); the label sets built here are dropped once encoded.
 *
 * <p>Not thread-safe (it keeps a relabeling scratch): one per target.
 */
public final class SeriesLabeler implements ClassicSeries.Visitor {
    private final TargetLabels target;
    private final Relabeler relabeler;
    private final RelabelScratch scratch;
    private final ScrapeLimitCheck limits;
    private final List<Labels> raw = new ArrayList<>();
    private String family;
    private Labels own;
    /** The name of the last suffix asked for, one string for all the buckets of a metric. */
    private String suffix;
    private String name;
    private boolean goBounds;
    /** The bounds of the last metric labeled, shared with the next one that has the same (its siblings). */
    private double[] lastBounds;

    public SeriesLabeler(TargetLabels target, Relabeler metricRelabeler, ScrapeLimitCheck limits) {
        this.target = target;
        this.relabeler = metricRelabeler;
        this.scratch = metricRelabeler.newScratch();
        this.limits = limits;
    }

    /**
     * The final series of metric {@code m}, whose key is {@code key}, its {@code le} or
     * {@code quantile} in Go's form when {@code goBounds} (as a text 0.0.4 writer wrote it and
     * Prometheus 2 stores it).
     */
    public MetricSeries label(MetricKey key, String family, boolean gaugeHistogram, Metric m, boolean goBounds) {
        this.goBounds = goBounds;
        this.family = family;
        this.own = m.labels();
        this.suffix = null;
        raw.clear();
        ClassicSeries.visit(m, gaugeHistogram, this);
        Labels[] series = new Labels[raw.size()];
        int[] ends = new int[series.length];
        int size = MetricSeries.keySize(key);
        String error = null;
        for (int i = 0; i < series.length; i++) {
            Labels s = relabeler.apply(target.join(raw.get(i)), scratch);
            if (s != null && s.get(MetricNames.NAME_LABEL) == null) {
                s = null; // relabeling took the name away: Prometheus drops such a series
            }
            if (s != null && error == null) {
                error = limits.series(s);
            }
            series[i] = s;
            size += s == null ? 0 : LabelFields.size(s);
            ends[i] = size;
        }
        raw.clear();
        byte[] data = new byte[size];
        int p = MetricSeries.write(key, data);
        for (Labels s : series) {
            if (s != null) {
                p = LabelFields.write(s, data, p);
            }
        }
        return new MetricSeries(data, ends, key.hash(), shared(MetricSeries.bounds(m)), error, goBounds);
    }

    private double[] shared(double[] bounds) {
        if (bounds != null && !Arrays.equals(bounds, lastBounds)) {
            lastBounds = bounds.clone();
        }
        return bounds == null ? null : lastBounds;
    }

    @Override
    public void bounded(String suffix, String boundLabel, double bound, double value, Exemplar exemplar) {
        String text = goBounds ? BoundText.goForm(bound) : BoundText.of(bound);
        raw.add(own.with(boundLabel, text).with(MetricNames.NAME_LABEL, name(suffix)));
    }

    @Override
    public void unbounded(String suffix, double value) {
        raw.add(own.with(MetricNames.NAME_LABEL, name(suffix)));
    }

    /**
     * The series name for {@code suffix}: the family's own string for none, and one string for all
     * the series of a metric with the same suffix (its buckets), since every cached series keeps it.
     */
    private String name(String suffix) {
        if (suffix != this.suffix) { // the suffixes are ClassicSeries' constants
            this.suffix = suffix;
            this.name = suffix.isEmpty() ? family : family + suffix;
        }
        return name;
    }
}
