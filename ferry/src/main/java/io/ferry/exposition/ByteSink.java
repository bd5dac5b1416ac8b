package io.ferry.exposition;

import java.io.IOException;
import java.io.OutputStream;
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

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
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

    /** Appends the decimal digits of {@code v}. */
    public ByteSink writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
        return this;
    }
}
