package io.ferry.statsd.line;

import io.ferry.model.Labels;

/** Placeholder with the contract's shape until statsd-line lands. */
public record StatsdEvent(MetricKind kind, String name, double value, boolean relative, int repeat, String member,
                          Labels tags) {
}
