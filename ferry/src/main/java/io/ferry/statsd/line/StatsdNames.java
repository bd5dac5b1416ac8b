package io.ferry.statsd.line;

/** Placeholder with the contract's shape until statsd-line lands. */
public final class StatsdNames {
    private StatsdNames() {
    }

    public static String escape(String name) {
        return name;
    }
}
