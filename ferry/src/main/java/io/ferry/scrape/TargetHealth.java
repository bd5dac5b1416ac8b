package io.ferry.scrape;

import java.time.Duration;
import java.time.Instant;

/**
 * How a target's last scrape went, as {@code /api/v1/targets} shows it.
 *
 * @param health     {@code up}, {@code down}, or {@code unknown} before the first scrape
 * @param lastError  empty when the last scrape succeeded
 * @param lastScrape null before the first scrape
 */
public record TargetHealth(String health, String lastError, Instant lastScrape, Duration lastScrapeDuration) {
    public static final TargetHealth UNKNOWN = new TargetHealth("unknown", "", null, Duration.ZERO);
}
