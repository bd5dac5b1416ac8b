package io.ferry.otlp.convert.internal;

/**
 * OTLP's nanosecond times in the model's units.
 *
 * <pre>{@code
 * Times.millis(1_500_000L);  // 1
 * Times.seconds(0);          // NaN: no start time
 * }</pre>
 */
public final class Times {
    private Times() {
    }

    /** Milliseconds, by integer division as Prometheus' {@code convertTimeStamp}. */
    public static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    /** Seconds for a created time, or NaN when the start time is unset (0). */
    public static double seconds(long nanos) {
        return nanos == 0 ? Double.NaN : nanos / 1e9;
    }
}
