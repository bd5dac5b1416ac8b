package io.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(7);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ShardLease lease = new ShardLease(8, 4, LEASE, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anAssignmentIsOwnedWhileTheCoordinatorAnswers() {
        lease.assigned(List.of(1, 2, 5));
        assertThat(lease.owned().list()).containsExactly(1, 2, 5);
        for (int answers = 1; answers <= 10; answers++) {
            advance(Duration.ofSeconds(3));
            assertThat(lease.check(answers)).isFalse();
        }
        assertThat(lease.owned().list()).containsExactly(1, 2, 5);
        assertThat(lease.lapsed()).isFalse();
    }

    @Test
    void theShardsAreKeptUpToTheLeaseAndDroppedOnceItPassesWithoutAnAnswer() {
        lease.assigned(List.of(1, 2));
        lease.check(4);
        advance(LEASE.minusMillis(1));
        assertThat(lease.check(4)).isFalse();
        assertThat(lease.owned().list()).containsExactly(1, 2);

        advance(Duration.ofMillis(1));
        assertThat(lease.check(4)).as("lapsed at this check").isTrue();
        assertThat(lease.owned().list()).isEmpty();
        assertThat(lease.owned().partitions()).isEmpty();
        assertThat(lease.lapsed()).isTrue();
        advance(Duration.ofSeconds(30));
        assertThat(lease.check(4)).as("lapsed once, not at every check").isFalse();
    }

    @Test
    void anAssignmentRenewsTheLease() {
        lease.assigned(List.of(3));
        advance(Duration.ofSeconds(6));
        lease.assigned(List.of(3, 4)); // a rebalance completed: the coordinator answered
        advance(Duration.ofSeconds(6));
        assertThat(lease.check(Double.NaN)).isFalse();
        assertThat(lease.owned().list()).containsExactly(3, 4);
    }

    @Test
    void afterALapseAnswersAloneGiveNoShardBackOnlyANewAssignmentDoes() {
        lease.assigned(List.of(0, 7));
        lease.check(1);
        advance(LEASE);
        assertThat(lease.check(1)).isTrue();

        // The coordinator answers again (the partition healed), but the shards may be another's now.
        advance(Duration.ofSeconds(1));
        assertThat(lease.check(2)).isFalse();
        advance(Duration.ofSeconds(3));
        assertThat(lease.check(3)).isFalse();
        assertThat(lease.owned().list()).isEmpty();
        assertThat(lease.lapsed()).isTrue();

        // Rejoining brings the whole assignment, shards kept through the lapse included.
        lease.assigned(List.of(0, 4));
        assertThat(lease.owned().list()).containsExactly(0, 4);
        assertThat(lease.lapsed()).isFalse();
    }

    @Test
    void revokedAndLostShardsAreReleased() {
        lease.assigned(List.of(1, 2, 3));
        lease.released(List.of(2));
        assertThat(lease.owned().list()).containsExactly(1, 3);
        lease.released(List.of(1, 3));
        assertThat(lease.owned().list()).isEmpty();
    }

    @Test
    void owningNothingThereIsNothingToDrop() {
        advance(Duration.ofMinutes(1));
        assertThat(lease.check(0)).isFalse();
        advance(Duration.ofMinutes(1));
        assertThat(lease.check(0)).isFalse();
        assertThat(lease.lapsed()).isFalse();
        lease.assigned(List.of(6));
        assertThat(lease.owned().list()).containsExactly(6);
    }

    @Test
    void theStatePartitionsGoWithTheShards() {
        lease.assigned(List.of(0, 1, 2, 3));
        assertThat(lease.owned().partitions()).containsExactly(0, 1);
        lease.check(0);
        advance(LEASE);
        lease.check(0);
        assertThat(lease.owned().partitions()).as("no expiry, snapshot or forwarding decided while lapsed").isEmpty();
    }
}
