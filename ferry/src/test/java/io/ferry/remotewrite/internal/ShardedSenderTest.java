package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.SendResult;
import io.ferry.remotewrite.queue.DiskSampleQueue;
import io.ferry.remotewrite.queue.QueuePosition;
import io.ferry.remotewrite.queue.QueueRead;
import io.ferry.remotewrite.queue.QueueRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shards against a real disk queue and a fake receiver: per-key order, acknowledgement up to the
 * watermark (so a restart resends only from the first record not delivered), what rejected and too
 * old records become, and order kept across a change of the shard count.
 */
class ShardedSenderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(10_000_000), ZoneOffset.UTC);
    private static final SendResult SENT = new SendResult(SendResult.Outcome.SENT, 204, Duration.ZERO, 1, "");

    @TempDir
    Path dir;

    private final SendStats stats = new SendStats(s -> { });

    static QueueSettings shards(int min, int max, int capacity) {
        return new QueueSettings(capacity, max, min, 2_000, Duration.ofSeconds(5), Duration.ofMillis(1),
                Duration.ofMillis(4), false, Duration.ZERO);
    }

    static QueueRecord record(int key, int seq, long timestampMs) {
        return new QueueRecord((key + ":" + seq).getBytes(StandardCharsets.US_ASCII), 1, key, timestampMs);
    }

    static String text(byte[] body, int length) {
        return new String(body, 0, length, StandardCharsets.US_ASCII);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not: " + what);
            }
            Thread.sleep(5);
        }
    }

    private DiskSampleQueue queue() throws Exception {
        return DiskSampleQueue.open(dir.resolve("q"), DiskSampleQueue.Options.DEFAULT.withBudget(1 << 20, 1 << 26));
    }

    /** Checks that each key's sequence numbers arrived in increasing order, and counts them. */
    private static int checkOrder(List<String> sent) {
        Map<String, Integer> last = new ConcurrentHashMap<>();
        for (String s : sent) {
            String[] kv = s.split(":");
            int seq = Integer.parseInt(kv[1]);
            Integer before = last.put(kv[0], seq);
            assertThat(seq).as("key %s after %s", kv[0], before).isGreaterThan(before == null ? -1 : before);
        }
        return sent.size();
    }

    @Test
    void eachKeysRecordsAreSentInQueueOrderAndTheQueueIsAcknowledgedToTheEnd() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (DiskSampleQueue q = queue()) {
            ShardedSender s = new ShardedSender("t", q, (body, n, retries) -> {
                sent.add(text(body, n));
                return SENT;
            }, shards(3, 3, 5), CLOCK, stats, Duration.ofHours(1), () -> 0);
            for (int seq = 0; seq < 40; seq++) {
                List<QueueRecord> commit = new ArrayList<>();
                for (int key = 0; key < 10; key++) {
                    commit.add(record(key, seq, seq));
                }
                q.append(commit);
            }
            await("all 400 sent", () -> sent.size() == 400);
            QueuePosition end = q.read(QueuePosition.START, Integer.MAX_VALUE).next();
            await("acknowledged to the end", () -> q.acknowledged().equals(end));
            s.close();
            assertThat(checkOrder(sent)).isEqualTo(400);
            assertThat(stats.sent.sum()).isEqualTo(400);
            assertThat(s.shards()).isEqualTo(3);
        }
    }

    @Test
    void theQueueIsAcknowledgedOnlyUpToTheFirstRecordNotDelivered() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CountDownLatch closing = new CountDownLatch(1);
        List<QueueRecord> all = new ArrayList<>();
        QueuePosition beforeStuck;
        try (DiskSampleQueue q = queue()) {
            for (int seq = 0; seq < 10; seq++) {
                all.add(record(0, seq, seq));
                all.add(record(1, seq, seq));
                q.append(List.of(all.get(all.size() - 2), all.getLast()));
            }
            QueueRead everything = q.read(QueuePosition.START, Integer.MAX_VALUE);
            assertThat(everything.records()).isEqualTo(all);
            beforeStuck = everything.ends().get(5); // after 1:2, the record before 0:3 in queue order
            ShardedSender s = new ShardedSender("t", q, (body, n, retries) -> {
                String t = text(body, n);
                if (t.equals("0:3")) {
                    closing.await(); // the receiver is down for this one until the sender closes
                    return new SendResult(SendResult.Outcome.RETRYABLE, 503, Duration.ZERO, 1, "down");
                }
                sent.add(t);
                return SENT;
            }, shards(2, 2, 100), CLOCK, stats, Duration.ofHours(1), () -> 0);

            // Key 1's shard sends all of its records; key 0's stops at 0:3.
            await("key 1 and 0:0..0:2 sent", () -> sent.size() == 13);
            await("acknowledged up to the record before 0:3", () -> q.acknowledged().equals(beforeStuck));
            closing.countDown();
            s.close();
            assertThat(q.acknowledged()).isEqualTo(beforeStuck);
        }
        try (DiskSampleQueue q = queue()) {
            // A restart resends from 0:3 on: what was in flight and what was done after it.
            List<QueueRecord> left = q.read(q.acknowledged(), Integer.MAX_VALUE).records();
            assertThat(left).isEqualTo(all.subList(6, all.size()));
        }
    }

    @Test
    void rejectedRecordsAreDroppedAndCountedAndTooOldOnesAreNotSent() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        QueueSettings config = new QueueSettings(100, 1, 1, 2_000, Duration.ofSeconds(5), Duration.ofMillis(1),
                Duration.ofMillis(4), false, Duration.ofHours(1));
        long now = CLOCK.millis();
        try (DiskSampleQueue q = queue()) {
            ShardedSender s = new ShardedSender("t", q, (body, n, retries) -> {
                String t = text(body, n);
                sent.add(t);
                if (t.equals("0:1")) {
                    return new SendResult(SendResult.Outcome.REJECTED, 400, Duration.ZERO, 1, "bad");
                }
                for (int attempt = 1; attempt <= 2; attempt++) { // two retryable answers, then sent
                    retries.retrying(new SendResult(SendResult.Outcome.RETRYABLE, 503, Duration.ZERO, attempt, "down"),
                            Duration.ofMillis(1));
                }
                return new SendResult(SendResult.Outcome.SENT, 204, Duration.ZERO, 3, "");
            }, config, CLOCK, stats, Duration.ofHours(1), () -> 0);
            q.append(List.of(record(0, 0, now), record(0, 1, now), record(0, 2, now - Duration.ofHours(2).toMillis()),
                    record(0, 3, now - Duration.ofMinutes(59).toMillis())));
            QueuePosition end = q.read(QueuePosition.START, Integer.MAX_VALUE).next();
            await("everything done and acknowledged", () -> q.acknowledged().equals(end));
            s.close();
        }
        assertThat(sent).containsExactly("0:0", "0:1", "0:3");
        assertThat(stats.sent.sum()).isEqualTo(2);
        assertThat(stats.failed.sum()).isEqualTo(1);
        assertThat(stats.droppedTooOld.sum()).isEqualTo(1);
        assertThat(stats.retried.sum()).as("two retries of each of two sent records").isEqualTo(4);
        assertThat(stats.highestSentTimestampMs.get()).isEqualTo(now);
    }

    @Test
    void retriesAreCountedWhileTheReceiverIsStillDown() throws Exception {
        CountDownLatch receiverBack = new CountDownLatch(1);
        try (DiskSampleQueue q = queue()) {
            ShardedSender s = new ShardedSender("t", q, (body, n, retries) -> {
                for (int attempt = 1; receiverBack.getCount() > 0 && attempt <= 1000; attempt++) {
                    retries.retrying(new SendResult(SendResult.Outcome.RETRYABLE, 0, Duration.ZERO, attempt,
                            "connection refused"), Duration.ofMillis(1));
                    receiverBack.await(1, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                return SENT;
            }, shards(1, 1, 100), CLOCK, stats, Duration.ofHours(1), () -> 7);
            q.append(record(0, 0, CLOCK.millis()));
            // Not a sample sent yet, and the retries of the one record already show.
            await("retries counted before the send ends", () -> stats.retried.sum() >= 3);
            assertThat(stats.sent.sum()).isZero();
            receiverBack.countDown();
            await("sent once the receiver is back", () -> stats.sent.sum() == 1);
            s.close();
        }
    }

    @Test
    void theShardCountGrowsUnderABacklogAndKeepsEachKeysOrder() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (DiskSampleQueue q = queue()) {
            // A slow receiver and read-ahead of two samples per shard: the shards stay full.
            ShardedSender s = new ShardedSender("t", q, (body, n, retries) -> {
                Thread.sleep(2);
                sent.add(text(body, n));
                return SENT;
            }, shards(1, 4, 2), CLOCK, stats, Duration.ofMillis(20), () -> 0);
            List<QueueRecord> commit = new ArrayList<>();
            for (int seq = 0; seq < 150; seq++) {
                for (int key = 0; key < 8; key++) {
                    commit.add(record(key, seq, seq));
                }
            }
            q.append(commit);
            await("grown to four shards", () -> s.shards() == 4);
            await("all sent", () -> sent.size() == 1200);
            s.close();
        }
        assertThat(checkOrder(sent)).isEqualTo(1200);
    }
}
