package io.ferry.scrape;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.model.SampleAppender;
import io.ferry.scrape.discovery.Discoverer;
import io.ferry.scrape.discovery.Discoverers;
import io.ferry.scrape.discovery.TargetGroup;
import io.ferry.relabel.Relabeler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * The targets of one scrape job: what its discoverers report, relabeled into targets, each scraped
 * by its own {@link ScrapeLoop}. A target that disappears has its series marked stale.
 *
 * <p><b>Threads.</b> Discoverers call {@link #update} from their own threads; every method is
 * synchronized, and loops run on their own virtual threads.
 */
final class ScrapePool {
    private static final Logger LOG = Log.logger();

    private final ScrapeJob job;
    private final JobScrapers sources;
    private final SampleAppender.Storage storage;
    private final long offsetSeed;
    private final TargetBuilder builder;
    private final Relabeler metricRelabeler;
    private final List<Discoverer> discoverers;
    private final IntConsumer duplicates;
    private final TargetFilter filter;
    private final ScrapeObserver observer;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
    private List<TargetBuilder.Outcome> dropped = List.of();
    private int droppedCount;
    /** The targets that could not be scraped at the last sync: each is logged once, when it first appears. */
    private Set<TargetBuilder.Invalid> invalid = Set.of();
    private boolean closed;

    ScrapePool(ScrapeJob job, JobScrapers sources, SampleAppender.Storage storage,
               long offsetSeed, List<Discoverer> discoverers) {
        this(job, sources, storage, offsetSeed, discoverers, n -> { }, TargetFilter.ALL, ScrapeObserver.NONE);
    }

    /**
     * @param duplicates told of the samples each scrape dropped as duplicates
     * @param filter     which of the active targets this Ferry scrapes; {@link #refilter} after it changed
     * @param observer   told of each scrape and of the targets this Ferry scrapes coming and going
     */
    ScrapePool(ScrapeJob job, JobScrapers sources, SampleAppender.Storage storage,
               long offsetSeed, List<Discoverer> discoverers, IntConsumer duplicates, TargetFilter filter,
               ScrapeObserver observer) {
        this.duplicates = duplicates;
        this.filter = filter;
        this.observer = observer;
        this.job = job;
        this.sources = sources;
        this.storage = storage;
        this.offsetSeed = offsetSeed;
        this.builder = new TargetBuilder(job);
        this.metricRelabeler = Relabeler.of(job.metricRelabelConfigs());
        this.discoverers = List.copyOf(discoverers);
    }

    ScrapeJob job() {
        return job;
    }

    /** Starts discovery; loops start as targets arrive. {@code previous} hands over its loops' series caches. */
    void start(ScrapePool previous) {
        if (previous != null) {
            synchronized (previous) {
                adopt(previous);
            }
        }
        for (int i = 0; i < discoverers.size(); i++) {
            String prefix = i + "/";
            discoverers.get(i).start(update -> update(prefix, update));
        }
    }

    /** Takes over the loops of the same targets from the pool this one replaces, so their series carry on. */
    private void adopt(ScrapePool previous) {
        // Groups of discoverers built from the same config find the same targets; the others report anew.
        List<Object> was = Discoverers.configs(previous.job);
        List<Object> is = Discoverers.configs(job);
        previous.groups.forEach((source, group) -> {
            int i = Integer.parseInt(source.substring(0, source.indexOf('/')));
            if (i < was.size() && i < is.size() && was.get(i).equals(is.get(i))) {
                groups.put(source, group);
            }
        });
        boolean sameRecording = sameRecording(previous.job, job);
        Map<Long, ScrapeLoop> old = previous.loops;
        previous.loops = new LinkedHashMap<>();
        previous.closed = true;
        Map<Long, ScrapeTarget> wanted = targets();
        old.values().forEach(ScrapeLoop::requestStop);
        List<ScrapeLoop> ending = new ArrayList<>();
        for (ScrapeLoop l : old.values()) {
            ScrapeTarget t = wanted.get(l.target().key());
            if (sameRecording && t != null && l.awaitStopped()) {
                start(t, l);
            } else {
                ending.add(l);
            }
        }
        stopAll(ending);
        previous.sources.close(); // none of its loops scrapes any more: those taken over use this pool's
        syncLoops(wanted);
    }

    /** Whether series recorded under {@code a} mean the same under {@code b}. */
    private static boolean sameRecording(ScrapeJob a, ScrapeJob b) {
        return a.honorLabels() == b.honorLabels() && a.honorTimestamps() == b.honorTimestamps()
                && a.normalizeLeAndQuantile() == b.normalizeLeAndQuantile()
                && a.metricRelabelConfigs().equals(b.metricRelabelConfigs()) && a.limits().equals(b.limits());
    }

    private synchronized void update(String prefix, List<TargetGroup> update) {
        if (closed) {
            return;
        }
        for (TargetGroup g : update) {
            String source = prefix + g.source();
            if (g.targets().isEmpty()) {
                groups.remove(source);
            } else {
                groups.put(source, g);
            }
        }
        syncLoops(targets());
    }

    /** The active targets of every group, by key; refreshes the dropped ones. */
    private Map<Long, ScrapeTarget> targets() {
        Map<Long, ScrapeTarget> out = new LinkedHashMap<>();
        List<TargetBuilder.Outcome> notActive = new ArrayList<>();
        Set<TargetBuilder.Invalid> nowInvalid = new HashSet<>();
        for (TargetGroup g : groups.values()) {
            for (Labels t : g.targets()) {
                TargetBuilder.Outcome o = builder.build(g, t);
                if (o instanceof TargetBuilder.Active a) {
                    out.putIfAbsent(a.target().key(), a.target());
                } else {
                    if (o instanceof TargetBuilder.Invalid i && nowInvalid.add(i) && !invalid.contains(i)) {
                        LOG.warn("a discovered target cannot be scraped; it is dropped", "job", job.jobName(),
                                "target", i.discoveredLabels().get("__address__"), "err", i.reason());
                    }
                    notActive.add(o);
                }
            }
        }
        invalid = nowInvalid;
        long keep = job.limits().keepDroppedTargets();
        droppedCount = notActive.size();
        dropped = keep > 0 && notActive.size() > keep ? List.copyOf(notActive.subList(0, (int) keep)) : List.copyOf(notActive);
        return out;
    }

    /** Starts and stops loops after the filter's answers changed. */
    synchronized void refilter() {
        if (!closed) {
            syncLoops(targets());
        }
    }

    /**
     * Runs a loop for each active target the filter keeps. A target that is still active but
     * filtered out moved to another member: its loop stops without stale markers, as the series
     * goes on there; a target no longer discovered has its series ended. The observer is told of
     * the targets scraped here only: a moved target is another member's producer now.
     */
    private void syncLoops(Map<Long, ScrapeTarget> active) {
        Map<Long, ScrapeLoop> next = new LinkedHashMap<>();
        Map<Long, ScrapeLoop> gone = new HashMap<>(loops);
        boolean changed = false;
        for (ScrapeTarget t : active.values()) {
            if (!filter.scrapes(t)) {
                continue;
            }
            ScrapeLoop l = gone.remove(t.key());
            changed |= l == null || !l.target().sameScrape(t);
            if (l != null && !l.target().sameScrape(t)) {
                l.stop(false);
                l = start(t, l);
            } else if (l == null) {
                l = start(t, null);
            }
            next.put(t.key(), l);
        }
        loops = next;
        List<ScrapeLoop> moved = new ArrayList<>();
        List<ScrapeLoop> ended = new ArrayList<>();
        gone.values().forEach(l -> (active.containsKey(l.target().key()) ? moved : ended).add(l));
        stopAll(ended);
        stopAll(moved, false);
        if (changed || !gone.isEmpty()) {
            observer.targets(job.jobName(), next.values().stream().map(ScrapeLoop::target).toList());
        }
        long limit = job.limits().targetLimit();
        String error = limit > 0 && loops.size() > limit
                ? "target_limit exceeded: " + loops.size() + " targets, the limit is " + limit : null;
        loops.values().forEach(l -> l.forceError(error));
    }

    /** Starts a loop of {@code t}; one that replaces {@code previous} (null: none) carries on its series and history. */
    private ScrapeLoop start(ScrapeTarget t, ScrapeLoop previous) {
        ScrapeRecorder r = previous != null ? previous.recorder()
                : new ScrapeRecorder(t.labels(), job.honorLabels(), job.honorTimestamps(), metricRelabeler, job.limits(),
                        job.normalizeLeAndQuantile());
        ScrapeLoop l = new ScrapeLoop(t, sources.forTarget(t), r, storage, offsetSeed, duplicates, observer,
                filter::mayScrapeNow);
        if (previous != null) {
            l.continueHistory(previous);
        }
        l.start();
        loops.put(t.key(), l);
        return l;
    }

    synchronized List<ScrapeLoop> loops() {
        return List.copyOf(loops.values());
    }

    synchronized List<TargetBuilder.Outcome> dropped() {
        return dropped;
    }

    /** How many targets discovery gave that are not scraped, whether kept in {@link #dropped} or not. */
    synchronized int droppedCount() {
        return droppedCount;
    }

    /** Stops discovery only: the pool that replaces this one then takes over its loops. */
    /** Asks every discoverer to read its source again soon (a reload that kept this job). */
    void rediscover() {
        discoverers.forEach(Discoverer::refreshSoon);
    }

    void stopDiscovery() {
        discoverers.forEach(Discoverer::close);
    }

    /** Stops discovery and, unless a replacement took them over, every loop, ending their series. */
    void close() {
        discoverers.forEach(Discoverer::close);
        Map<Long, ScrapeLoop> stopping;
        synchronized (this) {
            closed = true;
            stopping = loops;
            loops = new LinkedHashMap<>();
        }
        stopAll(stopping.values());
        sources.close();
        observer.targets(job.jobName(), List.of());
    }

    /**
     * Stops loops together: every loop is asked first, so the wait is one scrape, not one per
     * target; then each ends its series on a thread of its own, so the queue's group commit takes
     * the stale markers of many targets in one force.
     */
    static void stopAll(Collection<ScrapeLoop> loops) {
        stopAll(loops, true);
    }

    /** {@link #stopAll(Collection)}, ending the series only with {@code endSeries}; returns once every loop stopped. */
    static void stopAll(Collection<ScrapeLoop> loops, boolean endSeries) {
        loops.forEach(ScrapeLoop::requestStop);
        try (ExecutorService ending = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ScrapeLoop l : loops) {
                ending.submit(() -> {
                    if (l.awaitStopped() && endSeries) {
                        l.end();
                    }
                });
            }
        }
    }
}
