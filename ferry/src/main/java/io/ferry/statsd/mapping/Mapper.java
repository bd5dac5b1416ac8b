package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.series.HistogramOptions;
import io.ferry.statsd.series.SummaryOptions;

/** Placeholder with the contract's shape until statsd-mapping lands. */
public final class Mapper {
    public Mapper(MappingConfig c, int cacheSize) {
    }

    public Mapping map(String statsdName, MetricKind kind) {
        return new Mapping(false, statsdName, Labels.EMPTY, false, Mapping.Action.MAP, Mapping.ObserverType.SUMMARY,
                HistogramOptions.DEFAULT, SummaryOptions.DEFAULT, 0, Double.NaN, null);
    }

    public int mappingCount() {
        return 0;
    }
}
