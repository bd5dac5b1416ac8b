package io.ferry.scrape;

import java.time.Duration;
import java.time.Instant;

/**
 * One scrape a loop did, as its history keeps it for the scrape-duration plot.
 *
 * @param start    when the scrape began (the time its samples carry)
 * @param duration how long it took, the fetch, parse and recording included
 * @param ok       whether it succeeded ({@code up} 1)
 */
public record PastScrape(Instant start, Duration duration, boolean ok) {
}
