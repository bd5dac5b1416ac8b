package io.ferry.scrape;

import io.ferry.model.SampleAppender;
import io.ferry.scrape.discovery.Discoverer;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Every scrape job: starts a pool per job of {@code scrape_configs}, and on {@link #apply} with a new
 * config keeps the pools whose job did not change, so their targets go on being scraped without a
 * gap, replaces the changed ones (carrying their targets' series state over where the way samples are
 * recorded did not change), and stops the removed ones, ending their series.
 *
 * <pre>{@code
 * ScrapeManager scrapes = new ScrapeManager(storage, discovery, sources, seed);
 * scrapes.apply(jobs);          // at start and on every reload that changed them
 * scrapes.rediscover();         // on every reload
 * scrapes.pools();                             // for /api/v1/targets
 * scrapes.close();
 * }</pre>
 *
 * <p>Thread-safe: {@link #apply} and {@link #close} are serialised.
 */
public final class ScrapeManager implements AutoCloseable {
    /** Prometheus' {@code prometheus_target_scrapes_sample_duplicate_timestamp_total}, by job. */
    public static final String DUPLICATE_SAMPLES = "ferry_target_scrapes_sample_duplicate_timestamp_total";

    /** Makes a job's discoverers. */
    public interface Discovery {
        List<Discoverer> forJob(ScrapeJob job);
    }

    /** Makes what a job's targets are scraped from: a job replaced by a reload gets new ones. */
    public interface Sources {
        JobScrapers forJob(ScrapeJob job);
    }

    private final SampleAppender.Storage storage;
    private final Discovery discovery;
    private final Counter duplicateSamples;
    private final Sources sources;
    private final long offsetSeed;
    private final ScrapeObserver observer;
    private final TargetFilter filter;
    private final Predicate<ScrapeJob> sharded;
    private Map<String, ScrapePool> pools = new LinkedHashMap<>();

    /** @param offsetSeed mixed into every target's offset, so collectors with different seeds spread differently */
    public ScrapeManager(SampleAppender.Storage storage, Discovery discovery, Sources sources, long offsetSeed) {
        this(storage, discovery, sources, offsetSeed, null, ScrapeObserver.NONE);
    }

    /**
     * Counting in {@code registry} (once per process) the samples dropped because their series was
     * already in the scrape ({@value #DUPLICATE_SAMPLES}); null counts nothing. {@code observer} is
     * told of every scrape of every job and of targets coming and going.
     */
    public ScrapeManager(SampleAppender.Storage storage, Discovery discovery, Sources sources, long offsetSeed,
                         Registry registry, ScrapeObserver observer) {
        this(storage, discovery, sources, offsetSeed, registry, observer, TargetFilter.ALL, job -> false);
    }

    /**
     * Sharing targets with other Ferrys: the targets of the jobs {@code sharded} accepts are scraped
     * when {@code filter} says so, and loops start and stop as its answers change; other jobs'
     * targets are all scraped here. {@code observer} hears of the targets scraped here only.
     */
    public ScrapeManager(SampleAppender.Storage storage, Discovery discovery, Sources sources, long offsetSeed,
                         Registry registry, ScrapeObserver observer, TargetFilter filter, Predicate<ScrapeJob> sharded) {
        this.filter = filter;
        this.sharded = sharded;
        filter.onChange(this::refilter);
        this.storage = storage;
        this.observer = observer;
        this.discovery = discovery;
        this.sources = sources;
        this.offsetSeed = offsetSeed;
        this.duplicateSamples = registry == null ? null : registry.counter(DUPLICATE_SAMPLES,
                "Samples dropped because the scrape had already given their series at that time (a body that "
                        + "repeats a series, or relabeling that made two series one); the first is kept.", "scrape_job");
    }

    /** Counts a job's dropped duplicates; its series is at 0 from the job's start, for increase(). */
    private IntConsumer duplicatesOf(ScrapeJob job) {
        if (duplicateSamples == null) {
            return n -> { };
        }
        Counter.Child child = duplicateSamples.labels(job.jobName());
        return child::inc;
    }

    /** Makes the running jobs {@code jobs}, each name once. */
    public synchronized void apply(List<ScrapeJob> jobs) {
        Map<String, ScrapePool> next = new LinkedHashMap<>();
        Map<String, ScrapePool> old = new LinkedHashMap<>(pools);
        for (ScrapeJob job : jobs) {
            ScrapePool previous = old.remove(job.jobName());
            if (previous != null && previous.job().equals(job)) {
                next.put(job.jobName(), previous);
                continue;
            }
            ScrapePool pool = new ScrapePool(job, sources.forJob(job), storage, offsetSeed, discovery.forJob(job),
                    duplicatesOf(job), sharded.test(job) ? filter : TargetFilter.ALL, observer);
            if (previous != null) {
                previous.stopDiscovery();
            }
            pool.start(previous);
            next.put(job.jobName(), pool);
        }
        pools = next;
        old.values().parallelStream().forEach(ScrapePool::close);
    }

    /** The filter changed: every sharded job starts and stops loops; returns once the moved ones stopped. */
    private synchronized void refilter() {
        pools.values().parallelStream().forEach(ScrapePool::refilter);
    }

    /**
     * Asks every job's discoverers to read their sources again soon, as Prometheus does on each
     * reload: a file_sd file or directory made since is found without waiting for a refresh.
     */
    public synchronized void rediscover() {
        pools.values().forEach(ScrapePool::rediscover);
    }

    /** The running pools in config order, for status pages. */
    public synchronized List<Pool> pools() {
        List<Pool> out = new ArrayList<>();
        pools.values().forEach(p -> out.add(new Pool(p.job(), p.loops(), p.dropped(), p.droppedCount())));
        return out;
    }

    /**
     * One job's state: its active targets' loops, the targets it dropped as kept
     * ({@code keep_dropped_targets} bounds them), and how many it dropped in all.
     */
    public record Pool(ScrapeJob job, List<ScrapeLoop> active, List<TargetBuilder.Outcome> dropped, int droppedCount) {
    }

    /** Stops every job, ending the series of every target. */
    @Override
    public synchronized void close() {
        pools.values().parallelStream().forEach(ScrapePool::close);
        pools = new LinkedHashMap<>();
    }
}
