package io.ferry.scrape;

/**
 * Which targets this Ferry scrapes when several Ferrys share a job's targets. The scrape manager
 * asks it of every active target (after relabeling) each time discovery changes, and again each
 * time the filter says its answers changed: it starts the loops of targets newly scraped here and
 * stops those of targets scraped elsewhere now, without stale markers, since the member that took
 * a target over goes on writing its series.
 *
 * <pre>{@code
 * ShardFilter shards = ShardFilter.hashmod(0, 2);          // static_shard: {index: 0, count: 2}
 * ScrapeManager scrapes = new ScrapeManager(storage, discovery, sources, seed, registry, observer, shards,
 *         job -> !job.throughTunnel());
 * }</pre>
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Thread-safe: {@link #scrapes} is called from any thread, often, under the caller's locks:
 *       it must be fast and must not block.</li>
 *   <li>Visibility and ordering: a change is visible to {@link #scrapes} before the listeners are
 *       called; listeners are called on the thread that made the change, one change at a time, in
 *       the order of the changes.</li>
 *   <li>Hand-over: the change that takes targets away returns only after its listeners returned;
 *       the scrape manager's listener returns once the loops of those targets stopped (after the
 *       scrape under way, if any). A source of ownership that revokes before it assigns (Kafka's
 *       cooperative rebalance) therefore never has two members scrape one target.</li>
 *   <li>Stability: the answer for a target depends only on the target and the owned set, so every
 *       member with the same config agrees on who scrapes what.</li>
 * </ul>
 */
public interface TargetFilter {
    /** Every target, always: a Ferry that shares nothing. */
    TargetFilter ALL = new TargetFilter() {
        @Override
        public boolean scrapes(ScrapeTarget target) {
            return true;
        }

        @Override
        public void onChange(Runnable listener) {
        }
    };

    /** Whether this Ferry scrapes {@code target} now. */
    boolean scrapes(ScrapeTarget target);

    /** Calls {@code listener} after each change of {@link #scrapes}'s answers, for as long as the filter lives. */
    void onChange(Runnable listener);

    /**
     * Whether this Ferry may scrape at this moment at all: false while its hold on what it owns is
     * not confirmed (a member paused past its lease, whose shards another member may have taken
     * before its own ownership thread has run). A loop skips its scrape then. Fast, never blocks.
     */
    default boolean mayScrapeNow() {
        return true;
    }
}
