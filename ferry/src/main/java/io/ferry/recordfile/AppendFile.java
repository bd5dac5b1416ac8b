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

    /**
     * How a log opens the files it appends to: {@link #FILES}, the file system itself; tests pass one
     * that stalls or fails on demand, to see what a slow or failing disk does.
     */
    @FunctionalInterface
    public interface Opener {
        Opener FILES = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);

        /** Opens (creating) {@code path} for writing. */
        FileChannel open(Path path) throws IOException;
    }

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
        return open(path, Opener.FILES);
    }

    /** Opens (creating) {@code path} through {@code opener} for appending at its current end. */
    public static AppendFile open(Path path, Opener opener) throws IOException {
        FileChannel ch = opener.open(path);
        try {
            long size = ch.size();
            ch.position(size);
            return new AppendFile(path, ch, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Writes all of {@code framed}; durable only after {@link #force()}. When it throws, part of
     * {@code framed} may be in the file: {@link #rewind} to the {@link #size()} before it.
     */
    public void append(ByteSink framed) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(framed.array(), 0, framed.size());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        size += framed.size();
    }

    /**
     * Cuts the file back to {@code length} (where the last good record ends), forces the cut and
     * appends from there: what a failed append or force left behind it goes, so the next records
     * follow good ones rather than a torn write.
     */
    public void rewind(long length) throws IOException {
        channel.truncate(length);
        channel.position(length);
        channel.force(true);
        size = length;
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
