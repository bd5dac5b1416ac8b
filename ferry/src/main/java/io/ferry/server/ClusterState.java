package io.ferry.server;

import io.ferry.cluster.KafkaGroupStore;
import io.ferry.cluster.MemberId;
import io.ferry.cluster.OwnedPartitions;
import io.ferry.config.FerryConfig;
import io.ferry.state.Group;
import io.ferry.state.GroupStore;

import java.io.IOException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The cluster mode's part of the wiring ({@code cluster.bootstrap_servers} set): the push state
 * replicated through Kafka instead of the local write-ahead log. Kept apart from {@link FerryServer}
 * so that a single node never loads a Kafka class.
 */
final class ClusterState {
    private ClusterState() {
    }

    /** Joins the cluster's push state; nothing applies until {@link #start}. */
    static GroupStore open(FerryConfig config) throws IOException {
        String member = MemberId.of(config.cluster().memberId(), config.web().listenAddress().port(),
                config.storage().path());
        return KafkaGroupStore.open(config.cluster(), member);
    }

    /** Starts applying the state topic with {@code checks}, every member's check of every record. */
    static void start(GroupStore store, GroupStore.Check checks) {
        ((KafkaGroupStore) store).start(checks);
    }

    /**
     * The groups this member decides for (expiry): those of the state partitions it owns
     * ({@code cluster.Ownership}); during a reassignment two members may both decide, and an expiry
     * decided twice applies once (its record is conditional).
     */
    static Supplier<Collection<Group>> decidedHere(GroupStore store, OwnedPartitions owned) {
        KafkaGroupStore kafka = (KafkaGroupStore) store;
        return () -> kafka.groupsOwned(owned);
    }
}
