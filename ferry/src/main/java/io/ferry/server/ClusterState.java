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

    /**
     * Starts applying the state with {@code checks}, every member's check of every record; the
     * member writes the snapshots of the partitions it {@code owned} ({@code cluster.Ownership}).
     */
    static void start(GroupStore store, GroupStore.Check checks, OwnedPartitions owned) {
        ((KafkaGroupStore) store).start(checks, owned);
    }

    /**
     * The groups this member decides for (expiry, the liveness of pushed groups) and forwards (the
     * self-scrape): those of the state partitions it owns ({@code cluster.Ownership}). During a
     * reassignment two members may both decide, and an expiry decided twice applies once (its
     * record is conditional).
     */
    static Supplier<Collection<Group>> decidedHere(GroupStore store, OwnedPartitions owned) {
        KafkaGroupStore kafka = (KafkaGroupStore) store;
        return () -> kafka.groupsOwned(owned);
    }
}
