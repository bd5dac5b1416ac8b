package io.ferry.exposition.internal;

import org.xerial.snappy.SnappyFramedInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Decompresses snappy's framing format (the stream format of golang/snappy's {@code Reader}, which
 * the Pushgateway reads for {@code Content-Encoding: snappy}) with snappy-java's reader, checksums
 * checked. As in Go, an empty body is an empty stream; otherwise it must begin with the stream
 * identifier. Every failure is an {@link IOException} whose message starts with
 * {@code the body is not valid snappy (framed): }.
 *
 * <pre>{@code
 * InputStream plain = new SnappyFramedStream(body);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class SnappyFramedStream extends InputStream {
    private static final String INVALID = "the body is not valid snappy (framed): ";

    private final PushbackInputStream raw;
    private InputStream frames; // opened at the first read, once the body is known not to be empty
    private boolean empty;

    public SnappyFramedStream(InputStream body) {
        this.raw = new PushbackInputStream(body, 1);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            if (frames == null && !empty) {
                int first = raw.read();
                if (first < 0) {
                    empty = true;
                } else {
                    raw.unread(first);
                    frames = new SnappyFramedInputStream(raw, true);
                }
            }
            return empty ? -1 : frames.read(b, off, len);
        } catch (IOException e) {
            throw new IOException(INVALID + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (frames != null) {
            frames.close();
        }
        raw.close();
    }
}
