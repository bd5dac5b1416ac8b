package io.ferry.remotewrite.queue;

import io.ferry.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    /** A batch of two series, three samples, all carrying {@code n} so order can be checked. */
    static SampleBatch batch(long n) {
        return SampleBatch.builder()
                .add(Labels.of("__name__", "up", "job", "a"), n, 1000 * n)
                .add(Labels.of("__name__", "temp", "room", "ü"), -n, 1000 * n)
                .add(Labels.of("__name__", "up", "job", "a"), n + 0.5, 1000 * n + 1)
                .build();
    }

    static List<SampleBatch> readAll(SampleQueue q, QueuePosition from) throws IOException {
        List<SampleBatch> out = new ArrayList<>();
        QueuePosition p = from;
        for (int i = 0; i < 1_000_000; i++) {
            QueueRead r = q.read(p, 1000);
            if (r.isEmpty()) {
                return out;
            }
            out.addAll(r.batches());
            p = r.next();
        }
        throw new AssertionError("the queue never ended");
    }

    static List<SampleBatch> batches(long from, long toExclusive) {
        List<SampleBatch> out = new ArrayList<>();
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
    void batchesComeBackInAppendOrderAndAcknowledgedOnesDoNot() throws Exception {
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            for (int n = 0; n < 5; n++) {
                q.append(batch(n));
            }
            QueueRead first = q.read(q.acknowledged(), 6);
            assertThat(first.batches()).containsExactly(batch(0), batch(1));
            assertThat(first.sampleCount()).isEqualTo(6);
            // Reading does not consume: the same position gives the same batches.
            assertThat(q.read(q.acknowledged(), 6).batches()).containsExactly(batch(0), batch(1));
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
            assertThat(r.batches()).containsExactly(batch(1));
            assertThat(q.read(r.next(), 1).batches()).containsExactly(batch(2));
        }
    }

    @Test
    void valuesAndTimestampsSurviveBitForBit() throws Exception {
        double stale = Double.longBitsToDouble(0x7ff0000000000002L);
        SampleBatch odd = SampleBatch.builder()
                .add(Labels.of("__name__", "x"), stale, Long.MIN_VALUE)
                .add(Labels.of("__name__", "x"), Double.NaN, Long.MAX_VALUE)
                .add(Labels.of("__name__", "x"), Double.NEGATIVE_INFINITY, 0)
                .add(Labels.EMPTY, -0.0, -1)
                .build();
        try (DiskSampleQueue q = open(DiskSampleQueue.Options.DEFAULT)) {
            q.append(odd);
            q.append(SampleBatch.builder().build()); // empty: not stored
            SampleBatch back = q.read(QueuePosition.START, 100).batches().getFirst();
            assertThat(back).isEqualTo(odd);
            assertThat(Double.doubleToRawLongBits(back.series().getFirst().values()[0])).isEqualTo(0x7ff0000000000002L);
            assertThat(readAll(q, QueuePosition.START)).hasSize(1);
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
                assertThat(r.batches()).isEqualTo(batches(5L * i, 5L * i + 5));
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
            List<SampleBatch> kept = readAll(q, q.acknowledged());
            assertThat(kept).isNotEmpty();
            int first = (int) kept.getFirst().series().getFirst().values()[0];
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
            List<SampleBatch> kept = readAll(q, q.acknowledged());
            int keptSamples = kept.stream().mapToInt(SampleBatch::sampleCount).sum();
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
                        q.append(SampleBatch.builder().add(Labels.of("t", "" + thread), i, i).build());
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
            List<SampleBatch> all = readAll(q, q.acknowledged());
            assertThat(all).hasSize(threads * each);
            int[] next = new int[threads];
            for (SampleBatch b : all) {
                SeriesSamples s = b.series().getFirst();
                int thread = Integer.parseInt(s.labels().get("t"));
                assertThat(s.values()[0]).as("thread %d's order", thread).isEqualTo(next[thread]++);
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
