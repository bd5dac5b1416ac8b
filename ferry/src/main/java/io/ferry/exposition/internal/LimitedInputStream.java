package io.ferry.exposition.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a stream and fails once more than a limit have been read. Wrapped
 * around a decompressing stream it bounds the decompressed size, however small the compressed
 * body. Skipping is done by reading, so skipped bytes count too. Not thread-safe.
 */
public final class LimitedInputStream extends InputStream {

    /** Thrown by reads once the stream has delivered more than its limit. */
    public static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        LimitExceededException(long limit) {
            super("more than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private final InputStream in;
    private final long limit;
    private long count;

    public LimitedInputStream(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The bytes delivered so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        checkRoom();
        int b = in.read();
        if (b >= 0) {
            count++;
            checkRoom();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        checkRoom();
        // Ask for at most one byte past the limit: that byte, if it exists, proves the body too long.
        long room = limit - count;
        int n = in.read(b, off, room >= len ? len : (int) room + 1);
        if (n > 0) {
            count += n;
            checkRoom();
        }
        return n;
    }

    private void checkRoom() throws LimitExceededException {
        if (count > limit) {
            throw new LimitExceededException(limit);
        }
    }

    @Override
    public int available() throws IOException {
        long room = limit - count;
        int available = in.available();
        return room >= available ? available : (int) Math.max(0, room + 1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
