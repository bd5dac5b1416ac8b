package io.ferry.otlp.internal;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.otlp.convert.OtlpConverter;
import io.ferry.state.Mutation;

import java.util.ArrayList;
import java.util.Map;

/**
 * Merges the series of an exported family into the family as stored, series by series: an export
 * need not carry every series of a family (a batching collector splits them; a delta exporter
 * sends only those that changed), so a series not in the export keeps its stored value. A series
 * whose point carries no recorded value (its value the stale marker) ends: it is removed. A family
 * exported with another type than stored replaces the stored one whole.
 *
 * <pre>{@code
 * MetricFamily merged = SeriesMerge.merge(storedOrNull, exported);
 * }</pre>
 *
 * <p>Stateless. Cost: the stored family's series plus the exported ones.
 */
public final class SeriesMerge {
    private SeriesMerge() {
    }

    /** The exported family's series over the stored family's ({@code stored} may be null). */
    public static MetricFamily merge(MetricFamily stored, MetricFamily exported) {
        Map<Labels, Metric> series = Mutation.MergeSeries.storedSeries(stored, exported);
        for (Metric m : exported.metrics()) {
            if (OtlpConverter.isStale(m)) {
                series.remove(m.labels());
            } else {
                series.put(m.labels(), m);
            }
        }
        return exported.withMetrics(new ArrayList<>(series.values()));
    }
}
