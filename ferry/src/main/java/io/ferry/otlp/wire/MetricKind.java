package io.ferry.otlp.wire;

/** Which data field of an OTLP {@code Metric} is set; {@link #EMPTY} when none is. */
public enum MetricKind {
    GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY, EMPTY
}
