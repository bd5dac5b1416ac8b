package io.ferry.exposition.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A {@link GZIPInputStream} that reads any number of concatenated gzip members in constant stack.
 * The JDK's reader starts each next member by calling its own {@code read} again, one nested call
 * per member that yields no byte, so a body of 100,000 empty members (2 MB) overflows the stack.
 * Here that nested call returns 0 at once and the outermost call loops instead. Not thread-safe.
 *
 * <pre>{@code
 * InputStream plain = new GzipMembersInputStream(body);   // the gzip header is read here
 * }</pre>
 */
public final class GzipMembersInputStream extends GZIPInputStream {
    private boolean reading;

    public GzipMembersInputStream(InputStream in) throws IOException {
        super(in, 8192);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (reading) {
            return 0; // the next member starts: the outermost call goes on with it
        }
        reading = true;
        try {
            int n;
            do {
                n = super.read(buf, off, len);
            } while (n == 0 && len > 0);
            return n;
        } finally {
            reading = false;
        }
    }
}
