package io.ferry.recordfile;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryScanTest {
    private static final String REFUSING = "refusing to start";

    @TempDir
    Path dir;

    private final List<String> records = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<String> cuts = new ArrayList<>();
    private final List<RecoveryScan.Cut> reported = new ArrayList<>();

    /** A file of the records "r0".."r(n-1)", 10 bytes each framed. */
    private Path file(int n) throws IOException {
        ByteSink out = new ByteSink(64);
        RecordFrame frame = new RecordFrame();
        for (int i = 0; i < n; i++) {
            byte[] payload = ("r" + i).getBytes(StandardCharsets.UTF_8);
            frame.frame(payload, 0, payload.length, out);
        }
        Path path = dir.resolve("wal-00000001");
        Files.write(path, out.toByteArray());
        return path;
    }

    private long scan(Path path, boolean mayBeTorn) throws IOException {
        return scan(path, mayBeTorn, OnDamage.REFUSE);
    }

    private long scan(Path path, boolean mayBeTorn, OnDamage onDamage) throws IOException {
        return RecoveryScan.scan(path, mayBeTorn, onDamage, "start", (payload, offset) -> {
            records.add(new String(payload, StandardCharsets.UTF_8));
            offsets.add(offset);
        }, cut -> {
            cuts.add(cut.problem() + " at " + cut.at() + ", kept " + cut.recordsKept() + ", cut " + cut.bytesCut());
            reported.add(cut);
        });
    }

    @Test
    void aGoodFileGivesEveryRecordWithItsOffset() throws IOException {
        Path path = file(3);
        assertThat(scan(path, false)).isEqualTo(30);
        assertThat(records).containsExactly("r0", "r1", "r2");
        assertThat(offsets).containsExactly(0L, 10L, 20L);
        assertThat(cuts).isEmpty();
    }

    @Test
    void aMissingFileHoldsNothing() throws IOException {
        assertThat(scan(dir.resolve("snapshot"), false)).isZero();
        assertThat(records).isEmpty();
        assertThat(dir.resolve("snapshot")).doesNotExist();
    }

    @Test
    void aTornTailIsCutWhereACrashCanLeaveOne() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(scan(path, true)).isEqualTo(30);
        assertThat(records).containsExactly("r0", "r1", "r2");
        assertThat(cuts).containsExactly("a record cut short at 30, kept 3, cut 7");
        assertThat(reported.getFirst().zeros()).as("a record was torn").isFalse();
        assertThat(Files.size(path)).isEqualTo(30);
    }

    @Test
    void oneToThreeBytesOfAHeaderAreATornTailNotACleanEnd() throws IOException {
        for (int stray = 1; stray <= 3; stray++) {
            Path path = file(3);
            Files.write(path, new byte[stray], StandardOpenOption.APPEND);
            cuts.clear();
            assertThat(scan(path, true)).isEqualTo(30);
            assertThat(cuts).containsExactly("a record cut short at 30, kept 3, cut " + stray);
            assertThat(Files.size(path)).isEqualTo(30);
            Files.write(path, new byte[stray], StandardOpenOption.APPEND);
            assertThatThrownBy(() -> scan(path, false)).hasMessageContaining("a record cut short at byte 30")
                    .hasMessageContaining(REFUSING);
        }
    }

    @Test
    void aBadChecksumInTheLastRecordIsATornTail() throws IOException {
        Path path = file(3);
        byte[] bytes = Files.readAllBytes(path);
        bytes[28] ^= 1; // the last record's payload, complete in length: pages written out of order
        Files.write(path, bytes);
        assertThat(scan(path, true)).isEqualTo(20);
        assertThat(records).containsExactly("r0", "r1");
        assertThat(cuts).containsExactly("a record whose checksum does not match at 20, kept 2, cut 10");
        assertThat(reported.getFirst().zeros()).isFalse();
        assertThat(Files.size(path)).isEqualTo(20);
    }

    @Test
    void aBadRecordWithGoodOnesAfterItIsDamageEvenAtTheEndOfTheLastFile() throws IOException {
        Path path = file(5);
        byte[] bytes = Files.readAllBytes(path);
        bytes[18] ^= 1; // the second record's payload
        Files.write(path, bytes);
        assertThatThrownBy(() -> scan(path, true)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(path + ": a record whose checksum does not match at byte 10, followed by 3 "
                        + "records (30 bytes) that check out, the first at byte 20.")
                .hasMessageContaining(REFUSING + ", nothing changed")
                .hasMessageContaining("start once with --storage.repair: it copies those 40 bytes to "
                        + "wal-00000001.damaged-10 beside the file, then cuts them.");
        assertThat(Files.readAllBytes(path)).isEqualTo(bytes);
        assertThat(cuts).isEmpty();
    }

    @Test
    void zerosAppendedAfterTheLastRecordAreCutWhereACrashCanLeaveThem() throws IOException {
        for (int zeros : new int[] {8, 4096}) {
            Path path = file(3);
            Files.write(path, new byte[zeros], StandardOpenOption.APPEND);
            cuts.clear();
            records.clear();
            assertThat(scan(path, true)).isEqualTo(30);
            assertThat(records).containsExactly("r0", "r1", "r2");
            assertThat(cuts).containsExactly("a zero-filled tail (" + zeros + " zero bytes) at 30, kept 3, cut " + zeros);
            assertThat(reported.getLast().zeros()).as("no record torn: what is written ahead, or a power loss").isTrue();
            assertThat(Files.size(path)).isEqualTo(30);
        }
    }

    @Test
    void aZeroLengthFrameIsNoRecord() throws IOException {
        // Its CRC-32C, of nothing, is 0: eight zero bytes would pass for it.
        Path path = file(2);
        Files.write(path, new byte[8], StandardOpenOption.APPEND);
        assertThatThrownBy(() -> scan(path, false)).hasMessageStartingWith(path + ": a zero-filled tail (8 zero bytes) "
                + "at byte 20, and no good record in the 8 bytes from there to the end.");
        assertThat(records).containsExactly("r0", "r1");
        assertThatThrownBy(() -> new RecordFrame().frame(new byte[0], 0, 0, new ByteSink(16)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zerosOverRecordsWithGoodOnesAfterThemAreDamage() throws IOException {
        Path path = file(4);
        byte[] bytes = Files.readAllBytes(path);
        java.util.Arrays.fill(bytes, 10, 20, (byte) 0); // the second record
        Files.write(path, bytes);
        assertThatThrownBy(() -> scan(path, true)).hasMessageStartingWith(path + ": an empty record at byte 10, "
                + "followed by 2 records (20 bytes) that check out, the first at byte 20.");
    }

    @Test
    void garbageTooLongToSearchIsDamageNotATornTail() throws IOException {
        // Random bytes hold plausible lengths everywhere; checking each would checksum gigabytes, so
        // the search stops, and what it could not rule out is refused rather than cut.
        Path path = file(3);
        byte[] garbage = new byte[4 << 20];
        new java.util.Random(12).nextBytes(garbage);
        Files.write(path, garbage, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> scan(path, true)).hasMessageStartingWith(path + ": ")
                .hasMessageContaining(" at byte 30, and " + garbage.length + " bytes after it too long to search for "
                        + "good records.");
        assertThat(Files.size(path)).isEqualTo(30 + garbage.length);
    }

    @Test
    void aRepairKeepsACopyOfWhatItCutsThenCuts() throws IOException {
        Path path = file(5);
        byte[] bytes = Files.readAllBytes(path);
        bytes[18] ^= 1;
        Files.write(path, bytes);
        assertThat(scan(path, true, OnDamage.REPAIR)).isEqualTo(10);
        assertThat(records).containsExactly("r0");
        Path copy = dir.resolve("wal-00000001.damaged-10");
        assertThat(reported).containsExactly(new RecoveryScan.Cut(path, "a record whose checksum does not match", 10, 1,
                40, 3, copy, false));
        assertThat(reported.getFirst().describe()).isEqualTo(path + ": a record whose checksum does not match at byte "
                + "10; keeping the 1 records before it and cutting 40 bytes, 3 records among them that checked out, a "
                + "copy kept in " + copy);
        assertThat(Files.size(path)).isEqualTo(10);
        assertThat(Files.readAllBytes(copy)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 50));

        // The same damage again at the same place keeps the first copy and adds a second.
        Files.write(path, bytes);
        scan(path, true, OnDamage.REPAIR);
        assertThat(LogDamage.copiesOf(path)).containsExactlyInAnyOrder(copy, dir.resolve("wal-00000001.damaged-10-2"));
    }

    @Test
    void aRepairCutsATornTailWithoutACopy() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        scan(path, true, OnDamage.REPAIR);
        assertThat(reported.getFirst().repaired()).isFalse();
        assertThat(LogDamage.copiesOf(path)).isEmpty();
    }

    @Test
    void aRepairCutsAnyDamageInAFileNoCrashTears() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(scan(path, false, OnDamage.REPAIR)).isEqualTo(30);
        assertThat(reported.getFirst().repaired()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("wal-00000001.damaged-30"))).containsExactly(0, 0, 1, 0, 1, 2, 3);
    }

    @Test
    void damageWhereNoCrashCanLeaveItIsRefusedAndLeftAsItIs() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(path);
        assertThatThrownBy(() -> scan(path, false)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(path + ": a record cut short at byte 30, and no good record in the 7 bytes "
                        + "from there to the end.")
                .hasMessageContaining(REFUSING);
        assertThat(cuts).isEmpty();
        assertThat(Files.readAllBytes(path)).isEqualTo(before);
    }

    @Test
    void anErrorTakingARecordStopsTheScanAndCutsNothing() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        long size = Files.size(path);
        assertThatThrownBy(() -> RecoveryScan.scan(path, true, OnDamage.REPAIR, "start", (payload, offset) -> {
            if (offset == 10) {
                throw new IOException("record at " + offset + " does not decode");
            }
        }, cut -> cuts.add(cut.problem()))).hasMessage("record at 10 does not decode");
        assertThat(cuts).isEmpty();
        assertThat(Files.size(path)).isEqualTo(size);
    }
}
