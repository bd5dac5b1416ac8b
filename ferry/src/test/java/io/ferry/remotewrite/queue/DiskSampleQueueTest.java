package io.ferry.remotewrite.queue;

import io.ferry.recordfile.FaultyDisk;
import io.ferry.recordfile.OnDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskSampleQueueTest {
    private static final DiskSampleQueue.Options SMALL = DiskSampleQueue.Options.DEFAULT.withBudget(1024, 1L << 30);

    @TempDir
    Path dir;

    /**
     * A record of three samples whose body, key and timestamp all carry {@code n}, so order can be
     * checked; its body is padded to the size of a small compressed request (about 100 bytes stored).
     */
    static QueueRecord batch(long n) {
        String body = "%-80s".formatted("body of record " + n + ", ü");
        return new QueueRecord(body.getBytes(StandardCharsets.UTF_8), 3, n, 1000 * n + 1);
    }

    static List<QueueRecord> readAll(SampleQueue q, QueuePosition from) throws IOException {
        List<QueueRecord> out = new ArrayList<>();
        QueuePosition p = from;
        for (int i = 0; i < 1_000_000; i++) {
            QueueRead r = q.read(p, 1000);
            if (r.isEmpty()) {
                return out;
            }
            out.addAll(r.records());
            p = r.next();
        }
        throw new AssertionError("the queue never ended");
    }

    static List<QueueRecord> batches(long from, long toExclusive) {
        List<QueueRecord> out = new ArrayList<>();
        for (long n = from; n < toExclusive; n++) {
            out.add(batch(n));
        }
        return out;
    }

    private DiskSampleQueue open(DiskSampleQueue.Options options) throws IOException {
        return DiskSampleQueue.open(dir, options);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    @Test
    void appendsFailWhileTheDiskDoesAndTheQueueTakesThemAgainOnceItRecovers() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, SMALL, OnDamage.REFUSE, disk)) {
            q.append(batch(1));
            disk.failWrites("No space left on device"); // the write leaves half its bytes
            assertThatThrownBy(() -> q.append(batch(2))).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            assertThatThrownBy(() -> q.append(batch(3))).isInstanceOf(IOException.class)
                    .hasMessageContaining("the queue cannot be written");
            assertThat(readAll(q, QueuePosition.START)).as("readers see nothing of a failed write")
                    .containsExactly(batch(1));
            assertThat(q.writeFailures()).isEqualTo(1);
            disk.heal();
            // The writer's first attempt to recover comes a second after the failure.
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); ; ) {
                try {
                    q.append(batch(4));
                    break;
                } catch (IOException e) {
                    assertThat(System.nanoTime()).as("recovered within 10 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            assertThat(q.recoveries()).isEqualTo(1);
            assertThat(readAll(q, QueuePosition.START)).containsExactly(batch(1), batch(4));
        }
        try (DiskSampleQueue q = open(SMALL)) {
            assertThat(readAll(q, QueuePosition.START)).as("the torn write was cut, so what follows it is kept")
                    .containsExactly(batch(1), batch(4));
        }
    }

    @Test
    void batchesComeBackInAppendOrderAndAcknowledgedOnesDoNot() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            for (int n = 0; n < 5; n++) {
                q.append(batch(n));
            }
            QueueRead first = q.read(q.acknowledged(), 6);
            assertThat(first.records()).containsExactly(batch(0), batch(1));
            assertThat(first.sampleCount()).isEqualTo(6);
            // Reading does not consume: the same position gives the same batches.
            assertThat(q.read(q.acknowledged(), 6).records()).containsExactly(batch(0), batch(1));
            q.acknowledge(first.next());
            assertThat(q.acknowledged()).isEqualTo(first.next());
            assertThat(readAll(q, q.acknowledged())).isEqualTo(batches(2, 5));
            assertThat(readAll(q, QueuePosition.START)).as("acknowledged batches are gone").isEqualTo(batches(2, 5));
        }
    }

    @Test
    void aBatchLargerThanTheReadBoundIsReturnedWholeAndAlone() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            q.append(batch(1));
            q.append(batch(2));
            QueueRead r = q.read(QueuePosition.START, 1);
            assertThat(r.records()).containsExactly(batch(1));
            assertThat(q.read(r.next(), 1).records()).containsExactly(batch(2));
        }
    }

    @Test
    void bodiesKeysAndTimestampsSurviveByteForByte() throws Exception {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        QueueRecord odd = new QueueRecord(everyByte, Integer.MAX_VALUE, -1L, Long.MIN_VALUE);
        QueueRecord other = new QueueRecord(new byte[0], 1, Long.MIN_VALUE, Long.MAX_VALUE);
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            q.append(List.of(odd, other)); // one append, two records
            q.append(List.of()); // empty: not stored
            QueueRead r = q.read(QueuePosition.START, Integer.MAX_VALUE);
            assertThat(r.records()).containsExactly(odd);
            assertThat(r.ends()).containsExactly(r.next());
            assertThat(readAll(q, QueuePosition.START)).containsExactly(odd, other);
        }
    }

    @Test
    void afterARestartDeliveryResumesAtTheFirstUnacknowledgedBatch() throws Exception {
        QueuePosition acked;
        try (DiskSampleQueue q = open(SMALL)) {
            for (int n = 0; n < 40; n++) {
                q.append(batch(n));
            }
            QueuePosition p = QueuePosition.START;
            for (int i = 0; i < 3; i++) { // 3 reads of 5 batches, across segment ends: 15 delivered
                QueueRead r = q.read(p, 15);
                assertThat(r.records()).isEqualTo(batches(5L * i, 5L * i + 5));
                p = r.next();
            }
            q.acknowledge(p);
            acked = q.acknowledged();
            // Read ahead without acknowledging: must come back after the restart.
            q.read(p, 15);
        }
        assertThat(segmentFiles()).as("several segments").hasSizeGreaterThan(2);
        try (DiskSampleQueue q = open(SMALL)) {
            assertThat(q.acknowledged()).isEqualTo(acked);
            assertThat(readAll(q, q.acknowledged())).isEqualTo(batches(15, 40));
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(batches(15, 40));
            q.append(batch(40));
            assertThat(readAll(q, q.acknowledged())).isEqualTo(batches(15, 41));
        }
    }

    @Test
    void acknowledgedSegmentsAreDeleted() throws Exception {
        try (DiskSampleQueue q = open(SMALL)) {
            for (int n = 0; n < 100; n++) {
                q.append(batch(n));
            }
            int before = segmentFiles().size();
            assertThat(before).isGreaterThan(5);
            QueuePosition p = q.acknowledged();
            for (QueueRead r = q.read(p, 1000); !r.isEmpty(); r = q.read(p, 1000)) {
                p = r.next();
            }
            q.acknowledge(p);
            assertThat(segmentFiles()).hasSize(1);
            assertThat(readAll(q, QueuePosition.START)).isEmpty();
            q.append(batch(100));
            assertThat(readAll(q, q.acknowledged())).containsExactly(batch(100));
        }
    }

    @Test
    void pastTheBudgetTheOldestDataIsDroppedAndCounted() throws Exception {
        DiskSampleQueue.Options tight = DiskSampleQueue.Options.DEFAULT.withBudget(1024, 4096);
        int appended = 300;
        try (DiskSampleQueue q = open(tight)) {
            q.acknowledge(q.read(QueuePosition.START, 1).next()); // nothing yet: changes nothing
            for (int n = 0; n < appended; n++) {
                q.append(batch(n));
                assertThat(q.diskBytes()).isLessThanOrEqualTo(4096);
            }
            List<QueueRecord> kept = readAll(q, q.acknowledged());
            assertThat(kept).isNotEmpty();
            int first = (int) kept.getFirst().shardKey();
            assertThat(first).as("the oldest were dropped").isGreaterThan(0);
            assertThat(kept).as("the newest are kept, in order").isEqualTo(batches(first, appended));
            assertThat(q.droppedSamples()).isEqualTo(3L * first);
            long onDisk = 0;
            for (Path p : segmentFiles()) {
                onDisk += Files.size(p);
            }
            assertThat(onDisk).isEqualTo(q.diskBytes()).isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void acknowledgedSamplesDroppedByTheBudgetAreNotCounted() throws Exception {
        DiskSampleQueue.Options tight = DiskSampleQueue.Options.DEFAULT.withBudget(1024, 4096);
        try (DiskSampleQueue q = open(tight)) {
            QueuePosition p = QueuePosition.START;
            for (int n = 0; n < 300; n++) {
                q.append(batch(n));
                QueueRead r = q.read(p, 1000); // a consumer that keeps up
                p = r.next();
                q.acknowledge(p);
            }
            assertThat(q.droppedSamples()).isZero();
            // Part of a segment acknowledged, the rest not: only the rest counts when it is dropped.
            q.acknowledge(p);
            int extra = 0;
            while (q.droppedSamples() == 0 && extra < 1000) {
                q.append(batch(1000 + extra++));
            }
            assertThat(q.droppedSamples()).isPositive();
            List<QueueRecord> kept = readAll(q, q.acknowledged());
            int keptSamples = kept.stream().mapToInt(QueueRecord::sampleCount).sum();
            assertThat(q.droppedSamples() + keptSamples).isEqualTo(3L * extra);
        }
    }

    @Test
    void aTornTailIsCutAtOpenAndAppendsFollowTheLastGoodRecord() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            for (int n = 0; n < 3; n++) {
                q.append(batch(n));
            }
        }
        Path last = segmentFiles().getLast();
        long good = Files.size(last);
        // What a crash in the middle of a write leaves: a header promising more than follows.
        Files.write(last, new byte[]{0, 0, 1, 0, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            assertThat(Files.size(last)).isEqualTo(good);
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(batches(0, 3));
            q.append(batch(3));
        }
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(batches(0, 4));
        }
    }

    @Test
    void aBadChecksumInTheMiddleOfTheLastSegmentCutsFromThere() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            for (int n = 0; n < 3; n++) {
                q.append(batch(n));
            }
        }
        Path last = segmentFiles().getLast();
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length - 1] ^= 1; // the last record's payload
        Files.write(last, bytes);
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(batches(0, 2));
        }
    }

    @Test
    void damageInAnEarlierSegmentIsRefusedAndLeftAsItIs() throws Exception {
        try (DiskSampleQueue q = open(SMALL)) {
            for (int n = 0; n < 30; n++) {
                q.append(batch(n));
            }
        }
        Path first = segmentFiles().getFirst();
        byte[] bytes = Files.readAllBytes(first);
        bytes[20] ^= 1;
        Files.write(first, bytes);
        assertThatThrownBy(() -> open(SMALL)).isInstanceOf(IOException.class)
                .hasMessageContaining(first.getFileName().toString())
                .hasMessageContaining("refusing to open the queue");
        assertThat(Files.readAllBytes(first)).isEqualTo(bytes);
    }

    @Test
    void concurrentAppendersAreAllDurableAndEachKeepsItsOrder() throws Exception {
        int threads = 8;
        int each = 150;
        try (DiskSampleQueue q = open(SMALL)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        q.append(new QueueRecord(new byte[] {(byte) i}, 1, thread, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        try (DiskSampleQueue q = open(SMALL)) {
            List<QueueRecord> all = readAll(q, q.acknowledged());
            assertThat(all).hasSize(threads * each);
            int[] next = new int[threads];
            for (QueueRecord r : all) {
                int thread = (int) r.shardKey();
                assertThat(r.maxTimestampMs()).as("thread %d's order", thread).isEqualTo(next[thread]++);
            }
        }
    }

    @Test
    void awaitDataWakesOnAnAppendAndOtherwiseTimesOut() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            assertThat(q.awaitData(QueuePosition.START, Duration.ofMillis(10))).isFalse();
            Thread appender = Thread.ofPlatform().start(() -> {
                try {
                    q.append(batch(1));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(q.awaitData(QueuePosition.START, Duration.ofSeconds(60))).isTrue();
            appender.join(60_000);
            QueueRead r = q.read(QueuePosition.START, 10);
            assertThat(q.awaitData(r.next(), Duration.ZERO)).isFalse();
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            assertThatThrownBy(() -> open(DiskSampleQueue.Options.DEFAULT)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another process is using the queue");
        }
    }

    @Test
    void appendsAfterCloseAreRefused() throws Exception {
        DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT);
        q.close();
        assertThatThrownBy(() -> q.append(batch(1))).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void acknowledgingPastTheEndIsAnError() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            q.append(batch(1));
            assertThatThrownBy(() -> q.acknowledge(new QueuePosition(99, 0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
        }
    }

    @Test
    void aBudgetSmallerThanTwoSegmentsIsRejected() {
        assertThatThrownBy(() -> DiskSampleQueue.Options.DEFAULT.withBudget(1024, 1500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice its segment size");
    }
}
