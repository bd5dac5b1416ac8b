package io.ferry.recordfile;

import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file appended to in whole framed records and forced to make them durable. Not thread-safe: one
 * writer owns it.
 */
public final class AppendFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    /** Kept here rather than asked of the file: one system call less per group commit. */
    private long size;

    private AppendFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens (creating) {@code path} for appending at its current end. */
    public static AppendFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = ch.size();
        ch.position(size);
        return new AppendFile(path, ch, size);
    }

    /** Writes all of {@code framed}; durable only after {@link #force()}. */
    public void append(ByteSink framed) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(framed.array(), 0, framed.size());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        size += framed.size();
    }

    /** Forces appended records to the disk: the point after which they survive a crash. */
    public void force() throws IOException {
        channel.force(false);
    }

    public long size() {
        return size;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Cuts {@code path} to {@code length} bytes and forces the cut: what follows a torn record goes. */
    public static void truncate(Path path, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Forces a directory's entries (a rename, a new or deleted file) to the disk. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
