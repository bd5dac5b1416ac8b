package io.ferry.bench.tunnel;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every latency of one kind of scrape, kept whole (a few hundred thousand longs at most), so the
 * percentiles are exact: nearest rank over the sorted values, no buckets.
 *
 * <pre>{@code
 * Latencies tunnel = new Latencies();
 * tunnel.add(System.nanoTime() - planned);       // from any thread
 * Latencies.Summary s = tunnel.summary();         // p50, p99, max in ms
 * }</pre>
 *
 * <p>Thread-safe: {@link #add} and {@link #summary} synchronise on this object.
 */
final class Latencies {
    private long[] nanos = new long[1 << 14];
    private int size;

    synchronized void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    /** Percentiles of a sorted copy. */
    static final class Summary {
        private final long[] sorted;

        Summary(long[] sorted) {
            this.sorted = sorted;
        }

        int count() {
            return sorted.length;
        }

        /** The nearest-rank percentile in milliseconds, NaN when there are no values. */
        double percentileMs(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double maxMs() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        }

        double meanMs() {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sum / sorted.length / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f mean=%.2f ms",
                    count(), percentileMs(50), percentileMs(90), percentileMs(99), percentileMs(99.9), maxMs(), meanMs());
        }
    }
}
