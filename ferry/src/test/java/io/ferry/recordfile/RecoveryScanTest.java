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
    private static final String DAMAGED = "so this file is damaged: refusing to start";

    @TempDir
    Path dir;

    private final List<String> records = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<String> cuts = new ArrayList<>();

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
        return RecoveryScan.scan(path, mayBeTorn, DAMAGED, (payload, offset) -> {
            records.add(new String(payload, StandardCharsets.UTF_8));
            offsets.add(offset);
        }, (problem, at, kept, cut) -> cuts.add(problem + " at " + at + ", kept " + kept + ", cut " + cut));
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
            assertThatThrownBy(() -> scan(path, false)).hasMessageContaining("a record cut short at byte 30; " + DAMAGED);
        }
    }

    @Test
    void aBadChecksumCutsFromThatRecordOn() throws IOException {
        Path path = file(3);
        byte[] bytes = Files.readAllBytes(path);
        bytes[18] ^= 1; // the second record's payload
        Files.write(path, bytes);
        assertThat(scan(path, true)).isEqualTo(10);
        assertThat(records).containsExactly("r0");
        assertThat(cuts).containsExactly("a record whose checksum does not match at 10, kept 1, cut 20");
        assertThat(Files.size(path)).isEqualTo(10);
    }

    @Test
    void damageWhereNoCrashCanLeaveItIsRefusedAndLeftAsItIs() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(path);
        assertThatThrownBy(() -> scan(path, false)).isInstanceOf(IOException.class)
                .hasMessage(path + ": a record cut short at byte 30; " + DAMAGED);
        assertThat(cuts).isEmpty();
        assertThat(Files.readAllBytes(path)).isEqualTo(before);
    }

    @Test
    void anErrorTakingARecordStopsTheScanAndCutsNothing() throws IOException {
        Path path = file(3);
        Files.write(path, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        long size = Files.size(path);
        assertThatThrownBy(() -> RecoveryScan.scan(path, true, DAMAGED, (payload, offset) -> {
            if (offset == 10) {
                throw new IOException("record at " + offset + " does not decode");
            }
        }, (problem, at, kept, cut) -> cuts.add(problem))).hasMessage("record at 10 does not decode");
        assertThat(cuts).isEmpty();
        assertThat(Files.size(path)).isEqualTo(size);
    }
}
