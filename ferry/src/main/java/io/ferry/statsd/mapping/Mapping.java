package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.series.HistogramOptions;
import io.ferry.statsd.series.SummaryOptions;

/** Placeholder with the contract's shape until statsd-mapping lands. */
public record Mapping(boolean mapped, String name, Labels labels, boolean honorLabels, Action action,
                      ObserverType observerType, HistogramOptions histogram, SummaryOptions summary, long ttlMillis,
                      double scale, String help) {
    public enum Action { MAP, DROP }

    public enum ObserverType { SUMMARY, HISTOGRAM }
}
