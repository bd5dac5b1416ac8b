package io.ferry.scrape;

import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * Where a scrape loop gets its target's metric families: an HTTP endpoint, or Ferry's own state.
 * Called by one loop at a time; implementations need not be thread-safe.
 */
public interface ScrapeSource {

    /**
     * Scrapes once, giving up by {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @throws ScrapeException saying why, in words fit for the targets page
     */
    List<MetricFamily> scrape(long deadlineNanos) throws ScrapeException;

    /** A scrape that failed; the message is shown as the target's last error. */
    final class ScrapeException extends Exception {
        public ScrapeException(String message) {
            super(message);
        }

        public ScrapeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
