package io.ferry.otlp.convert;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.List;

/** Contract stub (otlp-convert replaces it at merge). */
public record ConvertedResource(Labels groupKey, String serviceInstanceId, List<MetricFamily> cumulative,
                                List<DeltaSeries> deltas) {
}
