package io.ferry.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OwnedShardsTest {
    @Test
    void partitionsSpreadOverTheWholeRangeOfShards() {
        // Two members holding contiguous halves of 64 shards (as the sticky assignor hands them out)
        // own half of the 16 state partitions each.
        OwnedShards low = OwnedShards.of(64, 16, IntStream.range(0, 32).boxed().toList());
        OwnedShards high = OwnedShards.of(64, 16, IntStream.range(32, 64).boxed().toList());
        assertThat(low.partitions()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(high.partitions()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void everyPartitionHasOneShardWhateverTheCounts() {
        for (int[] counts : new int[][] {{64, 16}, {4, 16}, {7, 3}, {1, 5}, {16, 16}}) {
            int shards = counts[0];
            int partitions = counts[1];
            OwnedShards none = OwnedShards.none(shards, partitions);
            assertThat(IntStream.range(0, partitions * 2).map(none::shardOfPartition))
                    .allSatisfy(s -> assertThat(s).isBetween(0, shards - 1));
        }
        OwnedShards one = OwnedShards.of(4, 16, List.of(1));
        assertThat(one.partitions()).containsExactly(4, 5, 6, 7);
        assertThat(one.ownsPartition(5)).isTrue();
        assertThat(one.owns(1)).isTrue();
        assertThat(one.with(List.of(1), false).partitions()).isEmpty();
    }
}
