package io.ferry.state.internal;

import io.ferry.exposition.ByteSink;
import io.ferry.state.Mutation;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A file of framed records, {@code [length][CRC-32C][payload]}, used for both the write-ahead log and
 * the snapshot. Reading stops at the first record that is short, too long or fails its checksum: a
 * torn or corrupt tail is cut off and everything before it kept. Not thread-safe: the store's
 * writer thread owns it.
 */
public final class LogFile implements AutoCloseable {
    /** A record larger than this is taken for corruption rather than allocated. */
    static final int MAX_RECORD = 1 << 30;

    private final Path path;
    private final FileChannel channel;
    private final ByteSink payload = new ByteSink(4096);
    private final CRC32C crc = new CRC32C();
    /** Kept here rather than asked of the file: one system call less per group commit. */
    private long size;

    private LogFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens the log for appending, after {@link #read} has cut any bad tail. */
    public static LogFile openForAppend(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = ch.size();
        ch.position(size);
        return new LogFile(path, ch, size);
    }

    /** Frames {@code m} into {@code out}, ready for {@link #append}. */
    public void frame(Mutation m, ByteSink out) {
        payload.reset();
        RecordCodec.encode(m, payload);
        crc.reset();
        crc.update(payload.array(), 0, payload.size());
        writeInt(out, payload.size());
        writeInt(out, (int) crc.getValue());
        out.write(payload.array(), 0, payload.size());
    }

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

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The records of the file at {@code path} (none when it does not exist). A record cut short or
     * failing its checksum is what a crash during an append leaves: with {@code cutTornTail} it and
     * what follows are reported to {@code warn} and cut from the file, so later appends follow the
     * last good record; otherwise it is an error. A record whose checksum matches but which does not
     * decode is no crash's doing, and is always an error that leaves the file as it is.
     */
    public static List<Mutation> read(Path path, boolean cutTornTail, Consumer<String> warn) throws IOException {
        List<Mutation> records = new ArrayList<>();
        if (!Files.exists(path)) {
            return records;
        }
        long good = 0;
        String problem = null;
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            CRC32C crc = new CRC32C();
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    break; // a clean end
                }
                int expected;
                byte[] bytes;
                try {
                    expected = in.readInt();
                    if (length < 0 || length > MAX_RECORD) {
                        problem = "a record length of " + length + " bytes";
                        break;
                    }
                    bytes = in.readNBytes(length);
                } catch (EOFException e) {
                    problem = "a record cut short";
                    break;
                }
                if (bytes.length < length) {
                    problem = "a record cut short";
                    break;
                }
                crc.reset();
                crc.update(bytes);
                if ((int) crc.getValue() != expected) {
                    problem = "a record whose checksum does not match";
                    break;
                }
                try {
                    records.add(RecordCodec.decode(ByteBuffer.wrap(bytes)));
                } catch (IOException e) {
                    throw new IOException(path + ": the record at byte " + good + " has a good checksum but does not "
                            + "decode (" + e.getMessage() + "); refusing to start rather than lose what follows", e);
                }
                good += 8L + length;
            }
        }
        if (problem != null && !cutTornTail) {
            throw new IOException(path + ": " + problem + " at byte " + good + "; a crash leaves a torn record only at "
                    + "the end of the last log segment, so this file is damaged: refusing to start");
        }
        if (problem != null) {
            long size = Files.size(path);
            warn.accept(path.getFileName() + ": " + problem + " at byte " + good + "; keeping the " + records.size()
                    + " records before it and cutting " + (size - good) + " bytes");
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
        }
        return records;
    }

    /** Forces a directory's entries (a rename, a new file) to the disk. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void writeInt(ByteSink out, int v) {
        out.write(v >>> 24).write(v >>> 16).write(v >>> 8).write(v);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
