package io.ferry.state.internal;

import io.ferry.recordfile.RecordFrame;
import io.ferry.recordfile.RecoveryScan;
import io.ferry.state.Mutation;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Mutation}s as framed records ({@link RecordFrame}), the content of both the write-ahead log
 * segments and the snapshot. An instance frames; not thread-safe, so each writing thread has its own.
 */
public final class MutationRecords {
    private static final String DAMAGED = "a crash leaves a torn record only at the end of the last log segment, "
            + "so this file is damaged: refusing to start";

    private final ByteSink payload = new ByteSink(4096);
    private final RecordFrame frame = new RecordFrame();

    /** Appends the framed record of {@code m} to {@code out}. */
    public void frame(Mutation m, ByteSink out) {
        payload.reset();
        MutationCodec.encode(m, payload);
        frame.frame(payload.array(), 0, payload.size(), out);
    }

    /**
     * The records of the file at {@code path} (none when it does not exist). A record cut short or
     * failing its checksum is what a crash during an append leaves: with {@code mayBeTorn} it and
     * what follows are reported to {@code warn} and cut from the file, so later appends follow the
     * last good record; otherwise it is an error. A record whose checksum matches but which does not
     * decode is no crash's doing, and is always an error that leaves the file as it is.
     */
    public static List<Mutation> read(Path path, boolean mayBeTorn, Consumer<String> warn) throws IOException {
        List<Mutation> records = new ArrayList<>();
        RecoveryScan.scan(path, mayBeTorn, DAMAGED, (bytes, at) -> {
            try {
                records.add(MutationCodec.decode(ByteBuffer.wrap(bytes)));
            } catch (IOException e) {
                throw new IOException(path + ": the record at byte " + at + " has a good checksum but does not "
                        + "decode (" + e.getMessage() + "); refusing to start rather than lose what follows", e);
            }
        }, (problem, at, kept, cut) -> warn.accept(path.getFileName() + ": " + problem + " at byte " + at
                + "; keeping the " + kept + " records before it and cutting " + cut + " bytes"));
        return records;
    }
}
