package io.ferry.otlp.internal;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.otlp.convert.ConvertedResource;
import io.ferry.otlp.convert.DeltaSeries;
import io.ferry.otlp.convert.OtlpConverter;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.GroupView;
import io.ferry.state.Mutation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Writes one converted resource into its group: a {@link Mutation.MergeSeries} of its cumulative
 * series and of its delta points added to the stored series ({@link DeltaSeries#accumulate},
 * ordered by {@link DeltaStreams}), so that a write costs the series exported rather than the
 * families they belong to; when a series ends (no recorded value), a {@link Mutation.Merge} of the
 * touched families whole, merged series by series into the stored ones ({@link SeriesMerge}). The
 * mutation passes the push API's checks, so OTLP families keep the type rules pushes keep: a family
 * the consistency check refuses is left out, its points rejected ({@code inconsistent}), and the
 * rest written. Completes once the write is durable.
 *
 * <pre>{@code
 * ResourceWriter writer = new ResourceWriter(store, push.checks(), streams, clock, executor);
 * groupQueue.submit(resource.groupKey(), () -> writer.write(resource, rejections));
 * }</pre>
 *
 * <p>The stored group is read, then written; the write's check makes sure nothing changed the
 * families read in between (a push to the same group, a delete), and otherwise the write starts
 * again from a fresh read. Calls for one group must not overlap (the {@link GroupQueue} orders
 * them), since the families read must be durable ones. Thread-safe otherwise.
 */
public final class ResourceWriter {
    /** Fresh reads allowed when another writer keeps changing the group between read and write. */
    static final int MAX_ATTEMPTS = 5;

    private final GroupStore store;
    private final GroupStore.Check checks;
    private final DeltaStreams streams;
    private final Clock clock;
    private final Executor executor;

    /** Another writer changed a family read for the mutation; read again. */
    private static final class Moved extends GroupStore.RejectedException {
        private static final long serialVersionUID = 1L;

        Moved() {
            super("the group changed while the export was being merged");
        }
    }

    /**
     * @param checks   the push API's checks ({@code PushService.checks()}), which every mutation passes
     * @param executor where the outcome of a write is handled (a merge started again included), so
     *                 that it never runs on the store's writer thread
     */
    public ResourceWriter(GroupStore store, GroupStore.Check checks, DeltaStreams streams, Clock clock,
                          Executor executor) {
        this.executor = executor;
        this.store = store;
        this.checks = checks;
        this.streams = streams;
        this.clock = clock;
    }

    /**
     * Writes {@code resource}; its rejected points are added to {@code rejections}. Fails with the
     * store's error when the store cannot write.
     */
    public CompletableFuture<Void> write(ConvertedResource resource, Rejections rejections) {
        return attempt(resource, rejections, new HashSet<>(), 1);
    }

    private CompletableFuture<Void> attempt(ConvertedResource r, Rejections rejections, Set<String> dropped, int attempt) {
        Labels key = r.groupKey();
        Group stored = store.group(key);
        Map<String, MetricFamily> storedByName = new HashMap<>();
        if (stored != null) {
            stored.families().forEach(f -> storedByName.put(f.name(), f));
        }
        Map<String, MetricFamily> out = new LinkedHashMap<>(); // the touched families whole, as they become
        List<MetricFamily> written = new ArrayList<>(); // only the series this export writes
        boolean ends = false; // whether a series ends, which only a whole family can say
        for (MetricFamily f : r.cumulative()) {
            if (!dropped.contains(f.name())) {
                MetricFamily before = out.containsKey(f.name()) ? out.get(f.name()) : storedByName.get(f.name());
                out.put(f.name(), SeriesMerge.merge(before, f));
                written.add(f);
                ends |= f.metrics().stream().anyMatch(OtlpConverter::isStale);
            }
        }
        Rejections outOfOrder = new Rejections();
        DeltaStreams.Batch batch = streams.batch(key);
        Map<String, Map<Labels, Metric>> deltaSeries = new LinkedHashMap<>();
        Map<String, Map<Labels, Metric>> deltaWritten = new LinkedHashMap<>();
        Map<String, MetricFamily> deltaShape = new HashMap<>();
        for (DeltaSeries d : r.deltas()) {
            if (dropped.contains(d.family())) {
                continue;
            }
            if (!batch.admit(d.family(), d.labels(), d.startTimeNanos(), d.timeNanos())) {
                outOfOrder.add("out_of_order", 1, "a delta point of " + d.family() + d.labels()
                        + " is not after the last one added to its series, or overlaps it");
                continue;
            }
            MetricFamily shape = deltaShape.computeIfAbsent(d.family(),
                    n -> new MetricFamily(n, d.type(), emptyToNull(d.help()), emptyToNull(d.unit()), List.of()));
            Map<Labels, Metric> series = deltaSeries.computeIfAbsent(d.family(),
                    n -> Mutation.MergeSeries.storedSeries(out.containsKey(n) ? out.get(n) : storedByName.get(n), shape));
            Metric next = DeltaSeries.accumulate(series.get(d.labels()), d);
            if (OtlpConverter.isStale(next)) {
                series.remove(d.labels()); // no recorded value: the series ends
                ends = true;
            } else {
                series.put(d.labels(), next);
                deltaWritten.computeIfAbsent(d.family(), n -> new LinkedHashMap<>()).put(d.labels(), next);
            }
        }
        deltaSeries.forEach((name, series) -> out.put(name, deltaShape.get(name).withMetrics(new ArrayList<>(series.values()))));
        deltaWritten.forEach((name, series) -> written.add(deltaShape.get(name).withMetrics(new ArrayList<>(series.values()))));
        if (out.isEmpty()) {
            rejections.addAll(outOfOrder);
            return CompletableFuture.completedFuture(null);
        }
        Map<String, MetricFamily> read = new HashMap<>();
        out.keySet().forEach(n -> read.put(n, storedByName.get(n)));
        GroupStore.Check unchangedThenChecks = (view, mutation) -> {
            if (changed(view, key, read)) {
                throw new Moved();
            }
            checks.check(view, mutation);
        };
        // The log carries what the export writes, not the families it touches whole, unless a series ends.
        double now = clock.millis() / 1000.0;
        Mutation mutation = ends ? new Mutation.Merge(key, List.copyOf(out.values()), now)
                : new Mutation.MergeSeries(key, written, now);
        return store.apply(mutation, unchangedThenChecks).handleAsync((ok, error) -> {
            if (error == null) {
                batch.commit(clock.millis());
                rejections.addAll(outOfOrder);
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
            if (cause instanceof Moved && attempt < MAX_ATTEMPTS) {
                return attempt(r, rejections, dropped, attempt + 1);
            }
            if (cause instanceof GroupStore.RejectedException refused) {
                String family = refused.family();
                if (family != null && out.containsKey(family) && !(cause instanceof Moved)) {
                    rejections.add("inconsistent", pointsOf(r, Set.of(family)), refused.getMessage());
                    dropped.add(family);
                    return attempt(r, rejections, dropped, attempt);
                }
                rejections.add(cause instanceof Moved ? "conflict" : "refused_by_store",
                        pointsOf(r, null) - pointsOf(r, dropped), refused.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            return CompletableFuture.<Void>failedFuture(cause);
        }, executor).thenCompose(f -> f);
    }

    /** Whether a family read for the mutation is no longer the one {@code view} holds. */
    private static boolean changed(GroupView view, Labels key, Map<String, MetricFamily> read) {
        Group now = view.group(key);
        Map<String, MetricFamily> held = new HashMap<>();
        if (now != null) {
            now.families().forEach(f -> held.put(f.name(), f));
        }
        for (Map.Entry<String, MetricFamily> e : read.entrySet()) {
            if (held.get(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** The points of {@code r} in the families {@code names}; all of them when {@code names} is null. */
    private static long pointsOf(ConvertedResource r, Set<String> names) {
        long n = 0;
        for (MetricFamily f : r.cumulative()) {
            if (names == null || names.contains(f.name())) {
                n += f.metrics().size();
            }
        }
        for (DeltaSeries d : r.deltas()) {
            if (names == null || names.contains(d.family())) {
                n++;
            }
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
