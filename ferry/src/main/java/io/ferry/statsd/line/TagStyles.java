package io.ferry.statsd.line;

/** Placeholder with the contract's shape until statsd-line lands. */
public record TagStyles(boolean dogstatsd, boolean influxdb, boolean librato, boolean signalfx) {
    public static final TagStyles ALL = new TagStyles(true, true, true, true);
}
