package io.ferry.push;

import io.ferry.exposition.Compression;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionParser;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricNames;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;
import io.ferry.state.LabelLimits;
import io.ferry.state.Mutation;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The Pushgateway's push and delete semantics over a {@link GroupStore}, without HTTP:
 *
 * <pre>{@code
 * PushService push = new PushService(store, ownTypes, PushService.Options.DEFAULT, Clock.systemUTC());
 * push.push(key, true, body, contentType, contentEncoding).join(); // PUT: durable when it completes
 * }</pre>
 *
 * <p>A push is decoded and parsed by the caller's thread (call it off the event loop), then its
 * grouping labels are written into every series ({@code instance=""} added when there is none), and
 * it goes to the store with the {@link CapacityCheck} and the {@link ConsistencyCheck}. A body that
 * does not parse is refused with 400 and leaves no trace, one over the body limit with 413; a push
 * with timestamps, an inconsistent one (a series given twice included) or one over a
 * {@link PushLimits limit} is refused with 400 and sets the group's failure time, as the Pushgateway does for the first two; a grouping key over the
 * label limits is refused before anything, so it is never stored. Thread-safe.
 */
public final class PushService {
    /** How the Pushgateway begins the message of a push it refuses as inconsistent. */
    private static final String INCONSISTENT = "pushed metrics are invalid or inconsistent with existing metrics: ";
    /**
     * @param consistencyCheck false as with {@code --push.disable-consistency-check}: pushes are
     *                         stored unchecked and answered 202
     * @param limits           body limits for parsing pushes
     * @param pushLimits       what one push and the store may hold
     */
    public record Options(boolean consistencyCheck, ParseLimits limits, PushLimits pushLimits) {
        public static final Options DEFAULT = new Options(true, ParseLimits.DEFAULT, PushLimits.NONE);

        /** Without push limits beyond the parser's. */
        public Options(boolean consistencyCheck, ParseLimits limits) {
            this(consistencyCheck, limits, PushLimits.NONE);
        }
    }

    /**
     * Told of every push's outcome once it is stored (a success, or a failure time recorded), with
     * the group's key and the push time the store records; must be quick and thread-safe.
     */
    @FunctionalInterface
    public interface OutcomeObserver {
        void pushed(Labels key, long timeMillis, boolean ok, String error);
    }

    /** Told of every push refused by a limit, with the limit's config key; must be quick and thread-safe. */
    @FunctionalInterface
    public interface LimitObserver {
        void refused(String limit);
    }

    // Parsers keep caches worth reusing and are not thread-safe: one set per thread that pushes.
    private final ThreadLocal<Map<ExpositionFormat, ExpositionParser>> parsers =
            ThreadLocal.withInitial(() -> new EnumMap<>(ExpositionFormat.class));
    private final GroupStore store;
    private final SwitchableCheck consistency;
    private final GroupStore.Check check;
    private volatile LimitObserver limitObserver = limit -> { };
    private volatile OutcomeObserver outcomeObserver = (key, time, ok, error) -> { };
    private final Options options;
    private final Clock clock;

    public PushService(GroupStore store, Map<String, MetricType> ownTypes, Options options, Clock clock) {
        this.store = store;
        this.consistency = new SwitchableCheck(store, ownTypes, options.consistencyCheck());
        CapacityCheck capacity = new CapacityCheck(options.pushLimits());
        // Capacity first: a refusal there must not reach the consistency check, whose index follows what it passes.
        this.check = (s, m) -> {
            capacity.check(s, m);
            consistency.check(s, m);
        };
        this.options = options;
        this.clock = clock;
    }

    /**
     * The checks every mutation of the store passes (capacity, then consistency): another writer of
     * the store (OTLP) applies its mutations with these, so that the consistency check's index
     * follows every change and OTLP families keep the type rules pushes keep.
     */
    public GroupStore.Check checks() {
        return check;
    }

    /** The label limits of {@code push.limits}, which every series of another writer of the store (OTLP) keeps too. */
    public LabelLimits labelLimits() {
        return options.pushLimits().labelLimits();
    }

    /** The status a successful push is answered with: 200, or 202 when pushes are not checked. */
    public int successStatus() {
        return consistency.enabled() ? 200 : 202;
    }

    /** Sets who is told of pushes refused by a limit (for Ferry's own metrics). */
    public void observeLimits(LimitObserver observer) {
        this.limitObserver = observer;
    }

    /** Sets who is told of each push's outcome (the producer registry). */
    public void observeOutcomes(OutcomeObserver observer) {
        this.outcomeObserver = observer;
    }

    /** Counts a push refused by a limit outside this service (the body size, the rate). */
    public void refusedByLimit(String limit) {
        limitObserver.refused(limit);
    }

    /** Whether pushes are checked for type clashes (initially {@link Options#consistencyCheck()}). */
    public boolean consistencyCheck() {
        return consistency.enabled();
    }

    /** Turns the consistency check on or off for pushes from now on ({@code /-/reload}). */
    public void consistencyCheck(boolean enabled) {
        consistency.enable(enabled);
    }

    /**
     * PUT ({@code replace}) or POST a body to a group. The future completes once the push is durable,
     * or fails with a {@link PushException} carrying the status and message for the client.
     */
    public CompletableFuture<Void> push(GroupingKey key, boolean replace, byte[] body, String contentType,
                                        String contentEncoding) {
        long nowMillis = clock.millis();
        double now = nowMillis / 1000.0;
        try {
            options.pushLimits().checkGroupingKey(key.labels()); // before anything, even a failure time, is stored
        } catch (PushException e) {
            refusedByLimit(e.limit());
            return CompletableFuture.failedFuture(e);
        }
        List<MetricFamily> families;
        try {
            ExpositionFormat format = ExpositionFormat.ofContentType(contentType);
            ExpositionParser parser = parsers.get().computeIfAbsent(format, f -> f.parser(options.limits()));
            InputStream decoded = Compression.decode(new ByteArrayInputStream(body), contentEncoding);
            // An uncompressed body is parsed where it lies, without a stream in between.
            List<MetricFamily> parsed = decoded instanceof ByteArrayInputStream ? parser.parse(body) : parser.parse(decoded);
            families = lastOfEachName(parsed);
            // The text parsers refuse a series given twice; the protobuf one keeps them.
            families = withGroupingLabels(families, key.labels(), format != ExpositionFormat.PROTOBUF);
        } catch (ExpositionException e) {
            if (e.bodyTooLarge()) {
                refusedByLimit("max_body_bytes");
                return CompletableFuture.failedFuture(new PushException(413, "push refused: the "
                        + (contentEncoding == null ? "" : "decompressed ") + e.getMessage()
                        + " (push.limits.max_body_bytes)", "max_body_bytes"));
            }
            if (e.tooManyLabels()) {
                // The parser's bound is the push limit's (or more): refused as that limit, and recorded.
                refusedByLimit("max_labels_per_series");
                return fail(key, now, new PushException(400, "push refused: " + e.getMessage()
                        + " (push.limits.max_labels_per_series is " + options.pushLimits().maxLabelsPerSeries() + ")",
                        "max_labels_per_series"));
            }
            if (e.duplicateSeries()) {
                // Inconsistent rather than unparsable, as in the Pushgateway: the failure is recorded.
                return fail(key, now, new PushException(400, INCONSISTENT + e.getMessage()));
            }
            return CompletableFuture.failedFuture(new PushException(400, e.getMessage()));
        } catch (PushException e) {
            return fail(key, now, e);
        }
        if (hasTimestamps(families)) {
            return fail(key, now, new PushException(400, INCONSISTENT + "pushed metrics must not have timestamps"));
        }
        try {
            options.pushLimits().check(families);
        } catch (PushException e) {
            refusedByLimit(e.limit());
            return fail(key, now, e);
        }
        Mutation m = replace ? new Mutation.Replace(key.labels(), families, now)
                : new Mutation.Merge(key.labels(), families, now);
        // One future for the caller, completed where the store completes the mutation (its writer
        // thread): a success costs no further stage.
        CompletableFuture<Void> done = new CompletableFuture<>();
        store.apply(m, check).whenComplete((ok, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause == null) {
                outcomeObserver.pushed(key.labels(), nowMillis, true, "");
                done.complete(null);
                return;
            }
            CompletableFuture<Void> refused;
            if (cause instanceof CapacityCheck.Full full) {
                refusedByLimit(full.limit());
                refused = fail(key, now, new PushException(400, full.getMessage(), full.limit()));
            } else if (cause instanceof GroupStore.TooLargeException tooLarge) {
                // As a body over max_body_bytes: refused for its size, not recorded as the group's failure.
                refused = CompletableFuture.failedFuture(new PushException(413, "push refused: " + tooLarge.getMessage()));
            } else if (cause instanceof GroupStore.RejectedException rejected) {
                refused = fail(key, now, new PushException(400, rejected.getMessage()));
            } else {
                refused = CompletableFuture.failedFuture(notStored("push", cause));
            }
            refused.whenComplete((v, e) -> done.completeExceptionally(e));
        });
        return done;
    }

    /**
     * DELETE: the group with exactly this key goes; durable when the future completes. Fails with a
     * {@link PushException} of 503 when the store cannot write (see {@link #push}).
     */
    public CompletableFuture<Void> delete(GroupingKey key) {
        return store.apply(new Mutation.Delete(key.labels()), check).handle((ok, error) -> {
            if (error != null) {
                throw new CompletionException(notStored("delete", error instanceof CompletionException c
                        && c.getCause() != null ? c.getCause() : error));
            }
            return ok;
        });
    }

    /**
     * The store could not write (its disk failed; it refuses writes until it recovers by itself): 503,
     * for the client to try again, with the store's reason. Nothing of the request is kept or seen.
     */
    private static PushException notStored(String what, Throwable cause) {
        if (cause instanceof GroupStore.UnavailableException u) {
            return new PushException(503, "storing the " + what + " failed: " + u.getMessage(), null, u.retryAfter());
        }
        Throwable why = cause instanceof UncheckedIOException u ? u.getCause() : cause;
        // A file system's message names a path on the server: the client learns only that the disk failed.
        String reason = why instanceof FileSystemException ? "the push store cannot write its log" : why.getMessage();
        return new PushException(503, "storing the " + what + " failed: " + reason);
    }

    /**
     * Deletes the group {@code key} if {@code still} holds for it as stored just before the delete
     * applies. The test runs on the store's writer thread, so no push can slip in between it and the
     * delete (expiry uses this: a group pushed again since it was found stale stays). Completes with
     * whether the group was deleted, once that is durable; a missing group is not deleted.
     */
    public CompletableFuture<Boolean> deleteIf(Labels key, Predicate<Group> still) {
        AtomicBoolean skipped = new AtomicBoolean();
        GroupStore.Check guarded = (groups, mutation) -> {
            Group g = groups.group(key);
            if (g == null || !still.test(g)) {
                skipped.set(true);
                throw new GroupStore.RejectedException("group " + key + " no longer qualifies for deletion");
            }
            check.check(groups, mutation);
        };
        return store.apply(new Mutation.Delete(key), guarded).handle((ok, error) -> {
            if (error == null) {
                return true;
            }
            if (skipped.get()) {
                return false;
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        });
    }

    /**
     * The expiry's delete of {@code found}, a group found stale (and {@link #deleteMatching}'s of a
     * group found matching): a {@link Mutation.Expire}, which deletes it only if it was not pushed
     * since (decided where the store applies it, so a push that slips in keeps its group, on every
     * member of a cluster alike). Completes with whether the group was deleted, once that is durable.
     */
    public CompletableFuture<Boolean> expire(Group found) {
        Mutation.Expire expire = new Mutation.Expire(found.key(), Mutation.Expire.lastPush(found));
        GroupStore.Check guarded = (groups, mutation) -> {
            if (!expire.qualifies(groups.group(found.key()))) {
                throw new GroupStore.RejectedException("group " + found.key() + " was pushed since it was found stale");
            }
            check.check(groups, mutation);
        };
        return store.apply(expire, guarded).handle((ok, error) -> {
            Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
            if (cause == null) {
                return true;
            }
            if (cause instanceof GroupStore.RejectedException) {
                return false;
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        });
    }

    /**
     * Deletes every group whose grouping labels {@code which} accepts ({@code DELETE /api/v1/groups}).
     * Each group goes by its own durable delete, unless it was pushed again since this found it (the
     * expiry's conditional delete: the condition rides in the mutation, so every member of a cluster
     * decides it alike, and the count is that of the groups this call deleted, on every member).
     * Completes with the number of groups deleted, once every delete is durable.
     *
     * <p>{@code which} is the whole authority of the call: a caller that may delete only some groups
     * (a token limited to some jobs) passes the selector and its own limit combined,
     * {@code selector.and(mayDelete)}; nothing else here looks at who asked. Cost: one test of
     * {@code which} per stored group, plus one delete per match.
     */
    public CompletableFuture<Integer> deleteMatching(Predicate<Labels> which) {
        List<CompletableFuture<Boolean>> deletes = new ArrayList<>();
        for (Group g : store.groups()) {
            if (which.test(g.key())) {
                deletes.add(expire(g));
            }
        }
        return CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            int n = 0;
            for (CompletableFuture<Boolean> d : deletes) {
                n += d.join() ? 1 : 0;
            }
            return n;
        });
    }

    /** Every group goes (the admin API's wipe); durable when the future completes. */
    public CompletableFuture<Void> wipe() {
        return store.apply(new Mutation.Wipe(), check);
    }

    /** Records the failure time on the group, then fails with {@code e}. */
    private CompletableFuture<Void> fail(GroupingKey key, double now, PushException e) {
        return store.apply(new Mutation.Failure(key.labels(), now), check)
                .handle((ok, error) -> {
                    if (error == null) {
                        outcomeObserver.pushed(key.labels(), Math.round(now * 1000), false, e.getMessage());
                    }
                    throw new CompletionException(e);
                });
    }

    /** Protobuf bodies may repeat a family name; as in the Pushgateway, the last one wins. */
    private static List<MetricFamily> lastOfEachName(List<MetricFamily> families) {
        Map<String, MetricFamily> byName = new LinkedHashMap<>();
        for (MetricFamily f : families) {
            byName.put(f.name(), f);
        }
        return byName.size() == families.size() ? families : List.copyOf(byName.values());
    }

    /**
     * Every series gets the grouping labels, replacing its own of the same name, and
     * {@code instance=""} when it has no instance; a reserved label name, a label its samples carry
     * already ({@code quantile} in a summary, {@code le} in a histogram, from the body or the key), or
     * a series made duplicate by the overwrite is refused.
     *
     * @param distinct whether no family repeats a series already, so that only series the key's labels
     *                 replace one of could clash (and only then are they compared)
     */
    static List<MetricFamily> withGroupingLabels(List<MetricFamily> families, Labels key, boolean distinct)
            throws PushException {
        // Added to every series: the key's labels, and instance="" only where a series has no instance.
        Labels always = key.get("instance") != null ? key : key.with("instance", "");
        List<MetricFamily> out = new ArrayList<>(families.size());
        for (MetricFamily f : families) {
            String sampleLabel = switch (f.type().shape()) {
                case SUMMARY -> "quantile";
                case HISTOGRAM -> "le";
                case VALUE -> null;
            };
            List<Metric> metrics = new ArrayList<>(f.metrics().size());
            // Distinct series stay distinct when labels are only added: only a series that has one of the
            // names added (its value replaced, or its instance kept where others get instance="") can clash.
            boolean mayClash = !distinct;
            for (Metric m : f.metrics()) {
                Labels own = m.labels();
                for (int i = 0; i < own.size(); i++) {
                    if (MetricNames.isReservedLabelName(own.name(i))) {
                        throw new PushException(400, INCONSISTENT + "label name \"" + own.name(i)
                                + "\" of metric family \"" + f.name()
                                + "\" is reserved (it starts with __)");
                    }
                }
                Labels added = own.get("instance") != null ? key : always;
                Labels l = own.withAll(added);
                if (sampleLabel != null && l.get(sampleLabel) != null) {
                    throw new PushException(400, INCONSISTENT + "metric family \"" + f.name() + "\" is a "
                            + f.type().textName() + ", whose samples carry the label \"" + sampleLabel
                            + "\" themselves; a series or the grouping key must not have it");
                }
                mayClash |= added != always || l.size() != own.size() + added.size();
                metrics.add(withLabels(m, l));
            }
            if (mayClash) {
                refuseDuplicates(f.name(), metrics);
            }
            out.add(f.withMetrics(metrics));
        }
        return out;
    }

    private static void refuseDuplicates(String family, List<Metric> metrics) throws PushException {
        Set<Object> seen = new HashSet<>();
        for (Metric m : metrics) {
            if (!seen.add(m.hasTimestamp() ? List.of(m.labels(), m.timestampMs()) : m.labels())) {
                throw new PushException(400, INCONSISTENT + "series " + family + m.labels()
                        + " appears twice once the grouping labels are applied");
            }
        }
    }

    private static Metric withLabels(Metric m, Labels l) {
        return switch (m) {
            case ValueMetric v -> new ValueMetric(l, v.value(), v.timestampMs(), v.createdSeconds(), v.exemplar());
            case SummaryMetric s -> new SummaryMetric(l, s.quantiles(), s.values(), s.sum(), s.count(),
                    s.timestampMs(), s.createdSeconds());
            case HistogramMetric h -> new HistogramMetric(l, h.upperBounds(), h.cumulativeCounts(), h.exemplars(),
                    h.sum(), h.count(), h.timestampMs(), h.createdSeconds(), h.nativeHistogram());
        };
    }

    private static boolean hasTimestamps(List<MetricFamily> families) {
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                if (m.hasTimestamp()) {
                    return true;
                }
            }
        }
        return false;
    }
}
