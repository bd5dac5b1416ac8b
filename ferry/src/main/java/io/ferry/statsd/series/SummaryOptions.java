package io.ferry.statsd.series;

import java.time.Duration;
import java.util.List;

/** A summary's objectives and its sliding window. */
public record SummaryOptions(List<Quantile> objectives, Duration maxAge, int ageBuckets, int bufCap) {
    public static final SummaryOptions DEFAULT = new SummaryOptions(
            List.of(new Quantile(0.5, 0.05), new Quantile(0.9, 0.01), new Quantile(0.99, 0.001)),
            Duration.ofMinutes(10), 5, 500);
}
