package io.ferry.scrape;

import io.ferry.model.Labels;

import java.net.URI;
import java.time.Duration;

/**
 * One target of a scrape job, after relabeling: what to scrape, how often, and the labels its
 * samples get. Immutable.
 *
 * @param labels           the target's labels as its samples get them: {@code job}, {@code instance}
 *                         and whatever relabeling kept, none starting with {@code __}
 * @param discoveredLabels the labels discovery gave, before relabeling ({@code __meta_*} included)
 * @param key              a hash of the labels and the URL: the target's identity within a job,
 *                         the source of its offset in the interval, and its remote-write shard key
 */
public record ScrapeTarget(String job, Labels labels, Labels discoveredLabels, URI url, Duration interval,
                           Duration timeout, long key) {

    /** When in each interval this target is scraped, as Prometheus spreads a fleet: from its key. */
    public long offsetNanos(long seed) {
        return Math.floorMod(key ^ seed, interval.toNanos());
    }

    /** The same target in every respect that changes how it is scraped. */
    public boolean sameScrape(ScrapeTarget o) {
        return key == o.key && interval.equals(o.interval) && timeout.equals(o.timeout);
    }
}
