package io.ferry.exposition.internal;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Decompresses snappy's framing format (the stream format of golang/snappy's {@code Reader}, which
 * the Pushgateway reads for {@code Content-Encoding: snappy}): the stream identifier first, then
 * chunks of at most 64 KiB of data, compressed or not, each with the masked CRC-32C of its data,
 * checked. As in Go, an empty body is an empty stream, padding and skippable chunks are skipped,
 * and a reserved unskippable chunk is an error. A chunk's declared length is checked against the
 * format's bounds before it is read, so a few bytes cannot make the reader allocate more than its
 * two buffers (about 140 KiB). The blocks are decompressed by snappy-java. Every failure is an
 * {@link IOException} whose message starts with {@code the body is not valid snappy (framed): }.
 *
 * <pre>{@code
 * InputStream plain = new SnappyFramedStream(body);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class SnappyFramedStream extends InputStream {
    private static final String INVALID = "the body is not valid snappy (framed): ";
    private static final int MAX_BLOCK = 65_536;
    private static final int MAX_CHUNK = 4 + Snappy.maxCompressedLength(MAX_BLOCK);
    private static final byte[] IDENTIFIER = {'s', 'N', 'a', 'P', 'p', 'Y'};

    private final InputStream in;
    private byte[] chunk; // a chunk's checksum and payload, as read
    private byte[] block; // its data, decompressed
    private int pos;
    private int end;
    private boolean started;
    private long offset; // bytes of the body read, for the messages

    public SnappyFramedStream(InputStream body) {
        this.in = body;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == end) {
            if (!nextChunk()) {
                return -1;
            }
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Reads the next chunk; false at the end of the body, which may only come between chunks. */
    private boolean nextChunk() throws IOException {
        long at = offset;
        int type = in.read();
        if (type < 0) {
            return false;
        }
        offset++;
        int length = readByte() | readByte() << 8 | readByte() << 16;
        if (!started && type != 0xff) {
            throw invalid("it does not begin with the stream identifier");
        }
        if (type == 0xff) {
            if (length != IDENTIFIER.length) {
                throw invalid("a stream identifier of " + length + " bytes at byte " + at);
            }
            byte[] id = readFully(new byte[IDENTIFIER.length], length);
            if (!java.util.Arrays.equals(id, IDENTIFIER)) {
                throw invalid("a bad stream identifier at byte " + at);
            }
            started = true;
        } else if (type == 0x00 || type == 0x01) {
            int max = type == 0x00 ? MAX_CHUNK : 4 + MAX_BLOCK;
            if (length < 4 || length > max) {
                throw invalid("a chunk of " + length + " bytes at byte " + at + ", outside 4 to " + max);
            }
            chunk = chunk == null ? new byte[MAX_CHUNK] : chunk;
            block = block == null ? new byte[MAX_BLOCK] : block;
            readFully(chunk, length);
            int n = type == 0x00 ? uncompress(length, at) : copy(length);
            CRC32C crc = new CRC32C();
            crc.update(block, 0, n);
            int c = (int) crc.getValue();
            int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
            int stored = chunk[0] & 0xFF | (chunk[1] & 0xFF) << 8 | (chunk[2] & 0xFF) << 16 | (chunk[3] & 0xFF) << 24;
            if (masked != stored) {
                throw invalid("the checksum of the chunk at byte " + at + " does not match its data");
            }
            pos = 0;
            end = n;
        } else if (type <= 0x7f) {
            throw invalid("a reserved unskippable chunk (type " + type + ") at byte " + at);
        } else {
            skip(length); // padding or a skippable chunk
        }
        return true;
    }

    private int uncompress(int length, long at) throws IOException {
        try {
            int n = Snappy.uncompressedLength(chunk, 4, length - 4);
            if (n > MAX_BLOCK) {
                throw invalid("the chunk at byte " + at + " holds " + n + " bytes, over " + MAX_BLOCK);
            }
            return Snappy.uncompress(chunk, 4, length - 4, block, 0);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(INVALID)) {
                throw e;
            }
            throw invalid("corrupt compressed data in the chunk at byte " + at + " (" + e.getMessage() + ")");
        }
    }

    private int copy(int length) {
        System.arraycopy(chunk, 4, block, 0, length - 4);
        return length - 4;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw invalid("it ends inside a chunk header, at byte " + offset);
        }
        offset++;
        return b;
    }

    private byte[] readFully(byte[] into, int length) throws IOException {
        int n = in.readNBytes(into, 0, length);
        offset += n;
        if (n < length) {
            throw invalid("it ends inside a chunk, at byte " + offset);
        }
        return into;
    }

    private void skip(int length) throws IOException {
        byte[] scratch = new byte[Math.min(length, 8192)];
        for (int left = length; left > 0; ) {
            int n = in.read(scratch, 0, Math.min(left, scratch.length));
            if (n < 0) {
                throw invalid("it ends inside a skippable chunk, at byte " + offset);
            }
            offset += n;
            left -= n;
        }
    }

    private static IOException invalid(String why) {
        return new IOException(INVALID + why);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
