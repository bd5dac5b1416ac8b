package io.ferry.scrape;

/**
 * How one scrape job's targets are scraped: a source for each target, and what those sources share
 * (an HTTP client's pool of kept-alive connections), released when the job stops or a reload
 * replaces it.
 *
 * <pre>{@code
 * JobScrapers scrapers = sources.forJob(job);
 * ScrapeSource source = scrapers.forTarget(target); // one per target loop
 * scrapers.close();                                  // once no loop of the job scrapes any more
 * }</pre>
 *
 * <p>Thread-safe: {@link #forTarget} may be called from any thread. {@link #close} is called once,
 * after every loop of the job has stopped or been given up on; it should let a scrape still running
 * finish (an {@code Http11Client} closes only idle connections).
 */
@FunctionalInterface
public interface JobScrapers extends AutoCloseable {
    ScrapeSource forTarget(ScrapeTarget target);

    /** Releases what the job's sources share; nothing by default. */
    @Override
    default void close() {
    }
}
