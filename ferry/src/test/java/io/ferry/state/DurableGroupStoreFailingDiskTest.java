package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.FaultyDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store on a disk that stalls or fails ({@link FaultyDisk}: the tests run as root, where a
 * read-only directory made with chmod still takes writes): readers see only what is forced, and
 * the store recovers by itself once the disk takes writes again.
 */
class DurableGroupStoreFailingDiskTest {
    private static final Labels A = Labels.of("job", "a");
    private static final Labels B = Labels.of("job", "b");
    private static final Labels C = Labels.of("job", "c");
    /** Short waits between attempts to recover, so that a test sees one within its bound. */
    private static final DurableGroupStore.Options QUICK = DurableGroupStore.Options.DEFAULT
            .withRetry(Duration.ofMillis(20), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();
    private DurableGroupStore store;

    @AfterEach
    void close() {
        disk.heal();
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aPushIsSeenOnlyOnceItsForceCompletesAndBeforeItIsAcknowledged() throws Exception {
        store = DurableGroupStore.open(dir, QUICK, disk);
        disk.holdForces();
        CompletableFuture<Void> pushed = store.apply(replace(A, 1), GroupStore.Check.NONE);
        assertThat(disk.awaitHeldForce()).isTrue();
        assertThat(store.group(A)).as("not seen while its force runs").isNull();
        assertThat(store.groups()).isEmpty();
        assertThat(store.seriesCount()).isZero();
        assertThat(pushed).isNotDone();

        CompletableFuture<Boolean> seenWhenAcknowledged = pushed.thenApply(ok -> store.group(A) != null);
        disk.releaseForces();
        assertThat(seenWhenAcknowledged.get(10, TimeUnit.SECONDS)).as("seen by the time it is acknowledged").isTrue();
        assertThat(store.seriesCount()).isEqualTo(1);
    }

    @Test
    void checksInABatchSeeTheMutationsBeforeThemThoughReadersDoNot() throws Exception {
        store = DurableGroupStore.open(dir, QUICK, disk);
        disk.holdForces();
        CompletableFuture<Void> first = store.apply(replace(A, 1), GroupStore.Check.NONE);
        assertThat(disk.awaitHeldForce()).isTrue();
        // These wait for the held batch, then share one: the second's check sees the first's group.
        CompletableFuture<Void> b = store.apply(replace(B, 1), GroupStore.Check.NONE);
        CompletableFuture<Void> onlyIfB = store.apply(replace(C, 1), (groups, m) -> {
            if (groups.group(B) == null || groups.groups().size() != 2 || groups.seriesCount() != 2) {
                throw new GroupStore.RejectedException("the check did not see B");
            }
        });
        disk.releaseForces();
        CompletableFuture.allOf(first, b, onlyIfB).get(10, TimeUnit.SECONDS);
        assertThat(store.groups()).hasSize(3);
    }

    @Test
    void aFailedForceLeavesNothingSeenAndNothingOnDisk() throws Exception {
        store = DurableGroupStore.open(dir, QUICK, disk);
        store.apply(replace(A, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        disk.holdForces();
        CompletableFuture<Void> lost = store.apply(replace(B, 1), GroupStore.Check.NONE);
        CompletableFuture<Void> deleted = store.apply(new Mutation.Delete(A), GroupStore.Check.NONE);
        assertThat(disk.awaitHeldForce()).isTrue();
        disk.failWrites("Input/output error");
        disk.releaseForces();
        assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> deleted.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
        assertThat(store.group(B)).as("a push whose force failed is never seen").isNull();
        assertThat(store.group(A)).as("nor a delete").isNotNull();
        assertThat(store.seriesCount()).isEqualTo(1);
        assertThat(store.healthy()).isFalse();

        disk.heal();
        awaitHealthy(store);
        assertThat(store.group(B)).isNull();
        store.apply(replace(C, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        store.close();
        store = DurableGroupStore.open(dir, QUICK);
        assertThat(store.groups()).extracting(Group::key).containsExactlyInAnyOrder(A, C);
    }

    @Test
    void aDirectoryThatRefusesTheNextSegmentStopsWritesUntilItTakesFilesAgain() throws Exception {
        DurableGroupStore.Options rollsSoon = new DurableGroupStore.Options(true, 200, 64, 1024)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200));
        store = DurableGroupStore.open(dir, rollsSoon, disk);
        disk.refuseOpens("Read-only file system");
        // Past 200 bytes of log a new segment is due after the batch, and the directory refuses it.
        store.apply(replace(A, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        for (int i = 0; store.healthy() && i < 1000; i++) {
            try {
                store.apply(replace(B, i), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                break; // queued as the store failed
            }
        }
        assertThat(store.healthy()).as("not ready while the segment cannot start").isFalse();
        assertThat(store.writeFailures()).isEqualTo(1);
        assertThatThrownBy(() -> store.apply(replace(C, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the push store cannot write its log");
        Thread.sleep(300); // several attempts to recover, each refused
        assertThat(store.healthy()).isFalse();
        assertThat(store.recoveries()).isZero();

        disk.heal();
        awaitHealthy(store);
        assertThat(store.recoveries()).isEqualTo(1);
        store.apply(replace(C, 2), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        store.close();
        store = DurableGroupStore.open(dir, QUICK);
        assertThat(store.group(A)).isNotNull();
        assertThat(store.group(C)).as("acknowledged after the recovery, kept across a restart").isNotNull();
    }

    @Test
    void aFullDiskCutsTheTornBatchSoThatLaterPushesSurviveARestart() throws Exception {
        store = DurableGroupStore.open(dir, QUICK, disk);
        store.apply(replace(A, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        disk.failWrites("No space left on device"); // the write leaves half its bytes
        assertThatThrownBy(() -> store.apply(replace(B, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("No space left on device");
        assertThat(store.healthy()).isFalse();
        disk.heal();
        awaitHealthy(store);
        store.apply(replace(C, 1), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        store.close();
        store = DurableGroupStore.open(dir, QUICK);
        assertThat(store.groups()).extracting(Group::key).containsExactlyInAnyOrder(A, C);
    }

    private static void awaitHealthy(DurableGroupStore store) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); !store.healthy()
                && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(store.healthy()).as("recovered within 10 s").isTrue();
    }

    private static Mutation replace(Labels key, double value) {
        return new Mutation.Replace(key, List.of(new MetricFamily("m", MetricType.GAUGE, null, null,
                List.of(ValueMetric.of(key.with("instance", ""), value)))), value);
    }
}
