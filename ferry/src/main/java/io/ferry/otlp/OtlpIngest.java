package io.ferry.otlp;

import io.ferry.liveness.ProducerLiveness;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.otlp.convert.Conversion;
import io.ferry.otlp.convert.ConvertedResource;
import io.ferry.otlp.convert.DeltaSeries;
import io.ferry.otlp.convert.OtlpConverter;
import io.ferry.otlp.internal.DeltaStreams;
import io.ferry.otlp.internal.GroupQueue;
import io.ferry.otlp.internal.Rejections;
import io.ferry.otlp.internal.ResourceWriter;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.state.GroupStore;
import io.ferry.state.LabelLimits;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OTLP ingest without a transport: an export is admitted (bytes and points in flight bounded),
 * its resources outside the caller's {@link AuthScope} rejected, the rest converted
 * ({@link OtlpConverter}) and written into the durable store, one group per resource, with the
 * push API's checks; acknowledged once every group's write is durable.
 *
 * <pre>{@code
 * OtlpIngest ingest = new OtlpIngest(store, push.checks(), pushLimits.labelLimits(), options, "up",
 *         new OtlpMetrics(registry, options), producers, clock);
 * ingest.export(request, AuthScope.ALL, body.length).thenAccept(r -> answer(r.rejectedPoints(), r.message()));
 * }</pre>
 *
 * <p><b>Outcomes.</b> The future completes with an {@link ExportResult} (the points rejected, by a
 * converter rule, the scope, out-of-order deltas or the type rules, and why), or fails with an
 * {@link OtlpRefusal} when the export should be sent again later: too much in flight, or the store
 * cannot write.
 *
 * <p><b>Ordering and durability.</b> Writes to one group happen one after another in the order
 * {@link #export} was called ({@link GroupQueue}), each reading what the one before made durable:
 * delta points are added to the stored cumulative values, so a restart keeps them. Exports of
 * different groups are written concurrently.
 *
 * <p><b>Threads.</b> {@link #export} converts on the caller's thread (call it off the event loop);
 * the merges into stored groups run on this ingest's own threads. Thread-safe.
 */
public final class OtlpIngest implements AutoCloseable {
    static final String LAST_SEEN = "ferry_otlp_last_seen_timestamp_seconds";
    private static final String UP_HELP = "1 when the OTLP producer (service.instance.id) exported within its "
            + "interval and grace (otlp.liveness), 0 when it is overdue.";
    private static final String LAST_SEEN_HELP = "Unix time of the OTLP producer's last export (otlp.liveness).";

    private final GroupStore store;
    private final LabelLimits labelLimits;
    private final OtlpOptions options;
    private final Admission admission;
    private final OtlpMetrics metrics;
    private final OtlpConverter converter;
    private final ProducerLiveness liveness;
    private final ResourceWriter writer;
    private final GroupQueue queue;
    private final ExecutorService threads;

    /**
     * @param checks the push API's checks ({@code PushService.checks()}), which every mutation of the store passes
     * @param labelLimits the push API's label limits ({@code push.limits}), which every series keeps
     * @param upName the name of the liveness family ({@code up} unless configured otherwise)
     * @param metrics registered before the push service was built, so that no push may contradict them
     * @param producers judges the producers ({@link Route#OTLP})
     */
    public OtlpIngest(GroupStore store, GroupStore.Check checks, LabelLimits labelLimits, OtlpOptions options,
                      String upName, OtlpMetrics metrics, ProducerRegistry producers, Clock clock) {
        this.store = store;
        this.labelLimits = labelLimits;
        this.options = options;
        this.admission = metrics.admission();
        this.metrics = metrics;
        this.converter = new OtlpConverter(options.conversion());
        this.liveness = new ProducerLiveness(producers, Route.OTLP,
                new ProducerLiveness.Names(upName, UP_HELP, LAST_SEEN, LAST_SEEN_HELP),
                options.liveness().rules(), metrics.untrackedProducers()::inc);
        this.threads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "ferry-otlp-ingest");
            t.setDaemon(true);
            return t;
        });
        this.writer = new ResourceWriter(store, checks, new DeltaStreams(options.maxDeltaStreams()), clock, threads);
        this.queue = new GroupQueue(threads);
    }

    /** With a producer registry of its own (alone, as in tests). */
    public OtlpIngest(GroupStore store, GroupStore.Check checks, LabelLimits labelLimits, OtlpOptions options,
                      String upName, OtlpMetrics metrics, Clock clock) {
        this(store, checks, labelLimits, options, upName, metrics, new ProducerRegistry(clock), clock);
    }

    /** As {@link #export(ExportRequest, AuthScope, long)}, with no request bytes counted. */
    public CompletableFuture<ExportResult> export(ExportRequest request, AuthScope scope) {
        return export(request, scope, 0);
    }

    /**
     * Ingests {@code request}, whose decoded body was {@code requestBytes} long; completes once
     * what it keeps is durable, or fails with an {@link OtlpRefusal}.
     */
    public CompletableFuture<ExportResult> export(ExportRequest request, AuthScope scope, long requestBytes) {
        if (!store.healthy()) {
            return CompletableFuture.failedFuture(unavailable("the store cannot write now"));
        }
        long points = points(request.resources());
        if (!admission.tryAcquire(requestBytes, points)) {
            return CompletableFuture.failedFuture(new OtlpRefusal(OtlpRefusal.Reason.OVERLOADED, options.retryAfter(),
                    "ingest is busy: " + admission.bytesInFlight() + " bytes and " + admission.pointsInFlight()
                            + " data points in flight (otlp.max_bytes_in_flight, otlp.max_points_in_flight); retry later"));
        }
        CompletableFuture<ExportResult> done;
        try {
            done = admitted(request, scope, points);
        } catch (RuntimeException | Error e) {
            admission.release(requestBytes, points);
            throw e;
        }
        return done.whenComplete((r, e) -> admission.release(requestBytes, points));
    }

    private CompletableFuture<ExportResult> admitted(ExportRequest request, AuthScope scope, long points) {
        metrics.received(points);
        Rejections rejections = new Rejections();
        Conversion conversion = converter.convert(inScope(request, scope, rejections));
        if (conversion.rejectionsByReason().isEmpty()) {
            rejections.add("conversion", conversion.rejectedPoints(), "");
        } else {
            conversion.rejectionsByReason().forEach((reason, n) -> rejections.add(reason, n, ""));
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (ConvertedResource converted : conversion.resources()) {
            if (converted.serviceInstanceId() != null && !converted.serviceInstanceId().isEmpty()
                    && keyWithinLabelLimits(converted.groupKey())) {
                liveness.seen(converted.groupKey());
            }
            ConvertedResource resource = withinLabelLimits(converted, rejections);
            writes.add(queue.submit(resource.groupKey(), () -> writer.write(resource, rejections)));
        }
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).handle((v, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                throw unavailable("storing the export failed: " + cause.getMessage());
            }
            metrics.rejected(rejections.byReason());
            return new ExportResult(rejections.total(), message(rejections, conversion.messages()));
        });
    }

    /**
     * {@code r} without the series over the push API's label limits (labels per series, name and
     * value lengths, the grouping key's labels counted), as a push would be refused: each of their
     * points is rejected under the limit's key ({@code max_label_value_length}, ...).
     */
    private ConvertedResource withinLabelLimits(ConvertedResource r, Rejections rejections) {
        List<MetricFamily> families = new ArrayList<>(r.cumulative().size());
        boolean cut = false;
        for (MetricFamily f : r.cumulative()) {
            List<Metric> kept = new ArrayList<>(f.metrics().size());
            for (Metric m : f.metrics()) {
                if (withinLabelLimits(f.name(), m.labels(), r.groupKey(), rejections)) {
                    kept.add(m);
                }
            }
            cut |= kept.size() < f.metrics().size();
            if (!kept.isEmpty()) {
                families.add(kept.size() < f.metrics().size() ? f.withMetrics(kept) : f);
            }
        }
        List<DeltaSeries> deltas = new ArrayList<>(r.deltas().size());
        for (DeltaSeries d : r.deltas()) {
            if (withinLabelLimits(d.family(), d.labels(), r.groupKey(), rejections)) {
                deltas.add(d);
            }
        }
        cut |= deltas.size() < r.deltas().size();
        return cut ? new ConvertedResource(r.groupKey(), r.serviceInstanceId(), families, deltas) : r;
    }

    /** Whether liveness series may carry {@code key}: not when no series of the producer's could (its points are rejected). */
    private boolean keyWithinLabelLimits(Labels key) {
        try {
            labelLimits.check(null, key);
            return true;
        } catch (LabelLimits.Exceeded e) {
            return false;
        }
    }

    private boolean withinLabelLimits(String family, Labels labels, Labels groupKey, Rejections rejections) {
        try {
            labelLimits.check(family, labels.withAll(groupKey));
            return true;
        } catch (LabelLimits.Exceeded e) {
            rejections.add(e.limit(), 1, e.getMessage() + " (push.limits." + e.limit() + ")");
            return false;
        }
    }

    /** The request without the resources {@code scope} does not allow, whose points are rejected. */
    private static ExportRequest inScope(ExportRequest request, AuthScope scope, Rejections rejections) {
        List<ResourceMetrics> kept = new ArrayList<>(request.resources().size());
        for (ResourceMetrics r : request.resources()) {
            String service = r.resource().get("service.name");
            if (scope.allows(service == null ? "" : service)) {
                kept.add(r);
            } else {
                rejections.add("unauthorized_service", points(List.of(r)), "the token may not write service.name \""
                        + (service == null ? "" : service) + "\" (its services patterns)");
            }
        }
        return kept.size() == request.resources().size() ? request : new ExportRequest(kept);
    }

    private static String message(Rejections rejections, List<String> conversionMessages) {
        String ours = rejections.message();
        List<String> parts = new ArrayList<>();
        if (!ours.isEmpty()) {
            parts.add(ours);
        }
        parts.addAll(conversionMessages);
        return String.join("; ", parts);
    }

    private static long points(List<ResourceMetrics> resources) {
        long n = 0;
        for (ResourceMetrics r : resources) {
            for (ScopeMetrics s : r.scopes()) {
                for (OtlpMetric m : s.metrics()) {
                    n += m.points().size();
                }
            }
        }
        return n;
    }

    private OtlpRefusal unavailable(String why) {
        return new OtlpRefusal(OtlpRefusal.Reason.STORE_UNAVAILABLE, options.retryAfter(), why + "; retry later");
    }

    /** The options in effect. */
    public OtlpOptions options() {
        return options;
    }

    /** Counters the receivers add to. */
    public OtlpMetrics metrics() {
        return metrics;
    }

    /** The producers' {@code up} and last-seen families, for what {@code /metrics} serves. */
    public List<MetricFamily> livenessFamilies() {
        return liveness.families();
    }

    /** Stops the merge threads once the writes already started are done (or after a few seconds). */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }
}
