package io.ferry.liveness;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The push interval of one group, learned from its last successful push times ({@code every: auto}):
 * the median of the last {@link #INTERVALS} intervals between pushes, once {@link #MIN_INTERVALS}
 * were seen. The median ignores a single late or early run (a manual rerun, a skipped night),
 * where a mean would be pulled by it.
 *
 * <pre>{@code
 * LearnedCadence c = new LearnedCadence();
 * c.observe(1000); c.observe(1060); c.observe(1120);
 * c.intervalSeconds();   // OptionalDouble[60.0]
 * }</pre>
 *
 * <p>Push times are observed as Ferry sees them, so a time equal to or older than the last one
 * seen adds nothing. Thread-safe (methods are synchronized; each group, or producer, has its own
 * instance).
 */
public final class LearnedCadence {
    /** How many of the latest intervals the median is taken over. */
    static final int INTERVALS = 5;
    /** How many intervals must be seen before the cadence is known. */
    static final int MIN_INTERVALS = 2;

    /** The latest push times, oldest first, at most INTERVALS + 1. */
    private final double[] times = new double[INTERVALS + 1];
    private int count;

    /** Records a successful push at {@code pushTimeSeconds}, if it is newer than the last one seen. */
    public synchronized void observe(double pushTimeSeconds) {
        if (count > 0 && pushTimeSeconds <= times[count - 1]) {
            return;
        }
        if (count == times.length) {
            System.arraycopy(times, 1, times, 0, count - 1);
            count--;
        }
        times[count++] = pushTimeSeconds;
    }

    /** The median of the latest intervals, or empty while fewer than {@link #MIN_INTERVALS} were seen. */
    public synchronized OptionalDouble intervalSeconds() {
        int n = count - 1;
        if (n < MIN_INTERVALS) {
            return OptionalDouble.empty();
        }
        double[] intervals = new double[n];
        for (int i = 0; i < n; i++) {
            intervals[i] = times[i + 1] - times[i];
        }
        Arrays.sort(intervals);
        return OptionalDouble.of(n % 2 == 1 ? intervals[n / 2] : (intervals[n / 2 - 1] + intervals[n / 2]) / 2);
    }
}
