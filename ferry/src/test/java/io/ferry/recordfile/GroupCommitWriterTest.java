package io.ferry.recordfile;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitWriterTest {
    @TempDir
    Path dir;

    private AppendFile file;
    private GroupCommitWriter<String> writer;
    private CompletableFuture<Void> first;

    @AfterEach
    void closeAll() throws IOException {
        if (writer != null) {
            writer.close();
        }
        if (file != null) {
            file.close();
        }
    }

    /**
     * Frames each string as one record, refuses "refuse", fails the batch on "explode"; records each
     * batch's size, and can hold the writer inside a batch until released.
     */
    private final class Handler implements GroupCommitWriter.BatchHandler<String> {
        final RecordFrame frame = new RecordFrame();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile boolean completedBeforeWritten;
        final List<CompletableFuture<Void>> watched = new CopyOnWriteArrayList<>();
        int afterBatch;

        @Override
        public void frame(String item, ByteSink out) throws GroupCommitWriter.Refused {
            if (item.equals("refuse")) {
                throw new GroupCommitWriter.Refused(new IllegalStateException("refused " + item));
            }
            if (item.equals("explode")) {
                throw new IllegalStateException("cannot frame " + item);
            }
            byte[] bytes = item.getBytes(StandardCharsets.UTF_8);
            frame.frame(bytes, 0, bytes.length, out);
        }

        @Override
        public AppendFile target(int bytes) throws IOException {
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return file;
        }

        @Override
        public void written(int items, int bytes, long forceNanos) {
            batches.add(items);
            for (CompletableFuture<Void> f : watched) {
                completedBeforeWritten |= f.isDone();
            }
        }

        @Override
        public void afterBatch() {
            afterBatch++;
        }

        @Override
        public String failed(Throwable cause) {
            failures.add(cause.getMessage());
            return "the log failed";
        }

        @Override
        public void recover() {
            recoveredAtNanos.add(System.nanoTime());
        }

        final List<Long> recoveredAtNanos = new CopyOnWriteArrayList<>();
    }

    private Handler start(int maxBatch, int maxQueued) throws IOException {
        return start(maxBatch, maxQueued, true);
    }

    private Handler start(int maxBatch, int maxQueued, boolean fsync) throws IOException {
        file = AppendFile.open(dir.resolve("log"));
        Handler handler = new Handler();
        writer = new GroupCommitWriter<>("test", new GroupCommitWriter.Options(maxBatch, maxQueued, fsync), handler);
        writer.start();
        return handler;
    }

    /** Starts a writer and submits "a", whose batch waits in {@link Handler#target} until {@code hold} is released. */
    private Handler startHoldingTheFirstBatch(int maxBatch, int maxQueued) throws Exception {
        Handler handler = start(maxBatch, maxQueued);
        handler.hold = new CountDownLatch(1);
        first = writer.submit("a");
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        return handler;
    }

    /** Submits {@code prefix}0 .. {@code prefix}(n-1), watched by {@code handler}; all of them done. */
    private CompletableFuture<Void> submit(String prefix, int n, Handler handler) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(writer.submit(prefix + i));
        }
        handler.watched.addAll(all);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private List<String> records() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("log"))), 0);
        List<String> out = new ArrayList<>();
        for (byte[] p; (p = reader.next()) != null; ) {
            out.add(new String(p, StandardCharsets.UTF_8));
        }
        assertThat(reader.problem()).isNull();
        return out;
    }

    @Test
    void itemsWaitingWhileABatchIsWrittenShareTheNextOneInOrder() throws Exception {
        Handler handler = startHoldingTheFirstBatch(100, 1000);
        CompletableFuture<Void> rest = submit("b", 10, handler);
        assertThat(first).isNotDone();
        handler.hold.countDown();
        rest.get(10, TimeUnit.SECONDS);
        assertThat(first).isCompleted();
        assertThat(handler.batches).containsExactly(1, 10);
        assertThat(handler.completedBeforeWritten).as("no future completes before its batch is written").isFalse();
        assertThat(records()).containsExactly("a", "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9");
    }

    @Test
    void aBatchHoldsAtMostMaxBatchItems() throws Exception {
        Handler handler = startHoldingTheFirstBatch(3, 1000);
        CompletableFuture<Void> rest = submit("b", 7, handler);
        handler.hold.countDown();
        rest.get(10, TimeUnit.SECONDS);
        assertThat(handler.batches).containsExactly(1, 3, 3, 1);
    }

    @Test
    void aRefusedItemFailsAloneAndTheBatchGoesOn() throws Exception {
        Handler handler = startHoldingTheFirstBatch(100, 1000);
        CompletableFuture<Void> before = writer.submit("b");
        CompletableFuture<Void> refused = writer.submit("refuse");
        CompletableFuture<Void> after = writer.submit("c");
        handler.hold.countDown();
        after.get(10, TimeUnit.SECONDS);
        before.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(refused::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused refuse");
        assertThat(handler.batches).containsExactly(1, 2);
        assertThat(records()).containsExactly("a", "b", "c");
        assertThat(writer.failure()).isNull();
    }

    @Test
    void aFailedWriteFailsItsBatchEverythingQueuedAndEverythingLater() throws Exception {
        Handler handler = start(100, 1000);
        writer.submit("a").get(10, TimeUnit.SECONDS);
        handler.entered = new CountDownLatch(1);
        handler.hold = new CountDownLatch(1);
        CompletableFuture<Void> blocked = writer.submit("b");
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        file.close(); // the append of the batch holding "b" fails
        CompletableFuture<Void> queued = writer.submit("c");
        handler.hold.countDown();
        assertThatThrownBy(blocked::join).hasCauseInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(queued::join).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the log failed");
        assertThat(writer.failure()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.submit("d").join()).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the log failed");
        assertThat(handler.failures).hasSize(1);
        assertThat(writer.failures()).isEqualTo(1);
        assertThat(writer.running()).as("the writer stays, to recover once the file can be cut back").isTrue();
    }

    @Test
    void afterAFailedWriteTheWriterCutsTheTornBatchAndTakesItemsAgainOnceTheDiskDoes() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        Handler handler = startOn(disk);
        writer.submit("a").get(10, TimeUnit.SECONDS);
        disk.failWrites("No space left on device");
        assertThatThrownBy(() -> writer.submit("torn").join()).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(Files.size(dir.resolve("log"))).as("half the failed batch is in the file")
                .isGreaterThan(file.size());
        assertThatThrownBy(() -> writer.submit("refused").join()).hasMessageContaining("the log failed");
        assertThat(writer.failure()).hasMessage("No space left on device");
        Thread.sleep(100); // attempts to recover fail while the disk refuses
        assertThat(writer.failure()).isNotNull();
        assertThat(writer.recoveries()).isZero();

        disk.heal();
        awaitRecovered(writer);
        writer.submit("b").get(10, TimeUnit.SECONDS);
        assertThat(records()).as("the torn batch is cut, and what follows follows the last good record")
                .containsExactly("a", "b");
        assertThat(writer.failures()).isEqualTo(1);
        assertThat(writer.recoveries()).isEqualTo(1);
        assertThat(handler.failures).containsExactly("No space left on device");
    }

    @Test
    void aDiskThatFailsAgainAfterEachRecoveryIsTriedAtADoublingWait() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        file = AppendFile.open(dir.resolve("log"), disk);
        Handler handler = new Handler();
        writer = new GroupCommitWriter<>("test", new GroupCommitWriter.Options(100, 1000, true)
                .withRetry(Duration.ofMillis(10), Duration.ofSeconds(10)), handler);
        writer.start();
        writer.submit("a").get(10, TimeUnit.SECONDS);
        disk.roomFor(file.size() + 4); // recovery's cut fits; every batch after it does not
        for (int i = 0; i < 5; i++) {
            long submitted = System.nanoTime();
            assertThatThrownBy(() -> writer.submit("does not fit").join()).hasMessageContaining("No space left");
            awaitRecovered(writer);
            long waited = handler.recoveredAtNanos.get(i) - submitted;
            assertThat(waited).as("failure %d waits 10 ms doubled %d times", i + 1, i)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10L << i));
        }
        assertThat(writer.recoveries()).isEqualTo(5);
    }

    @Test
    void aFailedForceIsCutTooAndTheBatchIsNeverReportedWritten() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        Handler handler = startOn(disk);
        writer.submit("a").get(10, TimeUnit.SECONDS);
        disk.holdForces();
        CompletableFuture<Void> lost = writer.submit("lost");
        assertThat(disk.awaitHeldForce()).isTrue();
        disk.failWrites("Input/output error"); // the append went through; its force fails
        disk.releaseForces();
        assertThatThrownBy(lost::join).hasMessageContaining("Input/output error");
        assertThat(handler.batches).as("written() is called for forced batches only").containsExactly(1);
        disk.heal();
        awaitRecovered(writer);
        writer.submit("b").get(10, TimeUnit.SECONDS);
        assertThat(records()).containsExactly("a", "b");
    }

    @Test
    void closeEndsAWriterWaitingToRecover() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        file = AppendFile.open(dir.resolve("log"), disk);
        writer = new GroupCommitWriter<>("test", new GroupCommitWriter.Options(100, 1000, true), new Handler());
        writer.start();
        disk.failWrites("Read-only file system");
        assertThatThrownBy(() -> writer.submit("a").join()).hasMessageContaining("Read-only file system");
        writer.close(); // the writer waits a second before its first attempt: close does not wait for it
        assertThat(writer.running()).isFalse();
        assertThatThrownBy(() -> writer.submit("b").join()).hasMessageContaining("the test is closed");
    }

    /** Starts a writer on {@code disk} that tries to recover every 10 to 40 ms. */
    private Handler startOn(FaultyDisk disk) throws IOException {
        file = AppendFile.open(dir.resolve("log"), disk);
        Handler handler = new Handler();
        writer = new GroupCommitWriter<>("test", new GroupCommitWriter.Options(100, 1000, true)
                .withRetry(Duration.ofMillis(10), Duration.ofMillis(40)), handler);
        writer.start();
        return handler;
    }

    private static void awaitRecovered(GroupCommitWriter<?> writer) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); writer.failure() != null
                && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(writer.failure()).as("recovered within 10 s").isNull();
    }

    @Test
    void aHandlerThatThrowsWhileFramingFailsTheBatch() throws Exception {
        Handler handler = startHoldingTheFirstBatch(100, 1000);
        CompletableFuture<Void> good = writer.submit("b");
        CompletableFuture<Void> bad = writer.submit("explode");
        handler.hold.countDown();
        assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(good::join).as("its batch fails whole").hasCauseInstanceOf(IllegalStateException.class);
        assertThat(handler.failures).containsExactly("cannot frame explode");
        assertThat(records()).containsExactly("a");
    }

    @Test
    void closeWritesWhatWasQueuedAndRefusesTheRest() throws Exception {
        Handler handler = startHoldingTheFirstBatch(100, 1000);
        CompletableFuture<Void> queued = writer.submit("b");
        Thread closer = Thread.ofPlatform().start(writer::close);
        while (!writer.closed()) {
            Thread.onSpinWait();
        }
        CompletableFuture<Void> late = writer.submit("c");
        handler.hold.countDown();
        closer.join(10_000);
        queued.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(late::join).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the test is closed");
        assertThat(writer.running()).isFalse();
        assertThat(records()).containsExactly("a", "b");
        assertThat(handler.afterBatch).isEqualTo(2);
        writer.close(); // again: nothing happens
    }

    @Test
    void submissionsRacingACloseAreEachAnsweredAndTheWriterStops() throws Exception {
        for (int round = 0; round < 30; round++) {
            closeAll();
            Files.deleteIfExists(dir.resolve("log"));
            start(64, Integer.MAX_VALUE, false); // the race is in the queue, not the disk
            Map<String, CompletableFuture<Void>> submitted = new ConcurrentHashMap<>();
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String prefix = "r" + round + "t" + t + "-";
                submitters.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 2_000 && !writer.closed(); i++) {
                        submitted.put(prefix + i, writer.submit(prefix + i));
                    }
                }));
            }
            Thread.sleep(round % 5);
            writer.close();
            assertThat(writer.running()).as("the writer thread ends with close, round %d", round).isFalse();
            for (Thread t : submitters) {
                t.join(10_000);
            }
            List<String> records = records();
            submitted.forEach((item, f) -> {
                assertThat(f).as(item).isDone();
                if (f.isCompletedExceptionally()) {
                    assertThatThrownBy(f::join).as(item).hasMessageContaining("the test is closed");
                    assertThat(records).doesNotContain(item);
                } else {
                    assertThat(records).contains(item);
                }
            });
        }
    }

    @Test
    void pastMaxQueuedASubmissionIsRefusedAtOnce() throws Exception {
        Handler handler = startHoldingTheFirstBatch(100, 2);
        CompletableFuture<Void> b = writer.submit("b");
        CompletableFuture<Void> c = writer.submit("c");
        CompletableFuture<Void> d = writer.submit("d");
        assertThatThrownBy(d::join).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the test's write queue is full (2 waiting)");
        handler.hold.countDown();
        CompletableFuture.allOf(b, c).get(10, TimeUnit.SECONDS);
        assertThat(records()).containsExactly("a", "b", "c");
    }
}
