package io.ferry.statsd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a TCP stream into runs of whole lines, with a bound on the length of a line: {@link #readFrom}
 * reads bytes straight into the framer's buffer after the start of the unfinished line, and
 * {@link #received} passes every run of complete lines ({@code \n} included) to a sink and keeps
 * the start of the unfinished line.
 *
 * <pre>{@code
 * LineFramer f = new LineFramer(64 * 1024);
 * int n = f.readFrom(in);
 * if (n < 0) f.end(sink); else if (!f.received(n, sink)) close();   // a line was too long
 * }</pre>
 *
 * <p>A line is too long when more than {@code maxLineBytes} bytes come before its {@code \n}, or
 * before the end of what was read for a line not yet ended: the complete lines before it are
 * passed on first, then {@link #received} says no and the framer is done. The buffer starts small
 * and grows to at most {@code maxLineBytes + 1}. Not thread-safe: one per connection.
 */
public final class LineFramer {
    private static final int FIRST_BUFFER = 16 * 1024;

    /** Takes whole lines, {@code buf[0, len)}, each ending in {@code \n}; the bytes are the framer's until it returns. */
    @FunctionalInterface
    public interface Sink {
        void lines(byte[] buf, int len) throws InterruptedException;
    }

    private final int maxLineBytes;
    private byte[] buf;
    private int held;

    public LineFramer(int maxLineBytes) {
        this(maxLineBytes, FIRST_BUFFER);
    }

    /** As the other constructor, with a buffer that starts at {@code firstBuffer} bytes (tests grow it early). */
    public LineFramer(int maxLineBytes, int firstBuffer) {
        if (maxLineBytes < 1 || firstBuffer < 1) {
            throw new IllegalArgumentException("maxLineBytes and firstBuffer must be at least 1, not "
                    + maxLineBytes + " and " + firstBuffer);
        }
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[Math.min(firstBuffer, maxLineBytes + 1)];
    }

    /**
     * One read from {@code in} after the bytes held, the buffer grown first when they fill it: the
     * count read, for {@link #received}, or -1 at the end of the stream.
     */
    public int readFrom(InputStream in) throws IOException {
        if (held == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
        }
        return in.read(buf, held, buf.length - held);
    }

    /**
     * Takes the {@code n} bytes {@link #readFrom} read; passes the complete lines to
     * {@code sink}. Returns false when a line is longer than the limit (the lines before it were
     * passed on).
     */
    public boolean received(int n, Sink sink) throws InterruptedException {
        int end = held + n;
        int lineStart = 0;  // what is held has no newline: it is the start of one line
        boolean tooLong = false;
        for (int i = held; i < end && !tooLong; i++) {
            if (buf[i] == '\n') {
                tooLong = i - lineStart > maxLineBytes;
                lineStart = tooLong ? lineStart : i + 1;
            }
        }
        tooLong |= end - lineStart > maxLineBytes;
        if (lineStart > 0) {
            sink.lines(buf, lineStart);
            System.arraycopy(buf, lineStart, buf, 0, end - lineStart);
        }
        held = end - lineStart;
        return !tooLong;
    }

    /** The stream ended: a last line without a newline is passed on with one, as a reader at EOF takes it. */
    public void end(Sink sink) throws InterruptedException {
        if (held > 0) {
            byte[] last = Arrays.copyOf(buf, held + 1);
            last[held] = '\n';
            held = 0;
            sink.lines(last, last.length);
        }
    }
}
