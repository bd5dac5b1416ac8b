package io.ferry.cluster.internal;

import io.ferry.model.Labels;
import io.ferry.state.GroupReplica;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a snapshot round counts as written: only once Kafka took every record of it. */
class StateSnapshotsTest {
    private final StateSnapshots snapshots = new StateSnapshots("snapshots");
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final GroupReplica groups = new GroupReplica();

    @Test
    void aRoundCountsOnceKafkaTookEveryRecordAndAFailedOneDoesNot() {
        snapshots.changed(0, Labels.of("job", "a"));
        snapshots.changed(1, Labels.of("job", "b"));
        assertThat(snapshots.write(producer, p -> true, p -> 7, groups)).isEqualTo(2);
        assertThat(snapshots.lastWrittenMillis()).as("sent, not taken yet").isZero();
        producer.completeNext();
        assertThat(snapshots.lastWrittenMillis()).isZero();
        producer.completeNext();
        long first = snapshots.lastWrittenMillis();
        assertThat(first).isPositive();

        snapshots.changed(0, Labels.of("job", "a"));
        snapshots.write(producer, p -> true, p -> 8, groups);
        producer.errorNext(new RuntimeException("the topic is gone"));
        assertThat(snapshots.lastWrittenMillis()).as("a failed round leaves the last good one").isEqualTo(first);
        assertThat(snapshots.write(producer, p -> true, p -> 8, groups)).as("the failed key, again").isEqualTo(1);
    }

    @Test
    void aRoundWithNothingChangedCountsAtOnce() {
        assertThat(snapshots.write(producer, p -> true, p -> 0, groups)).isZero();
        assertThat(snapshots.lastWrittenMillis()).isPositive();
    }
}
