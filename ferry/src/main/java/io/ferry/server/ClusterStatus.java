package io.ferry.server;

import io.ferry.cluster.KafkaGroupStore;
import io.ferry.cluster.Ownership;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.server.ui.ClusterView;
import io.ferry.state.GroupStore;
import io.ferry.telemetry.Registry;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /api/v1/cluster} and the {@code ferry_cluster_*} metrics say of this member: how
 * it shares the work, the shards it owns, the group's members and their shards (on Kafka, as the
 * group coordinator describes them), the state it holds, how far it has applied each state
 * partition against the topic's end, and whether it is ready.
 *
 * <pre>{@code
 * ClusterStatus status = new ClusterStatus(member, store, ready);
 * status.register(registry);
 * byte[] json = status.render();   // blocking: asks Kafka; call it off the event loop
 * ClusterView view = status.view(); // the same, for the /cluster page
 * }</pre>
 *
 * <p><b>Kafka's part</b> (the members, the applied and end offsets) is asked for at most once per
 * {@link #KAFKA_FRESH}, by one caller at a time, and shared: pages refresh every few seconds and
 * anyone with {@code read} may ask, so readers must not multiply the requests to Kafka.
 *
 * <p>Thread-safe. Kafka's classes are touched only when the member is on Kafka.
 */
final class ClusterStatus {
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    /** How old Kafka's part of a view may be. */
    static final Duration KAFKA_FRESH = Duration.ofSeconds(2);

    private final ClusterMember member;
    private final GroupStore store;
    private final BooleanSupplier ready;
    private ClusterView.Kafka lastKafka; // guarded by this
    private long lastKafkaNanos;

    ClusterStatus(ClusterMember member, GroupStore store, BooleanSupplier ready) {
        this.member = member;
        this.store = store;
        this.ready = ready;
    }

    /** What this member says of itself now; on Kafka it asks for the members and end offsets, so it blocks. */
    ClusterView view() {
        Optional<ClusterView.Kafka> kafka = member.ownership().map(o -> recentKafka(o, (KafkaGroupStore) store));
        return new ClusterView(member.mode(), member.memberId(), ready.getAsBoolean(), member.shards(),
                member.ownedShards(), kafka, store.groups().size(), store.seriesCount());
    }

    /** Kafka's part as asked for at most {@link #KAFKA_FRESH} ago; callers meanwhile wait for the one asking. */
    private synchronized ClusterView.Kafka recentKafka(Ownership o, KafkaGroupStore kafka) {
        if (lastKafka == null || System.nanoTime() - lastKafkaNanos > KAFKA_FRESH.toNanos()) {
            lastKafka = kafka(o, kafka);
            lastKafkaNanos = System.nanoTime();
        }
        return lastKafka;
    }

    private ClusterView.Kafka kafka(Ownership o, KafkaGroupStore kafka) {
        List<ClusterView.Member> members = List.of();
        String membersError = "";
        try {
            members = o.members(KAFKA_TIMEOUT).stream()
                    .map(m -> new ClusterView.Member(m.memberId(), m.host(), m.shards())).toList();
        } catch (IOException e) {
            membersError = e.getMessage();
        }
        long[] applied = kafka.appliedOffsets();
        long[] end = null;
        String endError = "";
        try {
            end = member.endOffsets(member.stateTopic(), applied.length, KAFKA_TIMEOUT);
        } catch (IOException e) {
            endError = e.getMessage();
        }
        List<ClusterView.Partition> partitions = new ArrayList<>(applied.length);
        for (int p = 0; p < applied.length; p++) {
            partitions.add(new ClusterView.Partition(p, member.owned().owns(p), applied[p],
                    end != null ? OptionalLong.of(end[p]) : OptionalLong.empty()));
        }
        return new ClusterView.Kafka(members, membersError, kafka.caughtUp(), partitions, endError);
    }

    /** The JSON of {@code /api/v1/cluster}: {@link #view()}, so it blocks on Kafka as that does. */
    byte[] render() {
        ClusterView v = view();
        ByteSink out = new ByteSink(1024);
        GoJson j = new GoJson(out);
        j.beginObject().name("status").value("success").name("data").beginObject();
        j.name("mode").value(v.mode()).name("member").value(v.member()).name("ready").value(v.ready());
        j.name("shards").value((long) v.shards()).name("ownedShards");
        ints(j, v.ownedShards());
        v.kafka().ifPresent(k -> members(j, k));
        j.name("state").beginObject().name("groups").value(v.groups()).name("series").value(v.series());
        v.kafka().ifPresent(k -> partitions(j, k));
        j.endObject().endObject().endObject();
        return out.toByteArray();
    }

    private static void members(GoJson j, ClusterView.Kafka k) {
        if (!k.membersError().isEmpty()) {
            j.name("membersError").value(k.membersError());
            return;
        }
        j.name("members").beginArray();
        for (ClusterView.Member m : k.members()) {
            j.beginObject().name("member").value(m.member()).name("host").value(m.host()).name("shards");
            ints(j, m.shards());
            j.endObject();
        }
        j.endArray();
    }

    /** Each state partition: whether this member owns it, the offset it applies next, the topic's end, the lag. */
    private static void partitions(GoJson j, ClusterView.Kafka k) {
        j.name("caughtUp").value(k.caughtUp());
        if (!k.endOffsetsError().isEmpty()) {
            j.name("endOffsetsError").value(k.endOffsetsError());
        }
        j.name("partitions").beginArray();
        for (ClusterView.Partition p : k.partitions()) {
            j.beginObject().name("partition").value((long) p.partition()).name("owned").value(p.owned())
                    .name("appliedOffset").value(p.appliedOffset());
            if (p.endOffset().isPresent()) {
                j.name("endOffset").value(p.endOffset().getAsLong()).name("lag").value(p.lag().getAsLong());
            }
            j.endObject();
        }
        j.endArray();
    }

    private static void ints(GoJson j, List<Integer> values) {
        j.beginArray();
        values.forEach(v -> j.value((long) v));
        j.endArray();
    }

    /**
     * {@code ferry_cluster_shards}, {@code ferry_cluster_owned_shards}; on Kafka also the ownership
     * changes, by state partition the offset applied next and the lag, the last snapshot's time and
     * the refused sends by reason. None of them asks Kafka.
     */
    void register(Registry registry) {
        registry.register(() -> {
            List<MetricFamily> out = new ArrayList<>(List.of(
                    gauge("ferry_cluster_shards", "Shards the shared scrape targets hash into (1 alone).",
                            List.of(ValueMetric.of(Labels.EMPTY, member.shards()))),
                    gauge("ferry_cluster_owned_shards", "Shards this member owns: it scrapes their targets and, on "
                            + "Kafka, decides for the state partitions that map to them.",
                            List.of(ValueMetric.of(Labels.EMPTY, member.ownedShards().size())))));
            member.ownership().ifPresent(o -> {
                out.add(new MetricFamily("ferry_cluster_ownership_changes_total", MetricType.COUNTER,
                        "Times this member's owned shards changed (assignments and revocations by the ownership group).",
                        null, List.of(ValueMetric.of(Labels.EMPTY, o.changes()))));
                long[] applied = ((KafkaGroupStore) store).appliedOffsets();
                List<Metric> offsets = new ArrayList<>();
                for (int p = 0; p < applied.length; p++) {
                    offsets.add(ValueMetric.of(Labels.of("partition", Integer.toString(p)), applied[p]));
                }
                out.add(gauge("ferry_cluster_applied_offset", "The state topic's offset this member applies next, by "
                        + "partition; the topic's end minus this is its lag (GET /api/v1/cluster shows both).", offsets));
                kafkaState(out, (KafkaGroupStore) store);
            });
            return out;
        });
    }

    /** The state's lag, the last snapshot and the refused sends: what the applier and the sends keep, no request. */
    private static void kafkaState(List<MetricFamily> out, KafkaGroupStore kafka) {
        long[] lag = kafka.lag();
        List<Metric> lags = new ArrayList<>();
        for (int p = 0; p < lag.length; p++) {
            if (lag[p] >= 0) {
                lags.add(ValueMetric.of(Labels.of("partition", Integer.toString(p)), lag[p]));
            }
        }
        out.add(gauge("ferry_cluster_state_lag_records", "Records of the state topic this member has yet to apply, by "
                + "partition: the end its consumer last fetched (read once a second) minus the offset it applies next. "
                + "Absent while unknown.", lags));
        long snapshot = kafka.lastSnapshotMillis();
        if (snapshot > 0) {
            out.add(gauge("ferry_cluster_last_snapshot_timestamp_seconds", "When this member last wrote the changed "
                    + "groups of the state partitions it owns to the snapshots topic (every cluster.snapshot_interval "
                    + "once caught up), in Unix seconds.", List.of(ValueMetric.of(Labels.EMPTY, snapshot / 1000.0))));
        }
        List<Metric> failures = new ArrayList<>();
        for (KafkaGroupStore.SendFailure f : KafkaGroupStore.SendFailure.values()) {
            failures.add(ValueMetric.of(Labels.of("reason", f.reason()), kafka.sendFailures(f)));
        }
        out.add(new MetricFamily("ferry_cluster_send_failures_total", MetricType.COUNTER, "Pushes, deletes and wipes "
                + "answered 503 because Kafka refused their record (refused), did not confirm it within "
                + "cluster.write_timeout (timeout: it may still be written), this member did not apply it in time "
                + "(not_applied) or shut down first (shutdown).", null, failures));
    }

    private static MetricFamily gauge(String name, String help, List<Metric> metrics) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, metrics);
    }
}
