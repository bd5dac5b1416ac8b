package io.ferry.statsd.line;

/** Placeholder with the contract's shape until statsd-line lands. */
public final class ParseStats {
    public void registerOn(io.ferry.telemetry.Registry registry) {
    }
}
