package io.ferry.statsd.series;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.time.Clock;
import java.util.List;

/** Placeholder with the contract's shape until statsd-series lands. */
public final class SeriesStore {
    public enum Outcome { OK, CONFLICT, NEGATIVE_COUNTER, LIMIT }

    public SeriesStore(Clock clock, long maxSeries) {
    }

    public Outcome counter(String name, String help, Labels labels, double delta, long ttlMillis) {
        return Outcome.OK;
    }

    public Outcome gauge(String name, String help, Labels labels, double value, boolean relative, long ttlMillis) {
        return Outcome.OK;
    }

    public Outcome histogram(String name, String help, Labels labels, double value, int repeat, HistogramOptions o,
                             long ttlMillis) {
        return Outcome.OK;
    }

    public Outcome summary(String name, String help, Labels labels, double value, int repeat, SummaryOptions o,
                           long ttlMillis) {
        return Outcome.OK;
    }

    public Outcome set(String name, String help, Labels labels, String member, long ttlMillis) {
        return Outcome.OK;
    }

    public void expire() {
    }

    public List<MetricFamily> families() {
        return List.of();
    }

    public long seriesCount() {
        return 0;
    }
}
