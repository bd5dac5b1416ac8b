package io.ferry.recordfile;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Reads framed records (see {@link RecordFrame}) one after another from a stream. Reading stops at
 * a clean end, or at the first record that is empty, short, too long or fails its checksum: then
 * {@link #problem()} says which, and {@link #position()} is where that record began, the end of
 * the good part. Not thread-safe; does not close the stream.
 */
public final class FrameReader {
    private final DataInputStream in;
    private final CRC32C crc = new CRC32C();
    private long position;
    private String problem;

    /** @param start the byte offset in the file at which {@code in} begins, for {@link #position()} */
    public FrameReader(InputStream in, long start) {
        this.in = new DataInputStream(in);
        this.position = start;
    }

    /**
     * The next record's payload, or null at a clean end or a bad record (then {@link #problem()} is
     * set and this reader stays stopped).
     */
    public byte[] next() throws IOException {
        if (problem != null) {
            return null;
        }
        int first = in.read();
        if (first < 0) {
            return null; // a clean end
        }
        int length;
        int expected;
        byte[] bytes;
        try {
            // One to three bytes of a header are a torn record too, never a clean end: appends after
            // them would sit behind bytes the next open cuts, with everything after them.
            length = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            expected = in.readInt();
            if (length == 0) {
                // No log writes an empty record, and eight zero bytes (what a power loss can leave)
                // would pass for one: the CRC-32C of nothing is 0.
                problem = "an empty record";
                return null;
            }
            if (length < 0 || length > RecordFrame.MAX_RECORD) {
                problem = "a record length of " + length + " bytes";
                return null;
            }
            bytes = in.readNBytes(length);
        } catch (EOFException e) {
            problem = "a record cut short";
            return null;
        }
        if (bytes.length < length) {
            problem = "a record cut short";
            return null;
        }
        crc.reset();
        crc.update(bytes);
        if ((int) crc.getValue() != expected) {
            problem = "a record whose checksum does not match";
            return null;
        }
        position += RecordFrame.HEADER_BYTES + length;
        return bytes;
    }

    /** The offset just past the last good record returned. */
    public long position() {
        return position;
    }

    /** Why reading stopped before a clean end, or null. */
    public String problem() {
        return problem;
    }
}
