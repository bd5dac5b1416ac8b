package io.ferry.server;

import io.ferry.cluster.Ownership;
import io.ferry.state.Group;
import io.ferry.telemetry.Registry;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code GET /api/v1/cluster} and the {@code ferry_cluster_*} metrics say of this member: how
 * it shares the work, the shards it owns, the group's members and their shards (on Kafka, as the
 * group coordinator describes them), the state it holds and whether it is ready.
 *
 * <pre>{@code
 * ClusterStatus status = new ClusterStatus(member, store::groups, ready);
 * status.register(registry);
 * byte[] json = status.render();   // blocking: asks Kafka; call it off the event loop
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class ClusterStatus {
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterMember member;
    private final Supplier<Collection<Group>> groups;
    private final BooleanSupplier ready;

    ClusterStatus(ClusterMember member, Supplier<Collection<Group>> groups, BooleanSupplier ready) {
        this.member = member;
        this.groups = groups;
        this.ready = ready;
    }

    /** The JSON of {@code /api/v1/cluster}; asks the group coordinator for the members, so it blocks. */
    byte[] render() {
        ByteSink out = new ByteSink(1024);
        GoJson j = new GoJson(out);
        j.beginObject().name("status").value("success").name("data").beginObject();
        j.name("mode").value(member.mode()).name("member").value(member.memberId()).name("ready").value(ready.getAsBoolean());
        j.name("shards").value((long) member.shards()).name("ownedShards");
        ints(j, member.ownedShards());
        member.ownership().ifPresent(o -> members(j, o));
        j.name("state").beginObject().name("groups").value((long) groups.get().size()).endObject();
        j.endObject().endObject();
        return out.toByteArray();
    }

    private static void members(GoJson j, Ownership o) {
        List<Ownership.Member> members;
        try {
            members = o.members(DESCRIBE_TIMEOUT);
        } catch (IOException e) {
            j.name("membersError").value(e.getMessage());
            return;
        }
        j.name("members").beginArray();
        for (Ownership.Member m : members) {
            j.beginObject().name("member").value(m.memberId()).name("host").value(m.host()).name("shards");
            ints(j, m.shards());
            j.endObject();
        }
        j.endArray();
    }

    private static void ints(GoJson j, List<Integer> values) {
        j.beginArray();
        values.forEach(v -> j.value((long) v));
        j.endArray();
    }

    /** {@code ferry_cluster_shards}, {@code ferry_cluster_owned_shards} and, on Kafka, the ownership changes. */
    void register(Registry registry) {
        registry.register(() -> {
            List<MetricFamily> out = new java.util.ArrayList<>(List.of(
                    gauge("ferry_cluster_shards", "Shards the shared scrape targets hash into (1 alone).",
                            member.shards()),
                    gauge("ferry_cluster_owned_shards", "Shards this member owns: it scrapes their targets and, on "
                            + "Kafka, decides for the state partitions that map to them.", member.ownedShards().size())));
            member.ownership().ifPresent(o -> out.add(new MetricFamily("ferry_cluster_ownership_changes_total",
                    MetricType.COUNTER, "Times this member's owned shards changed (assignments and revocations by the "
                    + "ownership group).", null, List.of(ValueMetric.of(Labels.EMPTY, o.changes())))));
            return out;
        });
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }
}
