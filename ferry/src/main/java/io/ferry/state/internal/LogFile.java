package io.ferry.state.internal;

import io.ferry.wire.ByteSink;
import io.ferry.recordfile.AppendFile;
import io.ferry.recordfile.FrameReader;
import io.ferry.recordfile.RecordFrame;
import io.ferry.state.Mutation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of framed records ({@link RecordFrame}) of {@link Mutation}s, used for both the write-ahead
 * log and the snapshot. Reading stops at the first record that is short, too long or fails its
 * checksum: a torn or corrupt tail is cut off and everything before it kept. Not thread-safe: the
 * store's writer thread owns it.
 */
public final class LogFile implements AutoCloseable {
    private final AppendFile file;
    private final ByteSink payload = new ByteSink(4096);
    private final RecordFrame frame = new RecordFrame();

    private LogFile(AppendFile file) {
        this.file = file;
    }

    /** Opens the log for appending, after {@link #read} has cut any bad tail. */
    public static LogFile openForAppend(Path path) throws IOException {
        return new LogFile(AppendFile.open(path));
    }

    /** Frames {@code m} into {@code out}, ready for {@link #append}. */
    public void frame(Mutation m, ByteSink out) {
        payload.reset();
        RecordCodec.encode(m, payload);
        frame.frame(payload.array(), 0, payload.size(), out);
    }

    public void append(ByteSink framed) throws IOException {
        file.append(framed);
    }

    /** Forces appended records to the disk: the point after which they survive a crash. */
    public void force() throws IOException {
        file.force();
    }

    public long size() {
        return file.size();
    }

    @Override
    public void close() throws IOException {
        file.close();
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
        long good;
        String problem;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            FrameReader reader = new FrameReader(in, 0);
            for (byte[] bytes; (bytes = reader.next()) != null; ) {
                try {
                    records.add(RecordCodec.decode(ByteBuffer.wrap(bytes)));
                } catch (IOException e) {
                    long at = reader.position() - RecordFrame.HEADER_BYTES - bytes.length;
                    throw new IOException(path + ": the record at byte " + at + " has a good checksum but does not "
                            + "decode (" + e.getMessage() + "); refusing to start rather than lose what follows", e);
                }
            }
            good = reader.position();
            problem = reader.problem();
        }
        if (problem != null && !cutTornTail) {
            throw new IOException(path + ": " + problem + " at byte " + good + "; a crash leaves a torn record only at "
                    + "the end of the last log segment, so this file is damaged: refusing to start");
        }
        if (problem != null) {
            long size = Files.size(path);
            warn.accept(path.getFileName() + ": " + problem + " at byte " + good + "; keeping the " + records.size()
                    + " records before it and cutting " + (size - good) + " bytes");
            AppendFile.truncate(path, good);
        }
        return records;
    }

    /** Forces a directory's entries (a rename, a new file) to the disk. */
    public static void forceDirectory(Path dir) throws IOException {
        AppendFile.forceDirectory(dir);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
