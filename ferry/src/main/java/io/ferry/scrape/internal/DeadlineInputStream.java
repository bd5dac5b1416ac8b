package io.ferry.scrape.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails every read once a deadline has passed, so whatever pulls bytes through it (a gzip reader,
 * a parser) stops within one read of the deadline. Readers may wrap the exception into their own
 * error, so {@link #passed()} says afterwards whether this is why they failed. Not thread-safe.
 *
 * <pre>{@code
 * DeadlineInputStream raw = new DeadlineInputStream(new ByteArrayInputStream(body), deadlineNanos);
 * try { parser.parse(Compression.decode(raw, encoding)); }
 * catch (ExpositionException e) { if (raw.passed()) ... timed out ... }
 * }</pre>
 */
public final class DeadlineInputStream extends FilterInputStream {
    private final long deadlineNanos;
    private boolean passed;

    /** @param deadlineNanos on the {@link System#nanoTime()} scale */
    public DeadlineInputStream(InputStream in, long deadlineNanos) {
        super(in);
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether a read was refused because the deadline had passed. */
    public boolean passed() {
        return passed;
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        return super.skip(n);
    }

    private void check() throws IOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            passed = true;
            throw new IOException("the deadline passed");
        }
    }
}
