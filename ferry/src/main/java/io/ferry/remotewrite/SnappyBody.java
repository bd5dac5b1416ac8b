package io.ferry.remotewrite;

import io.ferry.wire.ByteSink;
import io.ferry.remotewrite.internal.SnappyCompressor;

/**
 * The snappy-compressed (block format) body of one remote write request, in an array that is
 * reused from request to request and grows only when a request needs more room.
 *
 * <pre>{@code
 * SnappyBody body = new SnappyBody();
 * body.compress(encoder.sink());
 * sender.send(body.array(), body.length());
 * }</pre>
 *
 * <p>Not thread-safe: one per batch being sent. The array is valid until the next
 * {@link #compress}.
 */
public final class SnappyBody {
    private final SnappyCompressor compressor;
    private byte[] buf = new byte[0];
    private int length;

    public SnappyBody() {
        this(SnappyCompressor.standard());
    }

    SnappyBody(SnappyCompressor compressor) {
        this.compressor = compressor;
    }

    /** Replaces the body with the compressed content of {@code raw}. */
    public void compress(ByteSink raw) {
        int max = compressor.maxCompressedLength(raw.size());
        if (buf.length < max) {
            buf = new byte[max + (max >>> 3)];
        }
        length = compressor.compress(raw.array(), raw.size(), buf);
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }
}
