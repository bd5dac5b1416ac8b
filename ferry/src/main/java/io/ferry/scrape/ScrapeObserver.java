package io.ferry.scrape;

import java.util.List;

/**
 * Told of every scrape's outcome and of changes to the set of active targets: how the producer
 * registry follows the scrape route without {@code scrape} knowing of it.
 *
 * <pre>{@code
 * ScrapeObserver observer = new ScrapeObserver() {
 *     public void scraped(ScrapeTarget t, long startMillis, boolean ok, String error) { registry.report(...); }
 *     public void targets(String job, List<ScrapeTarget> active) { registry.retain(...); }
 * };
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #scraped} is called on the target's loop thread after each scrape, so
 * calls for one target come in scrape order; calls for different targets come at once from their
 * own threads. {@link #targets} is called by a job's pool (at times holding its lock) after the targets
 * that went have stopped scraping, so no {@code scraped} of a gone target follows it (unless a loop
 * failed to stop in time); calls for one job come in order. Both must be cheap, thread-safe, must
 * not throw, and must not call back into the {@link ScrapeManager} (its lock is taken in the other
 * order).
 */
public interface ScrapeObserver {
    /** Observes nothing. */
    ScrapeObserver NONE = new ScrapeObserver() {
        @Override
        public void scraped(ScrapeTarget target, long startMillis, boolean ok, String error) {
        }

        @Override
        public void targets(String job, List<ScrapeTarget> active) {
        }
    };

    /**
     * {@code target} was scraped at {@code startMillis} (Unix milliseconds, the scrape's start);
     * {@code error} is empty when {@code ok}.
     */
    void scraped(ScrapeTarget target, long startMillis, boolean ok, String error);

    /**
     * The active targets of {@code job} that this Ferry scrapes are now {@code active}: targets
     * appeared, went, moved to or from another Ferry sharing them ({@link TargetFilter}), or changed
     * how they are scraped (interval, timeout). Empty when the job was removed or has none here.
     */
    void targets(String job, List<ScrapeTarget> active);
}
