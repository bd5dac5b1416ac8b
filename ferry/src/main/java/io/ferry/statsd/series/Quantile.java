package io.ferry.statsd.series;

/** A summary objective: the quantile and its allowed rank error. */
public record Quantile(double quantile, double error) {
}
