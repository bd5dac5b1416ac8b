package io.ferry.state;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DurableGroupStoreTest {
    private static final Labels BACKUP = Labels.of("job", "backup");
    private static final Labels ETL = Labels.of("job", "etl", "instance", "a");

    @TempDir
    Path dir;

    @Test
    void putReplacesPostMergesDeleteRemoves() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("b", 1), gauge("a", 2)), 10));
            assertThat(names(store.group(BACKUP))).containsExactly("a", "b");
            apply(store, new Mutation.Merge(BACKUP, List.of(gauge("b", 5), gauge("c", 6)), 11));
            Group g = store.group(BACKUP);
            assertThat(names(g)).containsExactly("a", "b", "c");
            assertThat(value(g, "b")).isEqualTo(5);
            assertThat(g.pushTimeSeconds()).isEqualTo(11);
            assertThat(List.of(g.familyPushTimeSeconds(0), g.familyPushTimeSeconds(1), g.familyPushTimeSeconds(2)))
                    .as("a POST keeps the push time of the families it does not name").containsExactly(10.0, 11.0, 11.0);
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("z", 1)), 12));
            assertThat(names(store.group(BACKUP))).containsExactly("z");
            apply(store, new Mutation.Delete(Labels.of("job", "backup", "instance", "")));
            assertThat(store.group(BACKUP)).as("delete needs the exact key").isNotNull();
            apply(store, new Mutation.Delete(BACKUP));
            assertThat(store.group(BACKUP)).isNull();
        }
    }

    @Test
    void aFailedPushCreatesTheGroupAndKeepsItsData() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Failure(ETL, 5));
            Group g = store.group(ETL);
            assertThat(g.families()).isEmpty();
            assertThat(g.pushTimeSeconds()).isZero();
            assertThat(g.pushFailureTimeSeconds()).isEqualTo(5);
            assertThat(g.lastPushSucceeded()).isFalse();
            apply(store, new Mutation.Replace(ETL, List.of(gauge("a", 1)), 6));
            assertThat(store.group(ETL).pushFailureTimeSeconds()).as("kept across a PUT").isEqualTo(5);
            assertThat(store.group(ETL).lastPushSucceeded()).isTrue();
            apply(store, new Mutation.Failure(ETL, 7));
            assertThat(names(store.group(ETL))).containsExactly("a");
            apply(store, new Mutation.Replace(ETL, List.of(gauge("a", 1)), 8));
            apply(store, new Mutation.Failure(ETL, 8));
            assertThat(store.group(ETL).lastPushSucceeded()).as("a failure in the success's millisecond").isFalse();
            assertThat(store.group(ETL).pushFailureTimeSeconds()).isEqualTo(8.001);
            apply(store, new Mutation.Replace(ETL, List.of(gauge("a", 1)), 8.001));
            assertThat(store.group(ETL).lastPushSucceeded()).as("and a success in the failure's").isTrue();
            apply(store, new Mutation.Wipe());
            assertThat(store.groups()).isEmpty();
        }
    }

    @Test
    void aRefusedMutationChangesNothingAndIsNotLogged() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
            CompletableFuture<Void> f = store.apply(new Mutation.Replace(BACKUP, List.of(gauge("a", 2)), 2),
                    (groups, m) -> {
                        throw new GroupStore.RejectedException("type clash with " + groups.groups().size() + " group");
                    });
            assertThatThrownBy(f::join).hasCauseInstanceOf(GroupStore.RejectedException.class)
                    .hasMessageContaining("type clash with 1 group");
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
        }
        try (DurableGroupStore store = open()) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
        }
    }

    @Test
    void theChangeCountGrowsWithEveryMutationSeenAndNotWithARefusedOneOrADeleteOfNoGroup() throws Exception {
        try (DurableGroupStore store = open()) {
            assertThat(store.changes()).as("a new store never changed").isZero();
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
            long afterPut = store.changes();
            assertThat(afterPut).isPositive();
            assertThatThrownBy(store.apply(new Mutation.Replace(BACKUP, List.of(gauge("a", 2)), 2), (groups, m) -> {
                throw new GroupStore.RejectedException("no");
            })::join).hasCauseInstanceOf(GroupStore.RejectedException.class);
            assertThat(store.changes()).isEqualTo(afterPut);
            apply(store, new Mutation.Delete(BACKUP));
            long afterDelete = store.changes();
            assertThat(afterDelete).isGreaterThan(afterPut);
            // A cluster member's readiness probe is such a delete: it must not set a render going.
            apply(store, new Mutation.Delete(BACKUP));
            assertThat(store.changes()).as("a delete of a group that is not there").isEqualTo(afterDelete);
            apply(store, new Mutation.Wipe());
            assertThat(store.changes()).isGreaterThan(afterDelete);
            apply(store, new Mutation.Replace(ETL, List.of(gauge("x", 1)), 3));
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.changes()).as("restored groups count as changes").isPositive();
        }
    }

    @Test
    void reopeningRestoresEveryGroupExactly() throws Exception {
        Map<Labels, Group> before;
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, richFamilies(), 1700000000.123));
            apply(store, new Mutation.Failure(BACKUP, 1700000001.5));
            apply(store, new Mutation.Replace(ETL, List.of(gauge("x", 3)), 1700000002));
            apply(store, new Mutation.Merge(ETL, List.of(gauge("y", 4)), 1700000003));
            before = snapshot(store);
        }
        try (DurableGroupStore store = open()) {
            assertThat(snapshot(store)).isEqualTo(before);
        }
    }

    @Test
    void mergeSeriesReplacesSeriesByLabelsKeepsTheOthersAndIsReplayed() throws Exception {
        Map<Labels, Group> before;
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(ETL, List.of(gauge("other", 9),
                    counter("c", null, series("a", 1), series("b", 2))), 10));
            Mutation.MergeSeries m = new Mutation.MergeSeries(ETL,
                    List.of(counter("c", "Help.", series("b", 5), series("d", 7)), counter("c", null, series("e", 8))), 11);
            apply(store, m);
            apply(store, m); // applying it again changes nothing
            Group g = store.group(ETL);
            MetricFamily c = g.families().stream().filter(f -> f.name().equals("c")).findFirst().orElseThrow();
            assertThat(c.metrics()).extracting(x -> x.labels().get("s"), x -> ((ValueMetric) x).value())
                    .containsExactly(tuple("a", 1.0), tuple("b", 5.0),
                            tuple("d", 7.0), tuple("e", 8.0));
            assertThat(value(g, "other")).isEqualTo(9);
            assertThat(g.pushTimeSeconds()).isEqualTo(11);
            assertThat(store.seriesCount()).isEqualTo(5);

            apply(store, new Mutation.MergeSeries(ETL, List.of(new MetricFamily("c", MetricType.GAUGE, null, null,
                    List.of(series("z", 3)))), 12));
            assertThat(store.group(ETL).families().stream().filter(f -> f.name().equals("c")).findFirst().orElseThrow()
                    .metrics()).as("a family of another type is replaced whole").hasSize(1);
            before = snapshot(store);
        }
        try (DurableGroupStore store = open()) {
            assertThat(snapshot(store)).isEqualTo(before);
        }
    }

    @Test
    void snapshotsBoundTheLogAndRestoreTheSame() throws Exception {
        DurableGroupStore.Options options = new DurableGroupStore.Options(true, 2_000, 64, 1024);
        try (DurableGroupStore store = DurableGroupStore.open(dir, options)) {
            for (int i = 0; i < 300; i++) {
                Labels key = Labels.of("job", "j" + (i % 40));
                apply(store, i % 3 == 0 ? new Mutation.Merge(key, List.of(gauge("m" + i % 7, i)), i)
                        : new Mutation.Replace(key, List.of(gauge("n", i), gauge("o", -i)), i));
            }
        }
        // How much of the log a snapshot covers depends on how fast the snapshot thread ran; a
        // store opened on a log past the size starts one at its first batch, with nothing running.
        Map<Labels, Group> before;
        try (DurableGroupStore store = DurableGroupStore.open(dir, options)) {
            apply(store, new Mutation.Delete(Labels.of("job", "j3")));
            before = snapshot(store);
        }
        // Closing waits for the snapshot being written; then only the segment after it is left.
        assertThat(logBytes()).isLessThan(4_000);
        assertThat(Files.exists(dir.resolve("snapshot"))).isTrue();
        try (DurableGroupStore store = open()) {
            assertThat(snapshot(store)).isEqualTo(before).hasSize(39);
        }
    }

    @Test
    void theLogHasZerosAheadOfItsRecordsAndACrashThatLeavesThemLosesNoAcknowledgedPush(@TempDir Path crashed)
            throws Exception {
        Path wal = dir.resolve("wal-00000001");
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
            apply(store, new Mutation.Replace(ETL, List.of(gauge("b", 2)), 2));
            assertThat(Files.size(wal)).as("zeros written ahead, so that a force writes no new size")
                    .isGreaterThan(1 << 20);
            // What a crash now leaves on the disk: the records, then zeros.
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> !f.getFileName().toString().equals("lock")).toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        assertThat(Files.size(wal)).as("closing cuts the zeros").isLessThan(1_000);
        try (DurableGroupStore store = DurableGroupStore.open(crashed, DurableGroupStore.Options.DEFAULT)) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
            assertThat(value(store.group(ETL), "b")).isEqualTo(2);
            apply(store, new Mutation.Replace(ETL, List.of(gauge("c", 3)), 3)); // after the last record
        }
        try (DurableGroupStore store = DurableGroupStore.open(crashed, DurableGroupStore.Options.DEFAULT)) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
            assertThat(value(store.group(ETL), "c")).isEqualTo(3);
        }
    }

    @Test
    void aTornTailIsCutAndEverythingBeforeItKept() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
            apply(store, new Mutation.Replace(ETL, List.of(gauge("b", 2)), 2));
        }
        Path wal = dir.resolve("wal-00000001");
        long size = Files.size(wal);
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5); // the last record loses its end, as in a crash mid-write
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.group(BACKUP)).isNotNull();
            assertThat(store.group(ETL)).isNull();
            apply(store, new Mutation.Replace(ETL, List.of(gauge("c", 3)), 3)); // appends after the cut
        }
        try (DurableGroupStore store = open()) {
            assertThat(value(store.group(ETL), "c")).isEqualTo(3);
            assertThat(store.groups()).hasSize(2);
        }
    }

    @Test
    void aTornHeaderOfAFewBytesIsCutSoThatLaterPushesSurviveTheNextStart() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
        }
        // A crash that wrote only two bytes of the next record's header.
        Files.write(dir.resolve("wal-00000001"), new byte[] {0, 0}, StandardOpenOption.APPEND);
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(ETL, List.of(gauge("b", 2)), 2)); // acknowledged after the cut
        }
        try (DurableGroupStore store = open()) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
            assertThat(value(store.group(ETL), "b")).isEqualTo(2);
        }
    }

    @Test
    void aCorruptRecordWithGoodOnesAfterItStopsTheStartAndCutsNothing() throws Exception {
        try (DurableGroupStore store = open()) {
            for (int i = 0; i < 5; i++) {
                apply(store, new Mutation.Replace(Labels.of("job", "j" + i), List.of(gauge("a", i)), i));
            }
        }
        Path wal = dir.resolve("wal-00000001");
        byte[] bytes = Files.readAllBytes(wal);
        int recordSize = bytes.length / 5;
        bytes[recordSize * 2 + 12] ^= 0x40; // a bit flip inside the third record's payload
        Files.write(wal, bytes);
        // Cutting there, as for a torn tail, would silently drop the two acknowledged records after it.
        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageStartingWith(wal + ": a record whose checksum does not match at byte " + recordSize * 2
                        + ", followed by 2 records (" + recordSize * 2 + " bytes) that check out")
                .hasMessageContaining("refusing to start")
                .hasMessageContaining("--storage.repair");
        assertThat(Files.readAllBytes(wal)).isEqualTo(bytes);
    }

    @Test
    void zerosAfterTheLastRecordAreCutAndLaterPushesSurvive() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
        }
        // What ext4 can leave after a power loss: the file grew, its data never reached the disk.
        Files.write(dir.resolve("wal-00000001"), new byte[4096], StandardOpenOption.APPEND);
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(ETL, List.of(gauge("b", 2)), 2));
        }
        try (DurableGroupStore store = open()) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
            assertThat(value(store.group(ETL), "b")).isEqualTo(2);
        }
    }

    @Test
    void concurrentWritersAreAllAcknowledgedAndAllDurable() throws Exception {
        int threads = 8;
        int each = 200;
        try (DurableGroupStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        CompletableFuture<Void> ack = store.apply(new Mutation.Replace(
                                Labels.of("job", "t" + thread, "i", Integer.toString(i)), List.of(gauge("v", i)), i),
                                GroupStore.Check.NONE);
                        synchronized (acks) {
                            acks.add(ack);
                        }
                    }
                }));
            }
            for (var s : submitted) {
                s.get();
            }
            pool.shutdown();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.groups()).hasSize(threads * each);
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
            assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                    .hasMessageContaining("another process is using the push store");
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.group(BACKUP)).isNotNull();
        }
    }

    @Test
    void aRecordWithAGoodChecksumThatDoesNotDecodeStopsTheStartAndCutsNothing() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
        }
        Path wal = dir.resolve("wal-00000001");
        byte[] payload = {99};
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate(9).putInt(1).putInt((int) crc.getValue()).put(payload);
        Files.write(wal, record.array(), StandardOpenOption.APPEND);
        long size = Files.size(wal);
        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining("has a good checksum but does not decode");
        assertThat(Files.size(wal)).isEqualTo(size);
    }

    @Test
    void aDamagedSnapshotStopsTheStart() throws Exception {
        try (DurableGroupStore store = DurableGroupStore.open(dir, new DurableGroupStore.Options(true, 10, 64, 1024))) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
        }
        Path snapshot = dir.resolve("snapshot");
        try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(snapshot) - 3);
        }
        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("refusing to start");
    }

    @Test
    void theLogOfEarlierVersionsIsReadAndAppendedTo() throws Exception {
        try (DurableGroupStore store = open()) {
            apply(store, new Mutation.Replace(BACKUP, List.of(gauge("a", 1)), 1));
        }
        Files.move(dir.resolve("wal-00000001"), dir.resolve("wal"));
        try (DurableGroupStore store = open()) {
            assertThat(value(store.group(BACKUP), "a")).isEqualTo(1);
            apply(store, new Mutation.Replace(ETL, List.of(gauge("b", 2)), 2));
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.groups()).hasSize(2);
        }
    }

    @Test
    void snapshotsWrittenWhilePushesGoOnLoseNothing() throws Exception {
        // A segment of 1,000 bytes: a snapshot starts every few pushes while the next ones go on.
        try (DurableGroupStore store = DurableGroupStore.open(dir, new DurableGroupStore.Options(true, 1_000, 64, 1024))) {
            for (int i = 0; i < 2_000; i++) {
                apply(store, new Mutation.Replace(Labels.of("job", "j" + i), List.of(gauge("a", i)), i));
            }
        }
        try (DurableGroupStore store = open()) {
            assertThat(store.groups()).hasSize(2_000);
            assertThat(value(store.group(Labels.of("job", "j1999")), "a")).isEqualTo(1999);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("wal")).count())
                    .as("segments a snapshot covers are deleted").isLessThan(3);
        }
    }

    @Test
    void aSnapshotDoesNotFollowWhatAFailedOneLeft() throws Exception {
        // A segment size the 50 pushes pass once: one snapshot, whose file must not keep the garbage.
        try (DurableGroupStore store = DurableGroupStore.open(dir, new DurableGroupStore.Options(true, 2_000, 64, 1024))) {
            // What a snapshot cut short by a full disk leaves: a record begun and not finished.
            Files.write(dir.resolve("snapshot.tmp"), new byte[]{0, 0, 0, 100, 1, 2, 3});
            for (int i = 0; i < 50; i++) {
                apply(store, new Mutation.Replace(Labels.of("job", "j" + i), List.of(gauge("a", i)), i));
            }
        }
        assertThat(dir.resolve("snapshot")).exists();
        try (DurableGroupStore store = open()) {
            assertThat(store.groups()).hasSize(50);
        }
    }

    private long logBytes() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    @Test
    void aClosedStoreRefusesWrites() throws Exception {
        DurableGroupStore store = open();
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.apply(new Mutation.Wipe(), GroupStore.Check.NONE).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the store is closed");
    }

    private DurableGroupStore open() throws IOException {
        return DurableGroupStore.open(dir, DurableGroupStore.Options.DEFAULT);
    }

    private static void apply(GroupStore store, Mutation m) {
        store.apply(m, GroupStore.Check.NONE).join();
    }

    private static Map<Labels, Group> snapshot(GroupStore store) {
        return store.groups().stream().collect(Collectors.toMap(Group::key, g -> g, (a, b) -> a, TreeMap::new));
    }

    private static List<String> names(Group g) {
        return g.families().stream().map(MetricFamily::name).toList();
    }

    private static double value(Group g, String name) {
        return g.families().stream().filter(f -> f.name().equals(name)).findFirst().map(f -> ((ValueMetric) f.metrics()
                .getFirst()).value()).orElseThrow();
    }

    private static MetricFamily counter(String name, String help, Metric... series) {
        return new MetricFamily(name, MetricType.COUNTER, help, null, List.of(series));
    }

    private static Metric series(String s, double v) {
        return ValueMetric.of(Labels.of("s", s), v);
    }

    private static MetricFamily gauge(String name, double v) {
        return new MetricFamily(name, MetricType.GAUGE, null, null,
                List.of(ValueMetric.of(Labels.of("job", "x", "instance", ""), v)));
    }

    /** Families that exercise what a restart must keep: OpenMetrics-only types, exemplars, created times. */
    private static List<MetricFamily> richFamilies() {
        Labels l = Labels.of("instance", "", "job", "backup");
        List<Metric> counter = List.of(new ValueMetric(l, 7, Metric.NO_TIMESTAMP, 1699999999.5,
                new Exemplar(Labels.of("trace_id", "abc"), 1, 1700000000000L)));
        return List.of(
                new MetricFamily("done_total", MetricType.COUNTER, "Jobs done.", null, counter),
                new MetricFamily("build_info", MetricType.INFO, null, null, List.of(ValueMetric.of(l.with("v", "1"), 1))),
                new MetricFamily("phase", MetricType.STATESET, "State.", null, List.of(ValueMetric.of(l.with("phase", "a"), 1))),
                new MetricFamily("odd", MetricType.UNKNOWN, null, null, List.of(ValueMetric.of(l, Double.NaN))),
                new MetricFamily("latency_seconds", MetricType.HISTOGRAM, "Latency.", "seconds", List.of(
                        new HistogramMetric(l, new double[] {0.1, Double.POSITIVE_INFINITY}, new double[] {1, 3}, null,
                                0.7, 3, Metric.NO_TIMESTAMP, 1699999000.25, null))));
    }
}
