package io.ferry.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writers append to, with fast paths for ASCII text. Not thread-safe.
 */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The internal array; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /**
     * The bytes written: the internal array itself when they fill it exactly, so that a sink sized
     * right hands over its bytes without a copy; else a copy. Nothing is to be written after.
     */
    public byte[] finish() {
        return size == buf.length ? buf : toByteArray();
    }

    /** Makes room for {@code n} more bytes. */
    public void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    public ByteSink write(int b) {
        if (size == buf.length) {
            ensure(1);
        }
        buf[size++] = (byte) b;
        return this;
    }

    public ByteSink write(byte[] b) {
        return write(b, 0, b.length);
    }

    public ByteSink write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Appends a string known to be ASCII (names, numbers, keywords). */
    @SuppressWarnings("deprecation") // the one String copy into a byte[] that neither encodes nor allocates
    public ByteSink writeAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, size);
        size += n;
        return this;
    }

    /** Appends a string as UTF-8. */
    public ByteSink writeUtf8(String s) {
        int n = s.length();
        ensure(n);
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = p;
                return write(s.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            buf[p++] = (byte) c;
        }
        size = p;
        return this;
    }

    /**
     * Appends {@code s} if it is ASCII without a backslash, a newline, or (with {@code quotes}) a
     * double quote, and says whether it did; otherwise appends nothing. One pass over the common
     * label value, for the text writers' escaping.
     */
    public boolean tryWritePlainAscii(String s, boolean quotes) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '\n' || c == '"' && quotes) {
                return false;
            }
            b[p++] = (byte) c;
        }
        size = p;
        return true;
    }

    /** Appends the decimal digits of {@code v}. */
    public ByteSink writeLong(long v) {
        if (v >= 0 && v < 10) {
            return write((int) ('0' + v));
        }
        if (v == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int p = size + digits;
        size = p;
        // Two digits per division: half the divisions of the plain loop.
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = DIGIT_PAIRS[2 * r + 1];
            buf[--p] = DIGIT_PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = DIGIT_PAIRS[2 * (int) v + 1];
            buf[--p] = DIGIT_PAIRS[2 * (int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
        return this;
    }

    /**
     * Counts {@code n} bytes that the caller wrote straight into {@link #array()} after the current
     * end, once {@link #ensure} made room for them: for encoders that write a measured record in one
     * pass without a bounds check per byte.
     */
    public void advance(int n) {
        if (n < 0 || size + n > buf.length) {
            throw new IndexOutOfBoundsException("advancing " + n + " bytes from " + size + " in " + buf.length);
        }
        size += n;
    }

    /** Appends {@code len} bytes that this sink already holds at {@code from}, e.g. a repeated series prefix. */
    public ByteSink copyWithin(int from, int len) {
        ensure(len);
        System.arraycopy(buf, from, buf, size, len);
        size += len;
        return this;
    }

    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int digits(long v) {
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (v < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }
}
