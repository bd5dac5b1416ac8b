package io.ferry.recordfile;

import io.ferry.wire.ByteSink;

import java.util.zip.CRC32C;

/**
 * The frame around one record: a 4-byte big-endian payload length, the payload's CRC-32C (4 bytes,
 * big-endian), then the payload, which is never empty. Not thread-safe: one instance per writer, since it keeps its
 * checksum state.
 */
public final class RecordFrame {
    /** Bytes of the frame before the payload. */
    public static final int HEADER_BYTES = 8;
    /** A record larger than this is taken for corruption rather than allocated. */
    public static final int MAX_RECORD = 1 << 30;

    private final CRC32C crc = new CRC32C();

    /** Appends the framed {@code payload[off, off+len)} to {@code out}. */
    public void frame(byte[] payload, int off, int len, ByteSink out) {
        if (len < 1) {
            // An empty frame is what zeros on disk look like; readers take it for damage.
            throw new IllegalArgumentException("a record must not be empty");
        }
        if (len > MAX_RECORD) {
            throw new IllegalArgumentException("a record of " + len + " bytes is over the limit of " + MAX_RECORD);
        }
        crc.reset();
        crc.update(payload, off, len);
        writeInt(out, len);
        writeInt(out, (int) crc.getValue());
        out.write(payload, off, len);
    }

    private static void writeInt(ByteSink out, int v) {
        out.write(v >>> 24).write(v >>> 16).write(v >>> 8).write(v);
    }
}
