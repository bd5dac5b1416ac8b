package io.ferry.scrape;

import io.ferry.exposition.ExpositionFormat;
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

    /**
     * The format of the body the last successful {@link #scrape} read, which decides how
     * {@code le} and {@code quantile} are written when they are not normalised; text 0.0.4 for a
     * source that reads no body.
     */
    default ExpositionFormat lastFormat() {
        return ExpositionFormat.PROMETHEUS_TEXT;
    }

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
