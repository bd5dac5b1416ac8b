package io.ferry.recordfile;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendFileTest {
    @TempDir
    Path dir;

    private static ByteSink bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return new ByteSink(n).write(b, 0, n);
    }

    @Test
    void withoutZerosAheadTheFileEndsWhereItsRecordsDo() throws IOException {
        Path path = dir.resolve("log");
        try (AppendFile file = AppendFile.open(path)) {
            file.append(bytes(10, 1));
            assertThat(Files.size(path)).isEqualTo(10);
        }
        try (AppendFile file = AppendFile.open(path)) {
            assertThat(file.size()).as("opened at its end").isEqualTo(10);
            file.append(bytes(5, 2));
        }
        assertThat(Files.readAllBytes(path)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
    }

    @Test
    void zerosAreWrittenAheadAStepAtATimeAndCutWhenTheFileIsClosed() throws IOException {
        Path path = dir.resolve("log");
        AppendFile file = AppendFile.open(path, AppendFile.Opener.FILES, 100);
        file.append(bytes(10, 1));
        assertThat(file.size()).isEqualTo(10);
        assertThat(Files.size(path)).as("a step of zeros past the records").isEqualTo(110);
        file.append(bytes(95, 2)); // ends at 105, within the zeros
        assertThat(Files.size(path)).isEqualTo(110);
        file.append(bytes(10, 3)); // past them: the next step
        assertThat(Files.size(path)).isEqualTo(215);
        byte[] all = Files.readAllBytes(path);
        assertThat(Arrays.copyOfRange(all, 104, 116)).containsExactly(2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0);
        assertThat(Arrays.copyOfRange(all, 115, 215)).as("zeros after the records").containsOnly(0);
        file.force();
        file.close();
        assertThat(Files.size(path)).as("closing cuts the zeros").isEqualTo(115);
    }

    @Test
    void aRecordLargerThanAStepGetsRoomForItAndAStepMore() throws IOException {
        Path path = dir.resolve("log");
        try (AppendFile file = AppendFile.open(path, AppendFile.Opener.FILES, 16)) {
            file.append(bytes(1000, 7));
            assertThat(Files.size(path)).isEqualTo(1016);
        }
        assertThat(Files.readAllBytes(path)).hasSize(1000).containsOnly(7);
    }

    @Test
    void onANearlyFullDiskTheFileGrowsWithItsRecordsAloneRatherThanRefuseThem() throws IOException {
        Path path = dir.resolve("log");
        FaultyDisk disk = new FaultyDisk();
        try (AppendFile file = AppendFile.open(path, disk, 1000)) {
            file.append(bytes(10, 1));
            assertThat(Files.size(path)).isEqualTo(1010);
            disk.roomFor(1500); // room for records, not for another step of zeros
            file.append(bytes(1001, 2)); // past the zeros: a step is due, and finds no room
            assertThat(file.size()).isEqualTo(1011);
            assertThat(Files.size(path)).as("what was written of the step cut, the record written").isEqualTo(1011);
            file.append(bytes(100, 3));
            assertThat(Files.size(path)).as("growing with its records").isEqualTo(1111);
            assertThatThrownBy(() -> file.append(bytes(500, 4))).as("a record that does not fit still fails")
                    .hasMessage("No space left on device");
            file.rewind(1111);
        }
        byte[] all = Files.readAllBytes(path);
        assertThat(all).hasSize(1111);
        assertThat(Arrays.copyOfRange(all, 10, 1011)).containsOnly(2);
        assertThat(Arrays.copyOfRange(all, 1011, 1111)).containsOnly(3);
    }

    @Test
    void rewindAndTrimCutTheZerosAndLaterAppendsWriteMore() throws IOException {
        Path path = dir.resolve("log");
        try (AppendFile file = AppendFile.open(path, AppendFile.Opener.FILES, 100)) {
            file.append(bytes(10, 1));
            file.append(bytes(20, 2)); // a batch that failed: cut back to where it began
            file.rewind(10);
            assertThat(Files.size(path)).isEqualTo(10);
            file.append(bytes(5, 3));
            assertThat(Files.size(path)).isEqualTo(115);
            file.trim();
            assertThat(Files.size(path)).isEqualTo(15);
            file.trim(); // nothing left to cut
            file.append(bytes(1, 4));
            assertThat(Files.size(path)).isEqualTo(116);
        }
        assertThat(Files.readAllBytes(path)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 4);
    }
}
