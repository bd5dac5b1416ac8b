package io.ferry.server;

import io.ferry.liveness.Expectation;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.liveness.RouteRules;
import io.ferry.model.Labels;
import io.ferry.scrape.ScrapeObserver;
import io.ferry.scrape.ScrapeTarget;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scrape route's feed of the producer registry: each scrape's outcome, reported at its start,
 * and the active targets, announced (unknown until their first scrape) and retained as they
 * change. A target is a producer labelled as its samples are (after relabeling: {@code job},
 * {@code instance}, ...), expected every scrape interval with one interval of grace: overdue after
 * one missed scrape, down after two, as the contract asks.
 *
 * <pre>{@code
 * ScrapeProducers feed = new ScrapeProducers(producers);
 * new ScrapeManager(storage, discovery, sources, seed, registry, feed);
 * }</pre>
 *
 * <p>Thread-safe, as {@link ScrapeObserver} asks: {@link #scraped} is one registry report and one
 * map write; {@link #targets} is serialised.
 */
final class ScrapeProducers implements ScrapeObserver {
    private final ProducerRegistry registry;
    // Every active target's interval by its labels; written by scrapes too, so a target's first
    // scrape finds its expectation even when it comes before the pool's report of its targets.
    private final Map<Labels, Duration> intervals = new ConcurrentHashMap<>();
    private final Map<String, List<ScrapeTarget>> activeByJob = new HashMap<>();

    ScrapeProducers(ProducerRegistry registry) {
        this.registry = registry;
        registry.rules(Route.SCRAPE, new RouteRules(this::expectation, List.of(), Integer.MAX_VALUE));
    }

    private Optional<Expectation> expectation(Labels target) {
        Duration interval = intervals.get(target);
        return interval == null ? Optional.empty() : Optional.of(Expectation.every(interval, interval));
    }

    @Override
    public void scraped(ScrapeTarget target, long startMillis, boolean ok, String error) {
        intervals.put(target.labels(), target.interval());
        registry.report(Route.SCRAPE, target.labels(), startMillis, ok, error);
    }

    /**
     * Only {@code job}'s own targets that no job lists any longer are forgotten: a pool starts a
     * new target's loop before it reports its targets, so another job's target may have been
     * scraped, and reported, before its own job's report names it.
     */
    @Override
    public synchronized void targets(String job, List<ScrapeTarget> active) {
        List<ScrapeTarget> before = active.isEmpty() ? activeByJob.remove(job) : activeByJob.put(job, active);
        Map<Labels, Duration> now = new HashMap<>();
        activeByJob.values().forEach(targets -> targets.forEach(t -> now.put(t.labels(), t.interval())));
        intervals.putAll(now);
        Set<Labels> gone = new HashSet<>();
        for (ScrapeTarget t : before == null ? List.<ScrapeTarget>of() : before) {
            if (!now.containsKey(t.labels())) {
                gone.add(t.labels());
            }
        }
        gone.forEach(intervals::remove);
        registry.retain(Route.SCRAPE, labels -> !gone.contains(labels));
        // Known from discovery on, as unknown until its first scrape, which may come an interval later.
        now.keySet().forEach(target -> registry.announce(Route.SCRAPE, target));
    }
}
