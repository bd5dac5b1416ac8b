package io.ferry.remotewrite.queue;

import io.ferry.recordfile.LogDamage;
import io.ferry.recordfile.OnDamage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ferry.remotewrite.queue.DiskSampleQueueTest.batch;
import static io.ferry.remotewrite.queue.DiskSampleQueueTest.batches;
import static io.ferry.remotewrite.queue.DiskSampleQueueTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@link LogDamage} case in a queue segment: the last one (a crash can tear its end) and an
 * earlier one (no crash tears it). What a crash leaves is cut and every record before it kept;
 * anything else stops the open, naming the segment and byte and {@code --storage.repair}, and
 * changes nothing; with {@link OnDamage#REPAIR} the open goes on without the damage, and a copy of
 * what was cut is beside the segment.
 */
class DiskSampleQueueDamageTest {
    /** Enough records (about 100 bytes each) that 4,096 zero bytes from the middle one leave good ones after. */
    private static final int RECORDS = 120;
    private static final DiskSampleQueue.Options ONE_SEGMENT = new DiskSampleQueue.Options(64L << 20, 1L << 30, false, 1024);

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(LogDamage.ALL)
    void theLastSegment(LogDamage.Case damage) throws Exception {
        write(ONE_SEGMENT, 0, RECORDS);
        Path segment = segments().getLast();
        int hit = damage.apply(segment);
        if (damage.goodRecordsFollow()) {
            assertRefusedThenRepaired(segment, batches(0, hit), ONE_SEGMENT);
            return;
        }
        // What a crash leaves: cut, every record before kept, and appends after the cut survive.
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, ONE_SEGMENT)) {
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(batches(0, hit));
            q.append(batch(RECORDS));
        }
        assertThat(LogDamage.copiesOf(segment)).isEmpty();
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, ONE_SEGMENT)) {
            List<QueueRecord> expected = new ArrayList<>(batches(0, hit));
            expected.add(batch(RECORDS));
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource(LogDamage.ALL)
    void anEarlierSegment(LogDamage.Case damage) throws Exception {
        write(ONE_SEGMENT, 0, RECORDS);
        Files.createFile(dir.resolve("segment-00000002")); // what a crash right after starting a segment leaves
        Path segment = segments().getFirst();
        int hit = damage.apply(segment);
        assertRefusedThenRepaired(segment, batches(0, hit), ONE_SEGMENT);
    }

    /**
     * A cursor that is damaged (no crash does it: it is replaced whole) stops the open; with repair
     * it is moved aside and the whole queue delivered again, rather than never sending again.
     */
    @org.junit.jupiter.api.Test
    void aDamagedCursor() throws Exception {
        write(ONE_SEGMENT, 0, 10);
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, ONE_SEGMENT)) {
            q.acknowledge(q.read(QueuePosition.START, 5 * batch(0).sampleCount()).next());
        }
        Path cursor = dir.resolve("cursor");
        byte[] good = Files.readAllBytes(cursor);
        byte[] damaged = good.clone();
        damaged[3] ^= 1;
        Files.write(cursor, damaged);
        assertThatThrownBy(() -> DiskSampleQueue.open(dir, ONE_SEGMENT)).isInstanceOf(IOException.class)
                .hasMessage(cursor + ": the checksum does not match; the file is damaged (delete it, or start with "
                        + "--storage.repair, to deliver the whole queue again)");
        assertThat(Files.readAllBytes(cursor)).isEqualTo(damaged);

        try (DiskSampleQueue q = DiskSampleQueue.open(dir, ONE_SEGMENT, OnDamage.REPAIR)) {
            assertThat(readAll(q, q.acknowledged())).as("all of it again, the five sent included").isEqualTo(batches(0, 10));
        }
        assertThat(Files.readAllBytes(dir.resolve("cursor.damaged"))).isEqualTo(damaged);
    }

    /** The open fails and changes nothing; with repair it gives the records before the one hit, and a copy. */
    private void assertRefusedThenRepaired(Path segment, List<QueueRecord> kept, DiskSampleQueue.Options options)
            throws IOException {
        byte[] damaged = Files.readAllBytes(segment);
        assertThatThrownBy(() -> DiskSampleQueue.open(dir, options)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(segment + ": ")
                .hasMessageContaining("--storage.repair");
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
        assertThat(LogDamage.copiesOf(segment)).isEmpty();

        try (DiskSampleQueue q = DiskSampleQueue.open(dir, options, OnDamage.REPAIR)) {
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(kept);
        }
        long good = Files.size(segment);
        assertThat(LogDamage.copiesOf(segment)).containsExactly(dir.resolve(segment.getFileName() + ".damaged-" + good));
        assertThat(good + Files.size(LogDamage.copiesOf(segment).getFirst())).isEqualTo(damaged.length);
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, options)) {
            assertThat(readAll(q, QueuePosition.START)).isEqualTo(kept); // repaired once, opens as it is from then on
        }
    }

    private void write(DiskSampleQueue.Options options, int from, int to) throws IOException {
        try (DiskSampleQueue q = DiskSampleQueue.open(dir, options)) {
            for (int n = from; n < to; n++) {
                q.append(List.of(batch(n)));
            }
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-[0-9]+")).sorted().toList();
        }
    }
}
