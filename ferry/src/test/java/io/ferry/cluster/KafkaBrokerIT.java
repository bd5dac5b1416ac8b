package io.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test harness itself: one real broker takes a record with {@code acks=all} and gives it back. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaBrokerIT {

    @Test
    void oneNodeTakesARecordAndGivesItBack() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(1)) {
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(with(common, Map.of("acks", "all")),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("t", bytes("k"), bytes("v"))).get(60, TimeUnit.SECONDS);
            }
            TopicPartition tp = new TopicPartition("t", 0);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(common, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                }
                assertThat(read).hasSize(1);
                assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("v");
            }
        }
    }

    private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
