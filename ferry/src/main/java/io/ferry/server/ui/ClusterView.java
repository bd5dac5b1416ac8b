package io.ferry.server.ui;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This member's part in the cluster as {@code GET /api/v1/cluster} and the {@code /cluster} page
 * show it: one snapshot, read afresh at each request.
 *
 * <pre>{@code
 * ClusterView v = new ClusterView("static_shard", "m1", true, 2, List.of(1), Optional.empty(), 12, 340);
 * v.alone();   // false: the targets are shared
 * }</pre>
 *
 * @param mode        {@code single} (no {@code cluster:} section), {@code static_shard} or {@code kafka}
 * @param member      this member's id
 * @param ready       whether {@code /-/ready} answers 200
 * @param shards      how many shards the shared scrape targets hash into (1 alone)
 * @param ownedShards the shards this member owns, ascending
 * @param kafka       the group's members and the state topic's partitions, on Kafka only
 * @param groups      push groups held
 * @param series      series held in them
 */
public record ClusterView(String mode, String member, boolean ready, int shards, List<Integer> ownedShards,
                          Optional<Kafka> kafka, long groups, long series) {
    public ClusterView {
        ownedShards = List.copyOf(ownedShards);
    }

    /** Whether this Ferry shares nothing with others. */
    public boolean alone() {
        return mode.equals("single");
    }

    /**
     * Members on Kafka.
     *
     * @param members         the ownership group's members as its coordinator describes them; empty with an error
     * @param membersError    why the members could not be read; empty when they were
     * @param caughtUp        whether the member has applied up to the end offsets read at its start
     * @param partitions      each state-topic partition, by number
     * @param endOffsetsError why the topic's end offsets could not be read (no lag then); empty when they were
     */
    public record Kafka(List<Member> members, String membersError, boolean caughtUp, List<Partition> partitions,
                        String endOffsetsError) {
        public Kafka {
            members = List.copyOf(members);
            partitions = List.copyOf(partitions);
        }
    }

    /** A member of the ownership group and the shards it owns. */
    public record Member(String member, String host, List<Integer> shards) {
        public Member {
            shards = List.copyOf(shards);
        }
    }

    /**
     * One state-topic partition.
     *
     * @param owned         whether this member decides its groups (expiry, liveness, snapshots, forwarding)
     * @param appliedOffset the offset this member applies next
     * @param endOffset     the topic's end, when it could be read
     */
    public record Partition(int partition, boolean owned, long appliedOffset, OptionalLong endOffset) {
        /** Records this member has still to apply, when the end is known. */
        public OptionalLong lag() {
            return endOffset.isPresent() ? OptionalLong.of(Math.max(0, endOffset.getAsLong() - appliedOffset))
                    : OptionalLong.empty();
        }
    }
}
