package io.ferry.state.internal;

import io.ferry.recordfile.OnDamage;
import io.ferry.recordfile.RecordFrame;
import io.ferry.recordfile.RecoveryScan;
import io.ferry.state.Mutation;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Mutation}s as framed records ({@link RecordFrame}), the content of both the write-ahead log
 * segments and the snapshot. An instance frames; not thread-safe, so each writing thread has its own.
 */
public final class MutationRecords {
    private final ByteSink payload = new ByteSink(4096);
    private final RecordFrame frame = new RecordFrame();

    /** Appends the framed record of {@code m} to {@code out}. */
    public void frame(Mutation m, ByteSink out) {
        payload.reset();
        MutationCodec.encode(m, payload);
        frame.frame(payload.array(), 0, payload.size(), out);
    }

    /**
     * The records of the file at {@code path} (none when it does not exist), read with the crash
     * rules of {@link RecoveryScan}: with {@code mayBeTorn} a torn or zero-filled tail is cut, and
     * damage is refused or, with {@link OnDamage#REPAIR}, cut keeping a copy; each cut is reported to
     * {@code cuts}. A record whose checksum matches but which does not decode is no disk's doing, and
     * is always an error that leaves the file as it is.
     */
    public static List<Mutation> read(Path path, boolean mayBeTorn, OnDamage onDamage, RecoveryScan.Cuts cuts)
            throws IOException {
        List<Mutation> records = new ArrayList<>();
        RecoveryScan.scan(path, mayBeTorn, onDamage, "start", (bytes, at) -> {
            try {
                records.add(MutationCodec.decode(ByteBuffer.wrap(bytes)));
            } catch (IOException e) {
                throw new IOException(path + ": the record at byte " + at + " has a good checksum but does not "
                        + "decode (" + e.getMessage() + "); refusing to start rather than lose what follows", e);
            }
        }, cuts);
        return records;
    }
}
