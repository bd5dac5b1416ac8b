package io.ferry.otlp.convert;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * What one OTLP resource becomes: a push-style group of cumulative families, plus the delta points
 * to add to the group's stored series. Immutable.
 *
 * <pre>{@code
 * for (ConvertedResource r : conversion.resources()) {
 *     store.merge(r.groupKey(), r.cumulative());        // replace these series
 *     for (DeltaSeries d : r.deltas()) {                 // in order: later points after earlier ones
 *         Metric next = DeltaSeries.accumulate(stored(r.groupKey(), d), d);
 *     }
 * }
 * }</pre>
 *
 * @param groupKey          {@code {job, instance}}: {@code job} from {@code service.namespace/service.name},
 *                          {@code instance} from {@code service.instance.id} ({@code ""} when absent)
 * @param serviceInstanceId {@code service.instance.id}, or {@code ""} when absent
 * @param cumulative        gauges, cumulative sums, histograms, exponential histograms, summaries and
 *                          {@code target_info}, one family per name; every series carries the group
 *                          key's labels. Within a family a series appears once: of two points of one
 *                          stream the later is kept
 * @param deltas            delta points in request order, each to be added to the stored series of
 *                          its family and labels
 */
public record ConvertedResource(Labels groupKey, String serviceInstanceId, List<MetricFamily> cumulative,
                                List<DeltaSeries> deltas) {
    public ConvertedResource {
        cumulative = List.copyOf(cumulative);
        deltas = List.copyOf(deltas);
    }
}
