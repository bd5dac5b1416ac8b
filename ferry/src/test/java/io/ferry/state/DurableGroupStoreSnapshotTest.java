package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.FaultyDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Snapshots are written on their own thread: pushes go on while one is held in its force, a close
 * abandons one still being written, and a crash at any point of one (copied here as the directory
 * is at that point) loses nothing acknowledged.
 */
class DurableGroupStoreSnapshotTest {
    /** A segment of 2,000 bytes, which a few dozen pushes pass: the next batch starts a snapshot. */
    private static final DurableGroupStore.Options SMALL_SEGMENTS = new DurableGroupStore.Options(true, 2_000, 64, 1024);

    @TempDir
    Path root;

    private final FaultyDisk disk = new FaultyDisk();
    private Path dir;
    /** Where a test copies the directory as a crash would leave it. */
    private Path crashed;
    private DurableGroupStore store;

    @BeforeEach
    void dirs() {
        dir = root.resolve("store");
        crashed = root.resolve("crashed");
    }

    @AfterEach
    void close() {
        disk.heal();
        if (store != null) {
            store.close();
        }
    }

    @Test
    void pushesAreAcknowledgedWhileASnapshotIsHeldInItsForce() throws Exception {
        store = DurableGroupStore.open(dir, SMALL_SEGMENTS, disk);
        disk.holdForcesOf("snapshot.tmp");
        pushUntilASnapshotIsHeld();
        for (int i = 0; i < 200; i++) {
            store.apply(replace(i % 70, 1000 + i), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        }
        assertThat(value(store.group(key(199 % 70)))).isEqualTo(1199);
        assertThat(dir.resolve("snapshot")).as("the held snapshot is not in place").doesNotExist();

        disk.releaseForces();
        awaitSnapshotInPlace();
        Map<Labels, Group> before = groups(store);
        store.close();
        try (DurableGroupStore reopened = DurableGroupStore.open(dir, SMALL_SEGMENTS)) {
            assertThat(groups(reopened)).isEqualTo(before).hasSize(100);
        }
    }

    @Test
    void aCrashWhileASnapshotIsBeingWrittenLosesNothing() throws Exception {
        Map<Labels, Group> acknowledged = crashWhileASnapshotIsHeld();

        assertThat(crashed.resolve("snapshot.tmp")).exists();
        assertThat(crashed.resolve("snapshot")).doesNotExist();
        try (DurableGroupStore reopened = DurableGroupStore.open(crashed, SMALL_SEGMENTS)) {
            assertThat(groups(reopened)).isEqualTo(acknowledged);
        }
        assertThat(crashed.resolve("snapshot.tmp")).as("what the crash left is deleted at open").doesNotExist();
    }

    @Test
    void aCrashAfterTheSnapshotIsInPlaceAndBeforeItsSegmentsAreDeletedLosesNothing() throws Exception {
        Map<Labels, Group> acknowledged = crashWhileASnapshotIsHeld(); // every segment the snapshot covers is in the copy

        disk.releaseForces();
        awaitSnapshotInPlace();
        // The snapshot in place with the segments it covers still there: replaying them changes nothing.
        Files.copy(dir.resolve("snapshot"), crashed.resolve("snapshot"));
        try (DurableGroupStore reopened = DurableGroupStore.open(crashed, SMALL_SEGMENTS)) {
            assertThat(groups(reopened)).isEqualTo(acknowledged);
        }
    }

    @Test
    void closeAbandonsASnapshotStillBeingWrittenAndTheLogKeepsEverything() throws Exception {
        store = DurableGroupStore.open(dir, SMALL_SEGMENTS, disk);
        disk.holdForcesOf("snapshot.tmp");
        pushUntilASnapshotIsHeld();
        Map<Labels, Group> acknowledged = groups(store);

        // Before, a close waited up to 5 minutes for the snapshot to reach the disk; now a grace, then it is left.
        assertTimeoutPreemptively(SnapshotWriter.CLOSE_GRACE.plusSeconds(15), store::close);
        assertThat(dir.resolve("snapshot")).doesNotExist();
        try (DurableGroupStore reopened = DurableGroupStore.open(dir, SMALL_SEGMENTS)) {
            assertThat(groups(reopened)).isEqualTo(acknowledged);
        }
        assertThat(dir.resolve("snapshot.tmp")).doesNotExist();
    }

    /** Pushes 100 groups, after which the snapshot their segment starts is held in its force. */
    private void pushUntilASnapshotIsHeld() throws Exception {
        for (int i = 0; i < 100; i++) {
            store.apply(replace(i, i), GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        }
        assertThat(disk.awaitHeldForce()).as("a snapshot started and is held in its force").isTrue();
    }

    /**
     * Holds a snapshot in its force, pushes on, and copies the directory to {@code crashed} as a
     * crash now leaves it (a {@code snapshot.tmp}, no snapshot, every segment); returns the groups
     * acknowledged by then.
     */
    private Map<Labels, Group> crashWhileASnapshotIsHeld() throws Exception {
        store = DurableGroupStore.open(dir, SMALL_SEGMENTS, disk);
        disk.holdForcesOf("snapshot.tmp");
        pushUntilASnapshotIsHeld();
        mixedPushes();
        Map<Labels, Group> acknowledged = groups(store);
        copy(dir, crashed);
        return acknowledged;
    }

    /** Replaces, merges, failures and deletes of groups the held snapshot holds, and new groups. */
    private void mixedPushes() throws Exception {
        for (int i = 0; i < 120; i++) {
            Mutation m = switch (i % 4) {
                case 0 -> replace(i, -i);
                case 1 -> new Mutation.Merge(key(i), List.of(gauge("other", i)), 2000 + i);
                case 2 -> new Mutation.Failure(key(i), 3000 + i);
                default -> new Mutation.Delete(key(i));
            };
            store.apply(m, GroupStore.Check.NONE).get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitSnapshotInPlace() throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
             !Files.exists(dir.resolve("snapshot")) && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertThat(dir.resolve("snapshot")).exists();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Labels key(int i) {
        return Labels.of("job", "j" + i);
    }

    private static Mutation replace(int i, double value) {
        return new Mutation.Replace(key(i), List.of(gauge("m", value)), 1000 + value);
    }

    private static MetricFamily gauge(String name, double v) {
        return new MetricFamily(name, MetricType.GAUGE, null, null, List.of(ValueMetric.of(Labels.of("job", "x"), v)));
    }

    private static double value(Group g) {
        return ((ValueMetric) g.families().getFirst().metrics().getFirst()).value();
    }

    private static Map<Labels, Group> groups(GroupStore store) {
        return store.groups().stream().collect(Collectors.toMap(Group::key, g -> g, (a, b) -> a, TreeMap::new));
    }
}
