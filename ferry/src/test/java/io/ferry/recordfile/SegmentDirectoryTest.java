package io.ferry.recordfile;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentDirectoryTest {
    private static final SegmentDirectory.Naming WAL = new SegmentDirectory.Naming("wal-", "wal");
    private static final SegmentDirectory.Naming SEGMENTS = new SegmentDirectory.Naming("segment-", null);

    @TempDir
    Path dir;

    @Test
    void segmentsAreListedOldestFirstAndOtherFilesIgnored() throws IOException {
        for (String name : new String[] {"wal-00000010", "wal", "wal-00000002", "snapshot", "wal-123", "wal-0000000x",
                "segment-00000003"}) {
            Files.createFile(dir.resolve(name));
        }
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, WAL, "push store")) {
            assertThat(segments.list()).as("wal, the log of earlier versions, is 0").containsExactly(0L, 2L, 10L);
            assertThat(segments.path(0)).isEqualTo(dir.resolve("wal"));
            assertThat(segments.path(7)).isEqualTo(dir.resolve("wal-00000007"));
            assertThat(segments.path(123_456_789)).isEqualTo(dir.resolve("wal-123456789"));
        }
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, SEGMENTS, "queue")) {
            assertThat(segments.list()).containsExactly(3L);
            assertThat(segments.path(0)).isEqualTo(dir.resolve("segment-00000000"));
        }
    }

    /** Read, it would fail with the system's "Is a directory" alone, naming no file. */
    @Test
    void aDirectoryWithASegmentsNameIsRefusedNamingIt() throws IOException {
        Files.createFile(dir.resolve("wal-00000001"));
        Files.createDirectory(dir.resolve("wal-00000002"));
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, WAL, "push store")) {
            assertThatThrownBy(segments::list).isInstanceOf(IOException.class)
                    .hasMessage(dir.resolve("wal-00000002") + ": a segment's name, but not a file; move it out of " + dir);
        }
    }

    @Test
    void aSecondLockOfTheDirectoryIsRefusedUntilTheFirstIsClosed() throws IOException {
        Path nested = dir.resolve("a/b");
        SegmentDirectory first = SegmentDirectory.lock(nested, WAL, "push store");
        assertThat(nested).isDirectory();
        assertThatThrownBy(() -> SegmentDirectory.lock(nested, WAL, "push store")).isInstanceOf(IOException.class)
                .hasMessage("another process is using the push store in " + nested);
        first.close();
        SegmentDirectory.lock(nested, WAL, "push store").close();
    }

    @Test
    void aLockHeldThroughAnotherChannelIsRefused() throws IOException {
        try (FileChannel other = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = other.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(() -> SegmentDirectory.lock(dir, SEGMENTS, "queue")).isInstanceOf(IOException.class)
                    .hasMessage("another process is using the queue in " + dir);
        }
    }

    @Test
    void rollingCutsTheZerosAheadOfTheSegmentBeforeSoThatOnlyTheLastOneMayEndInZeros() throws IOException {
        RecordFrame frame = new RecordFrame();
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, WAL, "push store", AppendFile.Opener.FILES, 4096)) {
            AppendFile first = segments.appendTo(1);
            ByteSink framed = new ByteSink(64);
            frame.frame(new byte[] {1, 2, 3}, 0, 3, framed);
            first.append(framed);
            first.force();
            assertThat(Files.size(segments.path(1))).isEqualTo(framed.size() + 4096L);
            segments.roll().append(framed);
            assertThat(Files.size(segments.path(1))).isEqualTo(framed.size());
            assertThat(Files.size(segments.path(2))).isEqualTo(framed.size() + 4096L);
            // What the next start reads: no damage in the earlier segment, zeros to cut in the last.
            assertThat(RecoveryScan.scan(segments.path(1), false, OnDamage.REFUSE, "start", (p, at) -> { },
                    cut -> { throw new AssertionError(cut.describe()); })).isEqualTo(framed.size());
        }
        assertThat(Files.size(dir.resolve("wal-00000002"))).as("closing cuts them too").isEqualTo(RecordFrame.HEADER_BYTES + 3);
    }

    @Test
    void appendingRollsToTheNextSegmentAndClosingReleasesTheDirectory() throws IOException {
        SegmentDirectory segments = SegmentDirectory.lock(dir, SEGMENTS, "queue");
        AppendFile first = segments.appendTo(4);
        first.append(new ByteSink(4).write(1).write(2));
        first.force();
        AppendFile next = segments.roll();
        assertThat(segments.current()).isSameAs(next);
        assertThat(segments.currentNumber()).isEqualTo(5);
        assertThat(segments.list()).containsExactly(4L, 5L);
        assertThat(Files.size(segments.path(4))).isEqualTo(2);
        assertThatThrownBy(() -> first.append(new ByteSink(1).write(3))).as("the old segment is closed")
                .isInstanceOf(IOException.class);
        segments.delete(4);
        segments.delete(4); // already gone: nothing happens
        assertThat(segments.list()).containsExactly(5L);
        segments.close();
        assertThatThrownBy(() -> next.append(new ByteSink(1).write(3))).isInstanceOf(IOException.class);
        SegmentDirectory.lock(dir, SEGMENTS, "queue").close();
    }

    @Test
    void reopeningAppendsAtTheEnd() throws IOException {
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, WAL, "push store")) {
            segments.appendTo(1).append(new ByteSink(4).write(1).write(2));
        }
        try (SegmentDirectory segments = SegmentDirectory.lock(dir, WAL, "push store")) {
            AppendFile file = segments.appendTo(segments.list().getLast());
            assertThat(file.size()).isEqualTo(2);
            file.append(new ByteSink(1).write(3));
        }
        assertThat(Files.readAllBytes(dir.resolve("wal-00000001"))).containsExactly(1, 2, 3);
    }
}
