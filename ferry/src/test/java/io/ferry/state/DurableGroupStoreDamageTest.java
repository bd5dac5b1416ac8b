package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.recordfile.LogDamage;
import io.ferry.recordfile.OnDamage;
import io.ferry.state.internal.MutationRecords;
import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@link LogDamage} case in each file of the push store: the last log segment (a crash can tear
 * its end), an earlier segment and the snapshot (no crash tears them). What a crash leaves is cut and
 * everything before it kept; anything else stops the open, naming the file and byte and
 * {@code --storage.repair}, and changes nothing; with {@link OnDamage#REPAIR} the open goes on
 * without the damage, and a copy of what was cut is beside the file.
 */
class DurableGroupStoreDamageTest {
    /** Enough groups that 4,096 zero bytes from the middle record leave good records after them. */
    private static final int GROUPS = 200;
    private static final DurableGroupStore.Options OPTIONS = DurableGroupStore.Options.DEFAULT.withoutFsync();

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(LogDamage.ALL)
    void theLastSegment(LogDamage.Case damage) throws Exception {
        writeLog();
        Path wal = dir.resolve("wal-00000001");
        int hit = damage.apply(wal);
        if (damage.goodRecordsFollow()) {
            assertRefusedThenRepaired(wal, hit);
        } else {
            // What a crash leaves: cut, everything before kept, and appends after the cut survive.
            try (DurableGroupStore store = DurableGroupStore.open(dir, OPTIONS)) {
                assertThat(jobs(store)).isEqualTo(jobs(0, hit));
                store.apply(replace(GROUPS), GroupStore.Check.NONE).join();
            }
            assertThat(LogDamage.copiesOf(wal)).isEmpty();
            try (DurableGroupStore store = DurableGroupStore.open(dir, OPTIONS)) {
                List<String> expected = new ArrayList<>(jobs(0, hit));
                expected.add("g" + GROUPS);
                assertThat(jobs(store)).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(LogDamage.ALL)
    void anEarlierSegment(LogDamage.Case damage) throws Exception {
        writeLog();
        Files.createFile(dir.resolve("wal-00000002")); // what a crash right after starting a segment leaves
        Path wal = dir.resolve("wal-00000001");
        assertRefusedThenRepaired(wal, damage.apply(wal));
    }

    @ParameterizedTest
    @MethodSource(LogDamage.ALL)
    void theSnapshot(LogDamage.Case damage) throws Exception {
        Path snapshot = dir.resolve("snapshot");
        writeSnapshot(snapshot);
        assertRefusedThenRepaired(snapshot, damage.apply(snapshot));
    }

    /** The open fails and changes nothing; with repair it keeps the records before the one hit, and a copy. */
    private void assertRefusedThenRepaired(Path file, int hit) throws IOException {
        byte[] damaged = Files.readAllBytes(file);
        assertThatThrownBy(() -> DurableGroupStore.open(dir, OPTIONS)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageContaining(" at byte " + goodLength(damaged, hit))
                .hasMessageContaining("--storage.repair");
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
        assertThat(LogDamage.copiesOf(file)).isEmpty();

        try (DurableGroupStore store = DurableGroupStore.open(dir, OPTIONS, OnDamage.REPAIR)) {
            assertThat(jobs(store)).isEqualTo(jobs(0, hit));
        }
        long good = goodLength(damaged, hit);
        assertThat(Files.size(file)).isEqualTo(good);
        Path copy = dir.resolve(file.getFileName() + ".damaged-" + good);
        assertThat(LogDamage.copiesOf(file)).containsExactly(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Arrays.copyOfRange(damaged, (int) good, damaged.length));
        try (DurableGroupStore store = DurableGroupStore.open(dir, OPTIONS)) {
            assertThat(jobs(store)).isEqualTo(jobs(0, hit)); // repaired once, opens as it is from then on
        }
    }

    /** Where the record {@code hit} began: the length of the good part. */
    private static long goodLength(byte[] damaged, int hit) {
        long p = 0;
        for (int i = 0; i < hit; i++) {
            p += 8 + ((damaged[(int) p] & 0xFF) << 24 | (damaged[(int) p + 1] & 0xFF) << 16
                    | (damaged[(int) p + 2] & 0xFF) << 8 | damaged[(int) p + 3] & 0xFF);
        }
        return p;
    }

    /** {@code wal-00000001} with one record per group, written by the store. */
    private void writeLog() throws IOException {
        try (DurableGroupStore store = DurableGroupStore.open(dir, OPTIONS)) {
            for (int i = 0; i < GROUPS; i++) {
                store.apply(replace(i), GroupStore.Check.NONE).join();
            }
        }
    }

    /** A snapshot of one record per group, as the store writes it, and no log. */
    private static void writeSnapshot(Path snapshot) throws IOException {
        MutationRecords records = new MutationRecords();
        ByteSink out = new ByteSink(1 << 16);
        for (int i = 0; i < GROUPS; i++) {
            Mutation.Replace r = replace(i);
            records.frame(new Mutation.Restore(new Group(r.key(), r.families(), i, 0)), out);
        }
        Files.write(snapshot, out.toByteArray());
    }

    private static Mutation.Replace replace(int i) {
        return new Mutation.Replace(Labels.of("job", "g" + i), List.of(new MetricFamily("v", MetricType.GAUGE, null, null,
                List.of(ValueMetric.of(Labels.of("job", "g" + i, "instance", ""), i)))), i);
    }

    private static List<String> jobs(GroupStore store) {
        return store.groups().stream().map(g -> g.key().get("job"))
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))))
                .toList();
    }

    private static List<String> jobs(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "g" + i).toList();
    }
}
