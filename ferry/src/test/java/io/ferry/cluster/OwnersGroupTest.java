package io.ferry.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two clusters on one Kafka, each with its own topics, divide their own shards in groups of their own. */
class OwnersGroupTest {
    @Test
    void theDefaultTopicsKeepTheirGroupAndOthersHaveOneNamedAfterTheirShardsTopic() {
        assertThat(Ownership.groupOf(ClusterOptions.Topics.DEFAULTS)).isEqualTo("ferry-owners");
        assertThat(Ownership.groupOf(new ClusterOptions.Topics("b-state", "b-snapshots", "b-shards")))
                .isEqualTo("b-shards-owners");
    }
}
