package io.ferry.remotewrite.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes {@code [from, to)} of a file as a stream, read with positional reads so the channel's
 * own position is left alone. Bounded because the writer may be appending past {@code to}: a reader
 * must not see a record before it is forced. Not thread-safe; does not close the channel.
 */
public final class BoundedChannelStream extends InputStream {
    private final FileChannel channel;
    private final long to;
    private long position;

    public BoundedChannelStream(FileChannel channel, long from, long to) {
        this.channel = channel;
        this.position = from;
        this.to = to;
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
        long left = to - position;
        if (left <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }
}
