package io.ferry.exposition.internal;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ParseLimits;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a body into lines as it streams in, enforcing the line and body limits while reading.
 * After {@link #next()} returns true the current line is {@code buf[start, end)} without its
 * {@code \n}. A body given as an array is read in place, without copying. Not thread-safe.
 */
public final class LineReader {
    private final InputStream in;
    private final ParseLimits limits;
    private byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private long consumed;

    /** The current line: {@code buf[start, end)}. */
    public int start;
    public int end;
    /** 1-based number of the current line. */
    public long lineNo;
    /** Changes whenever bytes move in {@link #buf()}, so offsets into earlier lines go stale. */
    public int generation;

    public LineReader(InputStream in, ParseLimits limits) {
        this.in = in;
        this.limits = limits;
        this.buf = new byte[(int) Math.min(64 * 1024, Math.max(1024, (long) limits.maxLineBytes() + 1))];
    }

    public LineReader(byte[] body, ParseLimits limits) throws ExpositionException {
        if (body.length > limits.maxBodyBytes()) {
            throw bodyTooLarge(limits);
        }
        this.in = null;
        this.limits = limits;
        this.buf = body;
        this.lim = body.length;
        this.eof = true;
        this.consumed = body.length;
    }

    public byte[] buf() {
        return buf;
    }

    public boolean next() throws ExpositionException {
        int scanned = 0; // bytes after pos already searched for a newline
        while (true) {
            int nl = indexOfNewline(pos + scanned, lim);
            if (nl >= 0) {
                return setLine(nl, nl + 1);
            }
            scanned = lim - pos;
            if (eof) {
                return pos < lim && setLine(lim, lim);
            }
            fill();
        }
    }

    private boolean setLine(int lineEnd, int nextPos) throws ExpositionException {
        lineNo++;
        if (lineEnd - pos > limits.maxLineBytes()) {
            throw new ExpositionException(lineNo, 1,
                    "line is longer than the limit of " + limits.maxLineBytes() + " bytes");
        }
        start = pos;
        end = lineEnd;
        pos = nextPos;
        return true;
    }

    private int indexOfNewline(int from, int to) {
        return Swar.indexOfNewline(buf, from, to);
    }

    private void fill() throws ExpositionException {
        generation++;
        int pending = lim - pos;
        if (pending > limits.maxLineBytes()) {
            throw new ExpositionException(lineNo + 1, 1,
                    "line is longer than the limit of " + limits.maxLineBytes() + " bytes");
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
            pos = 0;
            lim = pending;
        }
        if (lim == buf.length) {
            int cap = (int) Math.min((long) buf.length * 2, (long) limits.maxLineBytes() + 1);
            buf = java.util.Arrays.copyOf(buf, Math.max(cap, buf.length + 1));
        }
        int n;
        try {
            n = in.read(buf, lim, buf.length - lim);
        } catch (IOException e) {
            throw new ExpositionException("reading the body failed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ExpositionException("reading the body failed: " + e);
        }
        if (n < 0) {
            eof = true;
            return;
        }
        consumed += n;
        if (consumed > limits.maxBodyBytes()) {
            throw bodyTooLarge(limits);
        }
        lim += n;
    }

    private static ExpositionException bodyTooLarge(ParseLimits limits) {
        return ExpositionException.bodyTooLarge(limits.maxBodyBytes());
    }
}
