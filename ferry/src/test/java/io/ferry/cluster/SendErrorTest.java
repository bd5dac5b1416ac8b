package io.ferry.cluster;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a 503 says of Kafka's send errors. */
class SendErrorTest {
    @Test
    void aMetadataTimeoutSaysNoBrokerAnsweredNotThatTheTopicIsGone() {
        // What Kafka's producer says when it cannot reach a broker to ask for the topic.
        TimeoutException noBroker = new TimeoutException("Topic ferry-state not present in metadata after 10000 ms.");
        assertThat(KafkaGroupStore.sendError(noBroker, "k1:9092,k2:9092")).isEqualTo("no broker of k1:9092,k2:9092 "
                + "answered in time (Topic ferry-state not present in metadata after 10000 ms.)");
        assertThat(KafkaGroupStore.sendError(new RecordTooLargeException("too large"), "k1:9092")).isEqualTo("too large");
    }
}
