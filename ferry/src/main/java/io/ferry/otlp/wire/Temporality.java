package io.ferry.otlp.wire;

/** OTLP's {@code AggregationTemporality}; gauges and summaries carry {@link #UNSPECIFIED}. */
public enum Temporality {
    UNSPECIFIED, DELTA, CUMULATIVE
}
