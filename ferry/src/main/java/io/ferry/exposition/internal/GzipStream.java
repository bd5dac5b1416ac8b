package io.ferry.exposition.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip stream (RFC 1952) of one or more members, as Go's {@code gzip.Reader} reads
 * one, and fails where the JDK's {@code GZIPInputStream} is lenient: bytes after the last member
 * that do not start another one are an error (the JDK drops them silently), and so is a stream
 * that ends inside a member (header, data or trailer). Each member's CRC-32 and length are
 * checked. Members are read one after another in a loop, in constant stack (the JDK's reader calls
 * itself once per member that yields no byte, so 100,000 empty members overflowed the stack). Every failure is an {@link IOException} whose message starts with
 * {@code the body is not valid gzip: } and says what is wrong (truncated, trailing garbage, corrupt).
 *
 * <pre>{@code
 * InputStream plain = new GzipStream(body);
 * }</pre>
 *
 * <p>Not thread-safe; close it to free the inflater's native memory early.
 */
public final class GzipStream extends InputStream {
    private static final String INVALID = "the body is not valid gzip: ";
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** Bytes read from {@code in}, for the positions in messages. */
    private long totalRead;
    private long memberOut;
    private boolean done;
    /** Inflated bytes not yet read. */
    private final byte[] staged = new byte[8192];
    private int stagedPos;
    private int stagedEnd;

    /** Reads the first member's header at once: a body that is not gzip fails here. */
    public GzipStream(InputStream in) throws IOException {
        this.in = in;
        readHeader(true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (stagedPos == stagedEnd) {
            // Always into the same output: on corrupt data how much zlib yields before it fails
            // depends on the room it is given, and a body must fail alike however it is read.
            int n = inflate(staged, 0, staged.length);
            if (n < 0) {
                return -1;
            }
            stagedPos = 0;
            stagedEnd = n;
        }
        int n = Math.min(len, stagedEnd - stagedPos);
        System.arraycopy(staged, stagedPos, b, off, n);
        stagedPos += n;
        return n;
    }

    /** Inflates into {@code b[off, off + len)}: the count, or -1 once the last member has ended. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        while (!done) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException(INVALID + "corrupt compressed data near byte "
                        + (totalRead - inflater.getRemaining()) + ": " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
                return n;
            }
            if (inflater.finished()) {
                pos = limit - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new IOException(INVALID + "the compressed data asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw truncated("the compressed data");
                }
                inflater.setInput(buf, pos, limit - pos);
                pos = limit;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Checks the trailer; then the stream ends, or another member must follow. */
    private void endMember() throws IOException {
        long expectedCrc = readInt("a gzip trailer");
        long expectedSize = readInt("a gzip trailer");
        if (expectedCrc != crc.getValue()) {
            throw new IOException(INVALID + "its CRC-32 does not match its data");
        }
        if (expectedSize != (memberOut & 0xffffffffL)) {
            throw new IOException(INVALID + "its length field does not match its data");
        }
        if (pos == limit && !fill()) {
            done = true;
            return;
        }
        readHeader(false);
    }

    private void readHeader(boolean first) throws IOException {
        long start = totalRead - (limit - pos);
        headerCrc.reset();
        if (headerByte() != ID1 || headerByte() != ID2) {
            throw new IOException(INVALID + (first ? "it does not start with the gzip magic bytes"
                    : "trailing garbage after the end of the gzip data, at byte " + start));
        }
        if (headerByte() != DEFLATE) {
            throw new IOException(INVALID + "a compression method other than deflate");
        }
        int flags = headerByte();
        if ((flags & RESERVED) != 0) {
            throw new IOException(INVALID + "its header sets reserved flags");
        }
        for (int i = 0; i < 6; i++) {
            headerByte(); // modification time, extra flags, operating system
        }
        if ((flags & FEXTRA) != 0) {
            int length = headerByte() | headerByte() << 8;
            for (int i = 0; i < length; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                // the original file name, unused
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                // a comment, unused
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) (headerCrc.getValue() & 0xffff);
            int actual = headerByte() | headerByte() << 8;
            if (actual != expected) {
                throw new IOException(INVALID + "its header checksum does not match");
            }
        }
        inflater.reset();
        crc.reset();
        memberOut = 0;
        inflater.setInput(buf, pos, limit - pos);
        pos = limit;
    }

    private int headerByte() throws IOException {
        if (pos == limit && !fill()) {
            throw truncated("a gzip header");
        }
        int b = buf[pos++] & 0xff;
        headerCrc.update(b);
        return b;
    }

    /** A little-endian 32-bit field of the trailer. */
    private long readInt(String where) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            if (pos == limit && !fill()) {
                throw truncated(where);
            }
            v |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    /** Reads more input into an empty buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        totalRead += n;
        return true;
    }

    private static IOException truncated(String where) {
        return new IOException(INVALID + "truncated, it ends inside " + where);
    }
}
