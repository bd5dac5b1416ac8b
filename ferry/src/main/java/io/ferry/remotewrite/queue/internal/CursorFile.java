package io.ferry.remotewrite.queue.internal;

import io.ferry.recordfile.AppendFile;
import io.ferry.remotewrite.queue.QueuePosition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The consumer's acknowledged position, in the file {@code cursor}: segment (8 bytes), offset
 * (8 bytes), CRC-32C of the sixteen (4 bytes). Written to {@code cursor.tmp}, forced, and renamed
 * over the old one, so a crash leaves either the old or the new position, never a mix. Not
 * thread-safe: callers serialize writes.
 */
public final class CursorFile {
    private static final int SIZE = 20;

    private CursorFile() {
    }

    /** The cursor file is there but holds no position: damaged, which no crash does (it is renamed whole). */
    public static final class Damaged extends IOException {
        private static final long serialVersionUID = 1L;

        Damaged(Path path, String what) {
            super(path + ": " + what + "; the file is damaged (delete it, or start with --storage.repair, to "
                    + "deliver the whole queue again)");
        }
    }

    /** The stored position, or null when none was ever stored; {@link Damaged} when it cannot be read. */
    public static QueuePosition read(Path dir) throws IOException {
        Path path = dir.resolve("cursor");
        Files.deleteIfExists(dir.resolve("cursor.tmp"));
        if (!Files.exists(path)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE) {
            throw new Damaged(path, bytes.length + " bytes where a cursor has " + SIZE);
        }
        long segment = in.getLong();
        long offset = in.getLong();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 16);
        if (in.getInt() != (int) crc.getValue() || segment < 0 || offset < 0) {
            throw new Damaged(path, "the checksum does not match");
        }
        return new QueuePosition(segment, offset);
    }

    /** Stores {@code position} durably, replacing the one stored before. */
    public static void write(Path dir, QueuePosition position, boolean fsync) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putLong(position.segment()).putLong(position.offset());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, 16);
        out.putInt((int) crc.getValue()).flip();
        Path tmp = dir.resolve("cursor.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                ch.write(out);
            }
            if (fsync) {
                ch.force(false);
            }
        }
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            AppendFile.forceDirectory(dir);
        }
    }
}
