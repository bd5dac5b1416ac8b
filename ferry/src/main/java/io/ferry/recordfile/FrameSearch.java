package io.ferry.recordfile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Looks past a bad record for frames that still check out: what tells damage (good records follow)
 * from a tail a crash tore (nothing good follows). A frame checks out when its length is at least one
 * byte, fits in the file, and its payload matches its CRC-32C; a random match is about one in 2^32.
 *
 * <p>The search tries every byte offset, so a stretch of garbage could make it checksum far more
 * than the file holds; its work is bounded, and a search that runs out says so instead of guessing.
 * Not thread-safe; used once, at open, on a file nobody appends to.
 */
final class FrameSearch {
    private static final int WINDOW = 1 << 20;

    /**
     * What follows a bad record.
     *
     * @param first   where the first frame that checks out begins, or -1 when none does
     * @param records frames that check out, read one after another and again after each bad stretch
     * @param bytes   their bytes, headers included
     * @param zeros   whether everything from the bad record on is zero bytes (what a power loss can leave)
     * @param gaveUp  whether the search ran out of work before the end: more may follow
     */
    record Found(long first, long records, long bytes, boolean zeros, boolean gaveUp) {
        boolean any() {
            return records > 0 || gaveUp;
        }
    }

    private final FileChannel ch;
    private final long end;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart;
    private final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();

    private FrameSearch(FileChannel ch, long end) {
        this.ch = ch;
        this.end = end;
        window.limit(0);
    }

    /** Searches {@code ch} from just after {@code bad}, where a record failed, to {@code end}. */
    static Found after(FileChannel ch, long bad, long end) throws IOException {
        return new FrameSearch(ch, end).search(bad);
    }

    private Found search(long bad) throws IOException {
        // Sixteen checksummed bytes per byte searched, and never less than 256 MiB: a second or so.
        long budget = Math.max(256L << 20, 16 * (end - bad));
        long first = -1;
        long records = 0;
        long bytes = 0;
        for (long p = bad + 1; p + RecordFrame.HEADER_BYTES < end; ) {
            int length = intAt(p);
            if (length < 1 || length > end - p - RecordFrame.HEADER_BYTES) {
                p++;
                continue;
            }
            if (length > budget) {
                return new Found(first, records, bytes, false, true);
            }
            budget -= length;
            if (checksum(p + RecordFrame.HEADER_BYTES, length) == intAt(p + 4)) {
                first = first < 0 ? p : first;
                records++;
                bytes += RecordFrame.HEADER_BYTES + length;
                p += RecordFrame.HEADER_BYTES + length;
            } else {
                p++;
            }
        }
        return new Found(first, records, bytes, records == 0 && allZero(bad), false);
    }

    /** Whether the bytes from {@code from} to the end are all zero. */
    private boolean allZero(long from) throws IOException {
        for (long p = from; p < end; p++) {
            if (byteAt(p) != 0) {
                return false;
            }
        }
        return true;
    }

    private int byteAt(long p) throws IOException {
        fill(p, 1);
        return window.get((int) (p - windowStart)) & 0xFF;
    }

    private int intAt(long p) throws IOException {
        fill(p, 4);
        return window.getInt((int) (p - windowStart));
    }

    /** Makes {@code [p, p+n)} readable in the window. */
    private void fill(long p, int n) throws IOException {
        if (p >= windowStart && p + n <= windowStart + window.limit()) {
            return;
        }
        window.clear();
        windowStart = p;
        while (window.position() < n) {
            if (ch.read(window, p + window.position()) < 0) {
                throw new EOFException("the file ended at byte " + (p + window.position()) + " while searching it");
            }
        }
        window.flip();
    }

    private int checksum(long from, int length) throws IOException {
        crc.reset();
        long p = from;
        long to = from + length;
        if (p >= windowStart && to <= windowStart + window.limit()) {
            crc.update(window.slice((int) (p - windowStart), length));
            return (int) crc.getValue();
        }
        while (p < to) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - p));
            int n = ch.read(chunk, p);
            if (n < 0) {
                throw new EOFException("the file ended at byte " + p + " while searching it");
            }
            crc.update(chunk.flip());
            p += n;
        }
        return (int) crc.getValue();
    }
}
