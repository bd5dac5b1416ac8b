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
 *
 * <p>Opened with zeros ahead ({@link #open(Path, Opener, long)}), it writes zeros past its records a
 * step at a time and forces them once, so that a force after an append writes the records alone: a
 * file that grows at every force also has its size written each time, which costs more (about 40%
 * on ext4: docs/RATIONALE.md). The zeros are what a crash leaves after the last record (as a power
 * loss can on a file that grows), and {@link #trim} cuts them once the file is complete.
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

    /** What zeros are written from: never written to, so shared. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private final long zerosAhead;
    /** Where the records end. Kept here rather than asked of the file: one system call less per group commit. */
    private long size;
    /** Where the file ends: {@link #size} plus the zeros written ahead. */
    private long end;
    /** Whether a step of zeros found no room: the file then grows with its records alone. */
    private boolean noRoomAhead;

    private AppendFile(Path path, FileChannel channel, long size, long zerosAhead) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.end = size;
        this.zerosAhead = zerosAhead;
    }

    /** Opens (creating) {@code path} for appending at its current end. */
    public static AppendFile open(Path path) throws IOException {
        return open(path, Opener.FILES);
    }

    /** Opens (creating) {@code path} through {@code opener} for appending at its current end. */
    public static AppendFile open(Path path, Opener opener) throws IOException {
        return open(path, opener, 0);
    }

    /**
     * As {@link #open(Path, Opener)}, writing zeros past the records {@code zerosAhead} bytes at a time
     * (none when 0). The file must end with its last record: a tail cut after a crash.
     */
    public static AppendFile open(Path path, Opener opener, long zerosAhead) throws IOException {
        if (zerosAhead < 0) {
            throw new IllegalArgumentException("zerosAhead " + zerosAhead + " < 0");
        }
        FileChannel ch = opener.open(path);
        try {
            return new AppendFile(path, ch, ch.size(), zerosAhead);
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
        if (zerosAhead > 0 && !noRoomAhead && size + framed.size() > end) {
            writeZerosTo(size + framed.size() + zerosAhead);
        }
        ByteBuffer buf = ByteBuffer.wrap(framed.array(), 0, framed.size());
        for (long at = size; buf.hasRemaining(); ) {
            at += channel.write(buf, at);
        }
        size += framed.size();
        end = Math.max(end, size);
    }

    /**
     * Extends the file with zeros to {@code target} bytes and forces them with the new size. When the
     * disk has no room for them (nearly full), cuts what was written of them and lets the file grow
     * with its records alone from then on, rather than refuse records that still fit.
     */
    private void writeZerosTo(long target) throws IOException {
        try {
            for (long at = end; at < target; ) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), target - at));
                at += channel.write(zeros, at);
            }
            channel.force(false);
            end = target;
        } catch (IOException e) {
            channel.truncate(end); // only zeros lie past it
            noRoomAhead = true;
        }
    }

    /**
     * Cuts the file back to {@code length} (where the last good record ends), forces the cut and
     * appends from there: what a failed append or force left behind it goes, so the next records
     * follow good ones rather than a torn write.
     */
    public void rewind(long length) throws IOException {
        channel.truncate(length);
        channel.force(true);
        size = length;
        end = length;
    }

    /**
     * Cuts the zeros written ahead and forces the cut, so that the file ends with its last record:
     * before another file is appended to in its place, since a bad tail is taken for a crash's doing
     * only in the file appended to last. Nothing to do without zeros ahead.
     */
    public void trim() throws IOException {
        if (end > size) {
            rewind(size);
        }
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

    /** {@linkplain #trim Trims} the file, then closes it (even when the trim fails). */
    @Override
    public void close() throws IOException {
        try (channel) {
            trim();
        }
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
