package io.ferry.statsd.series;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a summary series estimates its quantiles: the {@code objectives} with their rank errors,
 * observations kept for {@code maxAge} in {@code ageBuckets} rotating windows, and {@code bufCap}
 * observations buffered before they are merged into the estimate.
 *
 * <pre>{@code
 * SummaryOptions d = SummaryOptions.DEFAULT; // {0.5:0.05, 0.9:0.01, 0.99:0.001}, 10m, 5, 500
 * SummaryOptions p99 = new SummaryOptions(List.of(new Quantile(0.99, 0.001)), Duration.ofMinutes(1), 3, 0);
 * }</pre>
 *
 * <p>As client_golang (and so statsd_exporter) does, a null or zero {@code maxAge} means 10 minutes,
 * a zero {@code ageBuckets} 5 and a zero {@code bufCap} 500. A null objectives list means none (the
 * summary then has only {@code _sum} and {@code _count}); the objectives are kept sorted by quantile,
 * and a quantile given twice is refused. Negative values throw {@link IllegalArgumentException}.
 *
 * <p>Immutable and thread-safe.
 */
public record SummaryOptions(List<Quantile> objectives, Duration maxAge, int ageBuckets, int bufCap) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    public static final int DEFAULT_AGE_BUCKETS = 5;
    public static final int DEFAULT_BUF_CAP = 500;

    /** statsd_exporter's objectives when no mapping sets them, with client_golang's window defaults. */
    public static final SummaryOptions DEFAULT = new SummaryOptions(
            List.of(new Quantile(0.5, 0.05), new Quantile(0.9, 0.01), new Quantile(0.99, 0.001)),
            DEFAULT_MAX_AGE, DEFAULT_AGE_BUCKETS, DEFAULT_BUF_CAP);

    public SummaryOptions {
        List<Quantile> sorted = new ArrayList<>(objectives == null ? List.of() : objectives);
        sorted.sort(Comparator.comparingDouble(Quantile::quantile));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).quantile() == sorted.get(i - 1).quantile()) {
                throw new IllegalArgumentException("quantile given twice: " + sorted.get(i).quantile());
            }
        }
        objectives = List.copyOf(sorted);
        if (maxAge == null || maxAge.isZero()) {
            maxAge = DEFAULT_MAX_AGE;
        } else if (maxAge.isNegative()) {
            throw new IllegalArgumentException("summary max age must not be negative: " + maxAge);
        }
        if (ageBuckets < 0 || bufCap < 0) {
            throw new IllegalArgumentException("summary age buckets and buffer cap must not be negative");
        }
        if (ageBuckets == 0) {
            ageBuckets = DEFAULT_AGE_BUCKETS;
        }
        if (bufCap == 0) {
            bufCap = DEFAULT_BUF_CAP;
        }
    }
}
