package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applying a replicated log's mutations, the conditional expiry and the one encoding of records. */
class GroupReplicaTest {
    private static final Labels KEY = Labels.of("job", "backup");

    @Test
    void appliesWhatPassesTheCheckAndLeavesTheRestUnchanged() throws Exception {
        GroupReplica replica = new GroupReplica();
        replica.apply(new Mutation.Replace(KEY, List.of(gauge("a", 1)), 10), GroupStore.Check.NONE);
        GroupStore.Check noB = (groups, m) -> {
            if (m instanceof Mutation.Merge merge && merge.families().stream().anyMatch(f -> f.name().equals("b"))) {
                throw new GroupStore.RejectedException("no b");
            }
        };
        assertThatThrownBy(() -> replica.apply(new Mutation.Merge(KEY, List.of(gauge("b", 2)), 11), noB))
                .isInstanceOf(GroupStore.RejectedException.class);
        replica.apply(new Mutation.Merge(KEY, List.of(gauge("c", 3)), 12), noB);
        assertThat(replica.group(KEY).families()).extracting(MetricFamily::name).containsExactly("a", "c");
        assertThat(replica.seriesCount()).isEqualTo(2);
    }

    @Test
    void anExpiryDeletesOnlyAGroupNotPushedSinceAndTheCheckNeverSeesTheOtherKind() throws Exception {
        GroupReplica replica = new GroupReplica();
        replica.apply(new Mutation.Replace(KEY, List.of(gauge("a", 1)), 10), GroupStore.Check.NONE);
        replica.apply(new Mutation.Replace(KEY, List.of(gauge("a", 2)), 20), GroupStore.Check.NONE);
        List<Mutation> checked = new ArrayList<>();
        GroupStore.Check recording = (groups, m) -> checked.add(m);

        assertThatThrownBy(() -> replica.apply(new Mutation.Expire(KEY, 10), recording))
                .isInstanceOf(GroupStore.RejectedException.class).hasMessageContaining("pushed since");
        assertThat(replica.group(KEY)).isNotNull();
        assertThat(checked).isEmpty();

        replica.apply(new Mutation.Expire(KEY, 20), recording);
        assertThat(replica.group(KEY)).isNull();
        assertThat(checked).containsExactly(new Mutation.Expire(KEY, 20));
    }

    @Test
    void aGroupThatOnlyFailedAgesFromItsFailure() {
        Group failedOnly = new Group(KEY, List.of(), 0, 30);
        assertThat(Mutation.Expire.lastPush(failedOnly)).isEqualTo(30);
        assertThat(new Mutation.Expire(KEY, 30).qualifies(failedOnly)).isTrue();
        assertThat(new Mutation.Expire(KEY, 30).qualifies(null)).isFalse();
    }

    @Test
    void anExpiryIsARecordLikeAnyOtherAndReplaysAlike(@TempDir Path dir) throws Exception {
        Mutation expire = new Mutation.Expire(KEY, 1.5);
        assertThat(MutationBytes.decode(MutationBytes.encode(expire))).isEqualTo(expire);
        try (DurableGroupStore store = DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT)) {
            store.apply(new Mutation.Replace(KEY, List.of(gauge("a", 1)), 1.5), GroupStore.Check.NONE).join();
            store.apply(new Mutation.Replace(Labels.of("job", "kept"), List.of(gauge("k", 1)), 1.5),
                    GroupStore.Check.NONE).join();
            store.apply(new Mutation.Expire(Labels.of("job", "kept"), 1.0), GroupStore.Check.NONE).join(); // pushed since
            store.apply(expire, GroupStore.Check.NONE).join();
            assertThat(store.group(KEY)).isNull();
            assertThat(store.group(Labels.of("job", "kept"))).isNotNull();
        }
        try (DurableGroupStore store = DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT)) {
            assertThat(store.group(KEY)).isNull();
            assertThat(store.group(Labels.of("job", "kept"))).isNotNull();
        }
    }

    private static MetricFamily gauge(String name, double v) {
        return new MetricFamily(name, MetricType.GAUGE, null, null, List.of(ValueMetric.of(KEY.with("instance", ""), v)));
    }
}
