package io.ferry.statsd.line;

/** Placeholder with the contract's shape until statsd-line lands. */
public enum MetricKind {
    COUNTER, GAUGE, OBSERVER, SET;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
